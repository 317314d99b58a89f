package hud

import (
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/world"
)

// Exhibit reads the open exhibit: its title, picture and text, word-wrapped and scrollable. Esc, E or
// a click outside closes it.
type Exhibit struct {
	Env
	of      *session.Exhibit // what lines and img were made for
	img     *ebiten.Image
	lines   []panelLine
	wrapW   float64
	scroll  float64 // pixels
	maxScrl float64
	page    float64
	panel   image.Rectangle
	body    image.Rectangle
	imgH    float64 // height the picture takes in the body, with its gap
	total   float64 // height of the whole body content
}

type panelLine struct {
	text  string
	face  *text.GoTextFace
	color color.Color
	gap   float64 // extra space before the line
	inset float64
}

// Open implements ui.Modal.
func (e *Exhibit) Open() bool { return e.M.Exhibit != nil }

// Layout implements ui.Widget: it places the panel and wraps the text to its width.
func (e *Exhibit) Layout(c *ui.Context) {
	ex := e.M.Exhibit
	if ex == nil {
		e.of, e.scroll = nil, 0
		return
	}
	f, s := c.Fonts, c.Scale
	e.panel = panelBox(c, 760, 10000)
	x, y, w, h := float64(e.panel.Min.X), float64(e.panel.Min.Y), float64(e.panel.Dx()), float64(e.panel.Dy())
	pad := 28 * s
	top := y + 36*s + gfx.LineHeight(f.Big) + 14*s
	e.body = image.Rect(int(x+pad), int(top), int(x+w-pad), int(y+h-34*s))
	bw := float64(e.body.Dx()) - 14*s
	if e.of != ex {
		e.of, e.lines, e.wrapW, e.scroll = ex, nil, 0, 0
		if e.img != nil {
			e.img.Deallocate()
			e.img = nil
		}
		if ex.Image != nil {
			e.img = ebiten.NewImageFromImage(ex.Image)
		}
	}
	if e.wrapW != bw {
		e.wrapW = bw
		e.lines = wrapExhibit(f, ex, bw)
	}
	e.imgH = 0
	if e.img != nil {
		iw, ih := float64(e.img.Bounds().Dx()), float64(e.img.Bounds().Dy())
		k := min(bw/iw, float64(e.body.Dy())*0.45/ih, 2*s)
		e.imgH = ih*k + 16*s
	}
	e.total = e.imgH
	for _, l := range e.lines {
		e.total += l.gap + gfx.LineHeight(l.face)*1.15
	}
	e.page = float64(e.body.Dy()) * 0.9
	e.maxScrl = max(e.total-float64(e.body.Dy())+8*s, 0)
	e.scroll = min(max(e.scroll, 0), e.maxScrl)
}

// wrapExhibit sets the exhibit's blocks as lines of the given width.
func wrapExhibit(f *gfx.Fonts, ex *session.Exhibit, width float64) []panelLine {
	s := f.Scale
	var out []panelLine
	add := func(txt string, face *text.GoTextFace, clr color.Color, gap, inset float64, bullet bool) {
		m := func(x string) float64 { return gfx.Measure(face, x) }
		for i, l := range ui.Wrap(txt, width-inset, m) {
			pl := panelLine{text: l, face: face, color: clr, inset: inset}
			if i == 0 {
				pl.gap = gap
				if bullet {
					pl.text = "•  " + l
					pl.inset = inset - gfx.Measure(face, "•  ")
				}
			}
			out = append(out, pl)
		}
	}
	if !ex.Loaded {
		return nil
	}
	if ex.Err != "" {
		add(ex.Err, f.Body, gfx.ColError, 0, 0, false)
		return out
	}
	for i, b := range ex.Blocks {
		gap := 12 * s
		if i == 0 {
			gap = 0
		}
		switch b.Kind {
		case session.BlockHeading:
			add(b.Text, f.Title, gfx.ColAccent, gap+8*s, 0, false)
		case session.BlockBullet:
			add(b.Text, f.Body, gfx.ColText, gap/2, 22*s, true)
		default:
			add(b.Text, f.Body, gfx.ColText, gap, 0, false)
		}
	}
	return out
}

// Bounds implements ui.Bounded: the whole screen while open (a click outside closes it).
func (e *Exhibit) Bounds() image.Rectangle {
	if e.M.Exhibit == nil {
		return image.Rectangle{}
	}
	return image.Rect(-1<<20, -1<<20, 1<<20, 1<<20)
}

// Update implements ui.Widget.
func (e *Exhibit) Update(c *ui.Context, in *ui.Input) {
	if e.M.Exhibit == nil {
		return
	}
	line := 40 * c.Scale
	switch a, _ := in.TakeAny(ui.Cancel, ui.Read, ui.Down, ui.Up, ui.PageDown, ui.Select, ui.PageUp, ui.Home, ui.End); a {
	case ui.Cancel, ui.Read:
		e.Act.CloseExhibit()
		return
	case ui.Down:
		e.scroll += line
	case ui.Up:
		e.scroll -= line
	case ui.PageDown, ui.Select:
		e.scroll += e.page
	case ui.PageUp:
		e.scroll -= e.page
	case ui.Home:
		e.scroll = 0
	case ui.End:
		e.scroll = e.maxScrl
	}
	if dy := in.TakeWheel(e.panel); dy != 0 {
		e.scroll -= dy * line
	}
	e.scroll -= in.TakeDrag(e.panel)
	if in.Clicked() && !in.TakeClick(e.panel) {
		e.Act.CloseExhibit()
		in.TakeAllMouse()
		return
	}
	e.scroll = min(max(e.scroll, 0), e.maxScrl)
}

// Draw implements ui.Widget.
func (e *Exhibit) Draw(dst *ebiten.Image, c *ui.Context) {
	ex := e.M.Exhibit
	if ex == nil || e.of == nil {
		return
	}
	f, s := c.Fonts, c.Scale
	x, y, w, h := float64(e.panel.Min.X), float64(e.panel.Min.Y), float64(e.panel.Dx()), float64(e.panel.Dy())
	gfx.FillRoundRect(dst, 0, 0, float64(c.Screen.Dx()), float64(c.Screen.Dy()), 0, color.RGBA{0, 0, 0, 0x70})
	gfx.FillRoundRect(dst, x, y, w, h, 12*s, gfx.ColPanelSolid)
	gfx.StrokeRoundRect(dst, x, y, w, h, 12*s, 2*s, gfx.ColAccent)
	pad := 28 * s
	kind := msg.T("EXHIBIT")
	if ex.Zone.Kind == world.ZoneInfo {
		kind = msg.T("INFORMATION")
	}
	gfx.DrawText(dst, kind, f.Small, x+pad, y+18*s, gfx.ColAccent, 0)
	title := ui.Ellipsize(ex.Zone.Title, w-2*pad, func(t string) float64 { return gfx.Measure(f.Big, t) })
	gfx.DrawText(dst, title, f.Big, x+pad, y+36*s, gfx.ColText, 0)
	gfx.FillRoundRect(dst, x+pad, float64(e.body.Min.Y)-8*s, w-2*pad, 2*s, 1*s, gfx.ColPanelEdge)
	foot := ui.Ellipsize(msg.T("Esc or E to close  ·  Up/Down, PgUp/PgDn or the wheel to scroll"), w-2*pad, func(t string) float64 { return gfx.Measure(f.Small, t) })
	gfx.DrawText(dst, foot, f.Small, x+w/2, y+h-26*s, gfx.ColDim, 1)
	e.drawBody(dst, c)
}

// drawBody draws the picture and text, scrolled, clipped to the body, with a scroll bar.
func (e *Exhibit) drawBody(dst *ebiten.Image, c *ui.Context) {
	f, s := c.Fonts, c.Scale
	body := e.body
	clip := dst.SubImage(body).(*ebiten.Image)
	if !e.of.Loaded {
		gfx.DrawText(clip, msg.T("Loading..."), f.Body, float64(body.Min.X), float64(body.Min.Y)+10*s, gfx.ColDim, 0)
		return
	}
	cy := float64(body.Min.Y) - e.scroll
	if e.img != nil {
		iw, ih := float64(e.img.Bounds().Dx()), float64(e.img.Bounds().Dy())
		k := (e.imgH - 16*s) / ih
		op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
		op.GeoM.Scale(k, k)
		op.GeoM.Translate(float64(body.Min.X)+(e.wrapW-iw*k)/2, cy)
		clip.DrawImage(e.img, op)
		cy += e.imgH
	}
	for _, l := range e.lines {
		cy += l.gap
		lh := gfx.LineHeight(l.face) * 1.15
		if cy+lh >= float64(body.Min.Y) && cy <= float64(body.Max.Y) {
			gfx.DrawText(clip, l.text, l.face, float64(body.Min.X)+l.inset, cy, l.color, 0)
		}
		cy += lh
	}
	if e.maxScrl > 0 {
		bh := float64(body.Dy())
		th := max(bh*bh/(e.total+1), 24*s)
		ty := float64(body.Min.Y) + (bh-th)*e.scroll/e.maxScrl
		gfx.FillRoundRect(dst, float64(body.Max.X)-6*s, float64(body.Min.Y), 4*s, bh, 2*s, color.RGBA{0x30, 0x38, 0x4a, 0xff})
		gfx.FillRoundRect(dst, float64(body.Max.X)-6*s, ty, 4*s, th, 2*s, gfx.ColAccent)
	}
}
