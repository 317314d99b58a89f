package hud

import (
	"fmt"
	"image"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/ui"
)

// AvatarMenu is what a right click on a person opens: their name, and your volume for their voice
// (quieter, louder with the buttons or - and +, muted for you alone with M). Esc or a click
// elsewhere closes it.
type AvatarMenu struct {
	Env
	open         bool
	slot         uint32
	at           image.Point
	box          image.Rectangle
	down, up     image.Rectangle
	mute         image.Rectangle
	name, volume string
}

// Show opens the menu for the avatar in slot, at screen point at.
func (m *AvatarMenu) Show(slot uint32, at image.Point) { m.open, m.slot, m.at = true, slot, at }

// Open implements ui.Modal.
func (m *AvatarMenu) Open() bool { return m.open }

// Layout implements ui.Widget.
func (m *AvatarMenu) Layout(c *ui.Context) {
	if !m.open {
		return
	}
	p := m.M.Profiles[m.slot]
	if p == nil {
		m.open = false // they left
		return
	}
	m.name = p.GetName()
	if b := session.RoleBadge(p.GetRole()); b != "" {
		m.name += "  ·  " + b
	}
	m.volume = msg.T("Voice volume: %d%%", int(m.M.Voice.VolumeOf(m.slot)*100+0.5))
	f := c.Fonts
	w := max(gfx.Measure(f.Bold, m.name), gfx.Measure(f.Body, m.volume)+c.S(70), c.S(200)) + c.S(28)
	row := gfx.LineHeight(f.Body) + c.S(12)
	h := gfx.LineHeight(f.Bold) + 2*row + c.S(30)
	x := min(float64(m.at.X), float64(c.Screen.Dx())-w-c.S(8))
	y := min(float64(m.at.Y), float64(c.Screen.Dy())-h-c.S(8))
	m.box = rect(x, y, w, h)
	ry := y + gfx.LineHeight(f.Bold) + c.S(18)
	m.down = rect(x+w-c.S(72), ry, c.S(28), row)
	m.up = rect(x+w-c.S(38), ry, c.S(28), row)
	m.mute = rect(x+c.S(14), ry+row+c.S(4), w-c.S(28), row)
}

// Update implements ui.Widget.
func (m *AvatarMenu) Update(c *ui.Context, in *ui.Input) {
	if !m.open {
		return
	}
	vol := m.M.Voice.VolumeOf(m.slot)
	switch {
	case in.Take(ui.Cancel):
		m.open = false
	case in.TakeClick(m.down), in.Take(ui.ZoomOut):
		m.Act.SetVolume(m.slot, vol-0.25)
	case in.TakeClick(m.up), in.Take(ui.ZoomIn):
		m.Act.SetVolume(m.slot, vol+0.25)
	case in.TakeClick(m.mute), in.Take(ui.Mute):
		if vol == 0 {
			m.Act.SetVolume(m.slot, 1)
		} else {
			m.Act.SetVolume(m.slot, 0)
		}
	case in.TakeClick(m.box):
	case in.Clicked():
		m.open = false
	}
}

// Draw implements ui.Widget.
func (m *AvatarMenu) Draw(dst *ebiten.Image, c *ui.Context) {
	if !m.open {
		return
	}
	f, s := c.Fonts, c.Scale
	b := m.box
	gfx.FillRoundRect(dst, float64(b.Min.X), float64(b.Min.Y), float64(b.Dx()), float64(b.Dy()), 10*s, gfx.ColPanelSolid)
	gfx.StrokeRoundRect(dst, float64(b.Min.X), float64(b.Min.Y), float64(b.Dx()), float64(b.Dy()), 10*s, 2*s, gfx.ColAccent)
	gfx.DrawText(dst, m.name, f.Bold, float64(b.Min.X)+14*s, float64(b.Min.Y)+10*s, gfx.ColText, 0)
	gfx.DrawText(dst, m.volume, f.Body, float64(b.Min.X)+14*s, float64(m.down.Min.Y)+6*s, gfx.ColDim, 0)
	button := func(r image.Rectangle, label string) {
		gfx.FillRoundRect(dst, float64(r.Min.X), float64(r.Min.Y), float64(r.Dx()), float64(r.Dy()), 6*s, gfx.ColPanelEdge)
		gfx.DrawText(dst, label, f.Bold, float64(r.Min.X)+float64(r.Dx())/2, float64(r.Min.Y)+6*s, gfx.ColText, 1)
	}
	button(m.down, "−")
	button(m.up, "+")
	label := msg.T("M  ·  Mute their voice for me")
	if m.M.Voice.VolumeOf(m.slot) == 0 {
		label = msg.T("M  ·  Hear their voice again")
	}
	button(m.mute, label)
}

// String describes the menu (for tests and logs).
func (m *AvatarMenu) String() string {
	return fmt.Sprintf("avatar menu for slot %d (open %v)", m.slot, m.open)
}
