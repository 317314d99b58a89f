package render

import (
	"image/color"
	"math"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Tags draws a name tag over every avatar, then the speech bubbles, laid out so that no bubble hides
// a name tag or another bubble: a bubble that would land on one is stacked above it, and one that
// finds no room is drawn faint.
type Tags struct {
	cache   tagCache
	placed  []placed
	taken   []box
	pending []pendingBubble
}

// box is a rectangle in screen pixels.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) overlaps(o box) bool { return b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1 }

// pendingBubble is a bubble waiting for a place: its size and the point its tail aims at.
type pendingBubble struct {
	b      *session.Bubble
	lines  []string
	w, h   float64
	ax, ay float64 // tail tip: above the speaker's name tag
}

// placed is a bubble with its place.
type placed struct {
	pendingBubble
	x, y  float64 // top-left
	alpha float64
}

// Draw implements Layer.
func (t *Tags) Draw(dst *ebiten.Image, f *Frame) {
	s := f.Scale
	sw, sh := float64(dst.Bounds().Dx()), float64(dst.Bounds().Dy())
	t.taken, t.pending = t.taken[:0], t.pending[:0]
	for i := range f.Figures {
		fig := &f.Figures[i]
		sx, sy := f.Cam.ToScreen(fig.X, fig.Y)
		top := sy - (AvatarFootY-1)*f.Cam.Zoom
		if sx < -200 || sx > sw+200 || top < -100 || top > sh+100 {
			continue
		}
		tag := t.cache.get(f.Fonts, fig.Profile, fig.Self)
		tw, th := float64(tag.Bounds().Dx()), float64(tag.Bounds().Dy())
		tx, ty := math.Round(sx-tw/2), math.Round(top-th-2*s)
		op := &ebiten.DrawImageOptions{}
		op.GeoM.Translate(tx, ty)
		dst.DrawImage(tag, op)
		t.taken = append(t.taken, box{tx - 2*s, ty - 2*s, tx + tw + 2*s, ty + th + 2*s})
		if b := f.Model.Bubbles[fig.Slot]; b != nil {
			t.pending = append(t.pending, measureBubble(f.Fonts, b, sx, ty-4*s))
		}
	}
	t.placed = layoutBubbles(t.placed[:0], t.pending, t.taken, 6*s)
	for i := len(t.placed) - 1; i >= 0; i-- { // oldest first: the newest ends on top
		drawBubble(dst, f, &t.placed[i])
	}
}

// layoutBubbles places bubbles, newest first, each as low as it can go above its tail tip without
// overlapping a name tag or a bubble already placed; one that would leave the screen stays at its
// own spot, faint. taken is extended with the placed bubbles.
func layoutBubbles(out []placed, pending []pendingBubble, taken []box, gap float64) []placed {
	slices.SortFunc(pending, func(a, b pendingBubble) int { return b.b.At.Compare(a.b.At) })
	for _, p := range pending {
		x, y := p.ax-p.w/2, p.ay-p.h-7*gap/6
		alpha := 1.0
		for tries := 0; ; tries++ {
			cur := box{x, y, x + p.w, y + p.h}
			hit := -1
			for i, o := range taken {
				if cur.overlaps(o) {
					hit = i
					break
				}
			}
			if hit < 0 {
				break
			}
			if tries == 8 || taken[hit].y0-gap-p.h < 0 {
				y, alpha = p.ay-p.h-7*gap/6, 0.3
				break
			}
			y = taken[hit].y0 - gap - p.h
		}
		taken = append(taken, box{x, y, x + p.w, y + p.h})
		out = append(out, placed{pendingBubble: p, x: x, y: y, alpha: alpha})
	}
	return out
}

// measureBubble wraps a bubble's text (at most four lines) and sizes it.
func measureBubble(fonts *gfx.Fonts, b *session.Bubble, ax, ay float64) pendingBubble {
	s, face := fonts.Scale, fonts.Body
	maxW := 240 * s
	m := func(t string) float64 { return gfx.Measure(face, t) }
	lines := ui.Wrap(b.Text, maxW, m)
	if len(lines) > 4 {
		lines = append(lines[:3], ui.Ellipsize(lines[3]+" "+lines[4], maxW, m))
	}
	w := 0.0
	for _, l := range lines {
		w = max(w, m(l))
	}
	pad := 8 * s
	return pendingBubble{b: b, lines: lines, w: w + 2*pad, h: float64(len(lines))*gfx.LineHeight(face) + 2*pad - 2*s, ax: ax, ay: ay}
}

// drawBubble draws a placed speech bubble with its tail towards the speaker.
func drawBubble(dst *ebiten.Image, f *Frame, p *placed) {
	s, face, now := f.Scale, f.Fonts.Body, f.Now
	alpha := p.alpha * min(1, p.b.Until.Sub(now).Seconds()/0.6, now.Sub(p.b.At).Seconds()/0.15+0.2)
	if alpha <= 0 {
		return
	}
	bg, fg := bubbleColours(p.b.Tone)
	gfx.FillRoundRect(dst, p.x+1.5*s, p.y+2*s, p.w, p.h, 9*s, gfx.WithAlpha(color.RGBA{0, 0, 0, 0x60}, alpha))
	gfx.FillRoundRect(dst, p.x, p.y, p.w, p.h, 9*s, gfx.WithAlpha(bg, alpha))
	tx := min(max(p.ax, p.x+12*s), p.x+p.w-12*s)
	gfx.DrawTail(dst, tx, p.y+p.h-1, s, gfx.WithAlpha(bg, alpha))
	lh := gfx.LineHeight(face)
	for i, l := range p.lines {
		gfx.DrawText(dst, l, face, p.x+p.w/2, p.y+8*s-2*s+float64(i)*lh, gfx.WithAlpha(fg, alpha), 1)
	}
}

// bubbleColours are a bubble's background and text colours by tone.
func bubbleColours(t session.Tone) (bg, fg color.RGBA) {
	bg, fg = color.RGBA{0xfb, 0xfb, 0xf7, 0xff}, color.RGBA{0x1d, 0x22, 0x2e, 0xff}
	switch t {
	case session.ToneWhisper:
		bg = color.RGBA{0xe6, 0xe0, 0xff, 0xff}
	case session.ToneShout:
		bg = color.RGBA{0xff, 0xe7, 0xb0, 0xff}
	case session.ToneEmote:
		bg = color.RGBA{0xdc, 0xf5, 0xd8, 0xff}
	case session.ToneAnnounce:
		bg = gfx.ColAccent
	}
	return bg, fg
}

// tagKey identifies a name tag image.
type tagKey struct {
	name string
	role pb.Role
	self bool
}

// tagCache holds rendered name tags for the current font scale.
type tagCache struct {
	scale float64
	tags  map[tagKey]*ebiten.Image
}

func (c *tagCache) get(f *gfx.Fonts, p *pb.Profile, self bool) *ebiten.Image {
	if c.scale != f.Scale || c.tags == nil || len(c.tags) > 2000 {
		for _, img := range c.tags {
			img.Deallocate()
		}
		c.scale, c.tags = f.Scale, map[tagKey]*ebiten.Image{}
	}
	k := tagKey{name: p.GetName(), role: p.GetRole(), self: self}
	if k.name == "" {
		k.name = "…"
	}
	if img, ok := c.tags[k]; ok {
		return img
	}
	img := renderTag(f, k)
	c.tags[k] = img
	return img
}

// renderTag draws a name tag: a dark pill with the name, a coloured role badge, a gold edge for you.
func renderTag(f *gfx.Fonts, k tagKey) *ebiten.Image {
	s := f.Scale
	face := f.TagFace
	pad := 6 * s
	badge, badgeCol := "", gfx.ColDiplomat
	switch k.role {
	case pb.Role_ROLE_DIPLOMAT:
		badge = msg.T("DIPLOMAT")
	case pb.Role_ROLE_MODERATOR:
		badge, badgeCol = msg.T("MODERATOR"), gfx.ColModerator
	}
	small := &text.GoTextFace{Source: gfx.Bold, Size: 9 * s}
	bw := 0.0
	if badge != "" {
		bw = gfx.Measure(small, badge) + 10*s
	}
	nw := gfx.Measure(face, k.name)
	h := gfx.LineHeight(face) + 4*s
	w := nw + 2*pad
	if bw > 0 {
		w += bw + 4*s
	}
	img := ebiten.NewImage(int(math.Ceil(w))+2, int(math.Ceil(h))+2)
	gfx.FillRoundRect(img, 1, 1, w, h, h/2, color.RGBA{0x10, 0x13, 0x1c, 0xc8})
	if k.self {
		gfx.StrokeRoundRect(img, 1, 1, w, h, h/2, 1.5*s, gfx.ColAccent)
	}
	x := 1 + pad
	if bw > 0 {
		bh := gfx.LineHeight(small) + 3*s
		gfx.FillRoundRect(img, x-2*s, 1+(h-bh)/2, bw, bh, bh/2, badgeCol)
		gfx.DrawText(img, badge, small, x-2*s+bw/2, 1+(h-bh)/2+1.5*s, color.White, 1)
		x += bw + 4*s
	}
	clr := gfx.ColText
	if k.self {
		clr = color.RGBA{0xff, 0xe7, 0xa8, 0xff}
	}
	gfx.DrawText(img, k.name, face, x, 1+2*s, clr, 0)
	return img
}
