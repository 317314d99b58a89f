package hud

import (
	"github.com/hajimehoshi/ebiten/v2"
	"image"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/ui"
)

// RoomCard shows, top left, the room you are in, how many people are here and in view, and how the
// connection stands.
type RoomCard struct {
	Env
	title, sub, status string
	x, y, w, h         float64
}

// Layout implements ui.Widget.
func (r *RoomCard) Layout(c *ui.Context) {
	f := c.Fonts
	m := r.M
	r.title = msg.T("The Embassy")
	inView := 0
	if m.Room != nil {
		r.title = m.Room.Name
		inView = m.Interp.Len()
	}
	r.sub = msg.T("%d in view", inView)
	if m.Room != nil {
		if n, ok := m.Occupants(m.Room.ID); ok {
			r.sub = msg.T("%d here  ·  %d in view", max(n, 1), inView)
		}
	}
	r.status = m.StatusLine()
	r.x, r.y = c.S(14), c.S(14)
	r.w = max(gfx.Measure(f.Title, r.title), gfx.Measure(f.Small, r.sub), gfx.Measure(f.Small, r.status)+c.S(16)) + c.S(28)
	r.h = gfx.LineHeight(f.Title) + 2*gfx.LineHeight(f.Small) + c.S(22)
}

// Update implements ui.Widget: clicks on the card go nowhere else.
// Bounds implements ui.Bounded.
func (r *RoomCard) Bounds() image.Rectangle { return rect(r.x, r.y, r.w, r.h) }

func (r *RoomCard) Update(c *ui.Context, in *ui.Input) { in.TakeMouse(rect(r.x, r.y, r.w, r.h)) }

// Draw implements ui.Widget.
func (r *RoomCard) Draw(dst *ebiten.Image, c *ui.Context) {
	f, s := c.Fonts, c.Scale
	dot := gfx.ColOK
	switch st := r.M.Status; {
	case st.State == session.Waiting:
		dot = gfx.ColError
	case st.State == session.Connecting || !r.M.Ready():
		dot = gfx.ColWarn
	}
	gfx.PanelBox(dst, r.x, r.y, r.w, r.h, s, false)
	gfx.DrawText(dst, r.title, f.Title, r.x+14*s, r.y+9*s, gfx.ColText, 0)
	yy := r.y + 11*s + gfx.LineHeight(f.Title)
	gfx.DrawText(dst, r.sub, f.Small, r.x+14*s, yy, gfx.ColDim, 0)
	yy += gfx.LineHeight(f.Small) + 2*s
	gfx.FillCircle(dst, r.x+18*s, yy+gfx.LineHeight(f.Small)/2, 4*s, dot)
	gfx.DrawText(dst, r.status, f.Small, r.x+28*s, yy, gfx.ColDim, 0)
}
