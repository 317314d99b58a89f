package hud

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/ui"
)

// Prompt asks for one line before an action is taken (the reason for a kick, the room to move
// someone to): Enter or the OK button goes ahead, Esc or Cancel drops it. The avatar menu and the
// moderator panel open it through Ask, wired where they are mounted.
type Prompt struct {
	open        bool
	title, hint string
	field       ui.TextField
	done        func(text string)
	box         image.Rectangle
	input       image.Rectangle // the line typed in
	ok, cancel  image.Rectangle
}

// Ask opens the prompt: title says what will be done, hint what to type; done gets the line typed
// (perhaps empty) when the person goes ahead.
func (p *Prompt) Ask(title, hint string, done func(text string)) {
	p.open, p.title, p.hint, p.done = true, title, hint, done
	p.field = ui.TextField{Max: 200}
}

// Bounds implements ui.Bounded: the box, while open.
func (p *Prompt) Bounds() image.Rectangle {
	if !p.open {
		return image.Rectangle{}
	}
	return p.box
}

// Open implements ui.Modal.
func (p *Prompt) Open() bool { return p.open }

// Title returns what the open prompt asks (tests read it).
func (p *Prompt) Title() string { return p.title }

// Layout implements ui.Widget.
func (p *Prompt) Layout(c *ui.Context) {
	if !p.open {
		return
	}
	f := c.Fonts
	w := min(max(gfx.Measure(f.Bold, p.title)+c.S(48), c.S(420)), float64(c.Screen.Dx())-c.S(40))
	row := gfx.LineHeight(f.Body) + c.S(14)
	h := gfx.LineHeight(f.Bold) + gfx.LineHeight(f.Small) + 2*row + c.S(52)
	x, y := (float64(c.Screen.Dx())-w)/2, (float64(c.Screen.Dy())-h)/2
	p.box = rect(x, y, w, h)
	p.input = rect(x+c.S(14), y+c.S(28)+gfx.LineHeight(f.Bold)+gfx.LineHeight(f.Small), w-c.S(28), row)
	by := y + h - row - c.S(14)
	p.ok = rect(x+w-c.S(230), by, c.S(100), row)
	p.cancel = rect(x+w-c.S(120), by, c.S(106), row)
}

// Update implements ui.Widget.
func (p *Prompt) Update(c *ui.Context, in *ui.Input) {
	if !p.open {
		return
	}
	p.field.Edit(in)
	switch {
	case in.Take(ui.Submit), in.TakeClick(p.ok):
		p.open = false
		p.field.CommitPreedit()
		p.done(p.field.String())
	case in.Take(ui.Cancel), in.TakeClick(p.cancel):
		p.open = false
	case in.TakeClick(p.box):
	case in.Clicked():
		p.open = false
	}
	if p.open {
		c.WantText(&p.field, p.input) // a phone's keyboard
	}
}

// Draw implements ui.Widget.
func (p *Prompt) Draw(dst *ebiten.Image, c *ui.Context) {
	if !p.open {
		return
	}
	f, s := c.Fonts, c.Scale
	x, y, w := float64(p.box.Min.X), float64(p.box.Min.Y), float64(p.box.Dx())
	modalBox(dst, c, p.box)
	fit := func(t string, face *text.GoTextFace) string {
		return ui.Ellipsize(t, w-36*s, func(t string) float64 { return gfx.Measure(face, t) })
	}
	gfx.DrawText(dst, fit(p.title, f.Bold), f.Bold, x+18*s, y+14*s, gfx.ColAccent, 0)
	yy := y + 20*s + gfx.LineHeight(f.Bold)
	gfx.DrawText(dst, fit(p.hint, f.Small), f.Small, x+18*s, yy, gfx.ColDim, 0)
	r := p.input
	ix, iy, iw, ih := float64(r.Min.X), float64(r.Min.Y), float64(r.Dx()), float64(r.Dy())
	gfx.FillRoundRect(dst, ix, iy, iw, ih, 6*s, gfx.ColBackground)
	gfx.StrokeRoundRect(dst, ix, iy, iw, ih, 6*s, max(1, 1.5*s), gfx.ColFocus)
	drawTyped(dst, c, &p.field, ix+8*s, iy+7*s, iw-20*s)
	button(dst, c, p.ok, msg.T("Enter  ·  OK"), true)
	button(dst, c, p.cancel, msg.T("Esc  ·  Cancel"), false)
}
