package game

import (
	"bytes"
	"image"
	"image/color"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/embassy-project/embassy/client/game/link"
	"github.com/embassy-project/embassy/shared/world"
)

// Block is one paragraph of an exhibit text: a heading, a bullet or body text.
type Block struct {
	Kind BlockKind
	Text string
}

// BlockKind says how a Block is set.
type BlockKind int

// The kinds of text block.
const (
	BlockBody BlockKind = iota
	BlockHeading
	BlockBullet
)

// ParseExhibit splits exhibit text (Markdown-ish: "# Title", "## Heading", "- bullet", paragraphs
// separated by blank lines) into blocks. The first "# " line is dropped: the panel shows the title.
func ParseExhibit(src string) []Block {
	var out []Block
	var para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, Block{Kind: BlockBody, Text: strings.Join(para, " ")})
			para = nil
		}
	}
	titleSeen := false
	for _, line := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			flush()
		case strings.HasPrefix(t, "# ") && !titleSeen:
			flush()
			titleSeen = true
		case strings.HasPrefix(t, "#"):
			flush()
			out = append(out, Block{Kind: BlockHeading, Text: strings.TrimSpace(strings.TrimLeft(t, "#"))})
		case strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* "):
			flush()
			out = append(out, Block{Kind: BlockBullet, Text: strings.TrimSpace(t[2:])})
		default:
			para = append(para, strings.ReplaceAll(strings.ReplaceAll(t, "**", ""), "__", ""))
		}
	}
	flush()
	return out
}

// panelContent is what an exhibit panel loads in the background.
type panelContent struct {
	blocks []Block
	img    image.Image
	err    string
}

// exhibitPanel shows an exhibit's text (word-wrapped, scrollable) and image.
type exhibitPanel struct {
	zone    *world.Zone
	done    chan panelContent
	content *panelContent
	img     *ebiten.Image
	scroll  float64 // pixels
	maxScrl float64
	page    float64
	rect    image.Rectangle

	// Wrapped lines, recomputed when the width or scale changes.
	wrapW float64
	lines []panelLine
}

type panelLine struct {
	text  string
	face  *text.GoTextFace
	color color.Color
	gap   float64 // extra space before the line
	inset float64
}

func newExhibitPanel(z *world.Zone, files *link.WorldFS) *exhibitPanel {
	p := &exhibitPanel{zone: z, done: make(chan panelContent, 1)}
	go func() {
		var c panelContent
		b, err := files.ReadFile(z.TextFile)
		if err != nil {
			c.err = "This exhibit's text could not be loaded: " + err.Error()
		} else {
			c.blocks = ParseExhibit(string(b))
		}
		if z.Image != "" {
			if ib, err := files.ReadFile(z.Image); err == nil {
				if img, _, err := image.Decode(bytes.NewReader(ib)); err == nil {
					c.img = img
				}
			}
		}
		p.done <- c
	}()
	return p
}

func (p *exhibitPanel) update(g *Game, w *worldScene) {
	select {
	case c := <-p.done:
		p.content = &c
		if c.img != nil {
			p.img = ebiten.NewImageFromImage(c.img)
		}
	default:
	}
	line := 40 * g.scale
	switch {
	case inpututil.IsKeyJustPressed(ebiten.KeyEscape) || inpututil.IsKeyJustPressed(ebiten.KeyE):
		w.panel = nil
		return
	case repeatKey(ebiten.KeyArrowDown) || repeatKey(ebiten.KeyS):
		p.scroll += line
	case repeatKey(ebiten.KeyArrowUp) || repeatKey(ebiten.KeyW):
		p.scroll -= line
	case repeatKey(ebiten.KeyPageDown) || repeatKey(ebiten.KeySpace):
		p.scroll += p.page
	case repeatKey(ebiten.KeyPageUp):
		p.scroll -= p.page
	case inpututil.IsKeyJustPressed(ebiten.KeyHome):
		p.scroll = 0
	case inpututil.IsKeyJustPressed(ebiten.KeyEnd):
		p.scroll = p.maxScrl
	}
	if _, dy := ebiten.Wheel(); dy != 0 {
		p.scroll -= dy * line
	}
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		if mx, my := ebiten.CursorPosition(); !image.Pt(mx, my).In(p.rect) {
			w.panel = nil
			return
		}
	}
	p.scroll = min(max(p.scroll, 0), p.maxScrl)
}

// layout wraps the text to width.
func (p *exhibitPanel) layout(f *Fonts, width float64) {
	if p.content == nil || (p.wrapW == width && p.lines != nil) {
		return
	}
	p.wrapW, p.lines = width, nil
	s := f.scale
	add := func(txt string, face *text.GoTextFace, clr color.Color, gap, inset float64, bullet bool) {
		m := func(x string) float64 { return measure(face, x) }
		for i, l := range Wrap(txt, width-inset, m) {
			pl := panelLine{text: l, face: face, color: clr, inset: inset}
			if i == 0 {
				pl.gap = gap
				if bullet {
					pl.text = "•  " + l
					pl.inset = inset - measure(face, "•  ")
				}
			}
			p.lines = append(p.lines, pl)
		}
	}
	if p.content.err != "" {
		add(p.content.err, f.Body, colError, 0, 0, false)
		return
	}
	for i, b := range p.content.blocks {
		gap := 12 * s
		if i == 0 {
			gap = 0
		}
		switch b.Kind {
		case BlockHeading:
			add(b.Text, f.Title, colAccent, gap+8*s, 0, false)
		case BlockBullet:
			add(b.Text, f.Body, colText, gap/2, 22*s, true)
		default:
			add(b.Text, f.Body, colText, gap, 0, false)
		}
	}
}

// draw shows the panel centred on the screen.
func (p *exhibitPanel) draw(dst *ebiten.Image, f *Fonts, sw, sh int) {
	s := f.scale
	w := min(760*s, float64(sw)-60*s)
	h := float64(sh) - 100*s
	x, y := (float64(sw)-w)/2, 50*s
	p.rect = image.Rect(int(x), int(y), int(x+w), int(y+h))
	fillRoundRect(dst, 0, 0, float64(sw), float64(sh), 0, color.RGBA{0, 0, 0, 0x70})
	fillRoundRect(dst, x, y, w, h, 12*s, colPanelSolid)
	strokeRoundRect(dst, x, y, w, h, 12*s, 2*s, colAccent)

	pad := 28 * s
	kind := "EXHIBIT"
	if p.zone.Kind == world.ZoneInfo {
		kind = "INFORMATION"
	}
	drawText(dst, kind, f.Small, x+pad, y+18*s, colAccent, 0)
	drawText(dst, p.zone.Title, f.Big, x+pad, y+36*s, colText, 0)
	top := y + 36*s + lineHeight(f.Big) + 14*s
	fillRoundRect(dst, x+pad, top-8*s, w-2*pad, 2*s, 1*s, colPanelEdge)
	footer := 34 * s
	drawText(dst, "Esc or E to close  ·  Up/Down, PgUp/PgDn or the wheel to scroll", f.Small, x+w/2, y+h-footer+8*s, colDim, 1)

	// The body scrolls inside a clip rectangle: a sub-image of the screen.
	body := image.Rect(int(x+pad), int(top), int(x+w-pad), int(y+h-footer))
	clip := dst.SubImage(body).(*ebiten.Image)
	bw := float64(body.Dx()) - 14*s
	if p.content == nil {
		drawText(clip, "Loading...", f.Body, float64(body.Min.X), float64(body.Min.Y)+10*s, colDim, 0)
		return
	}
	p.layout(f, bw)
	cy := float64(body.Min.Y) - p.scroll
	if p.img != nil {
		iw, ih := float64(p.img.Bounds().Dx()), float64(p.img.Bounds().Dy())
		k := min(bw/iw, float64(body.Dy())*0.45/ih, 2*s)
		op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
		op.GeoM.Scale(k, k)
		op.GeoM.Translate(float64(body.Min.X)+(bw-iw*k)/2, cy)
		clip.DrawImage(p.img, op)
		cy += ih*k + 16*s
	}
	start := cy
	for _, l := range p.lines {
		cy += l.gap
		lh := lineHeight(l.face) * 1.15
		if cy+lh >= float64(body.Min.Y) && cy <= float64(body.Max.Y) {
			drawText(clip, l.text, l.face, float64(body.Min.X)+l.inset, cy, l.color, 0)
		}
		cy += lh
	}
	total := cy - start + (start - (float64(body.Min.Y) - p.scroll))
	p.page = float64(body.Dy()) * 0.9
	p.maxScrl = max(total-float64(body.Dy())+8*s, 0)
	if p.maxScrl > 0 { // scroll bar
		bh := float64(body.Dy())
		th := max(bh*bh/(total+1), 24*s)
		ty := float64(body.Min.Y) + (bh-th)*p.scroll/p.maxScrl
		fillRoundRect(dst, float64(body.Max.X)-6*s, float64(body.Min.Y), 4*s, bh, 2*s, color.RGBA{0x30, 0x38, 0x4a, 0xff})
		fillRoundRect(dst, float64(body.Max.X)-6*s, ty, 4*s, th, 2*s, colAccent)
	}
}
