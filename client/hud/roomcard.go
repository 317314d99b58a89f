package hud

import (
	"image"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// RoomCard shows, top left, the room you are in, how many people are here and in view, what staff
// set for it (locked, slow mode, only the stage heard), and how the connection stands.
type RoomCard struct {
	Env
	title, sub, status string
	rules              string // the room's settings, "" when none is on
	x, y, w, h         float64
}

// RoomRules describes what staff set for a room in a few words ("" when nothing is): locked, slow
// mode, only the stage heard.
func RoomRules(r *pb.RoomInfo) string {
	var parts []string
	if r.GetLocked() {
		parts = append(parts, msg.T("Locked"))
	}
	if n := r.GetSlowSeconds(); n > 0 {
		parts = append(parts, msg.T("Slow mode: %d s", n))
	}
	if r.GetAudienceMuted() {
		parts = append(parts, msg.T("Only the stage is heard"))
	}
	return strings.Join(parts, "  ·  ")
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
	r.rules = ""
	if m.Room != nil {
		r.rules = RoomRules(m.RoomInfo(m.Room.ID))
	}
	r.x, r.y = c.S(14), c.S(14)
	r.w = max(gfx.Measure(f.Title, r.title), gfx.Measure(f.Small, r.sub), gfx.Measure(f.Small, r.status)+c.S(16), gfx.Measure(f.Bold, r.rules)) + c.S(28)
	r.h = gfx.LineHeight(f.Title) + 2*gfx.LineHeight(f.Small) + c.S(22)
	if r.rules != "" {
		r.h += gfx.LineHeight(f.Bold) + c.S(2)
	}
}

// Bounds implements ui.Bounded.
func (r *RoomCard) Bounds() image.Rectangle { return rect(r.x, r.y, r.w, r.h) }

// Update implements ui.Widget: clicks on the card go nowhere else.
func (r *RoomCard) Update(c *ui.Context, in *ui.Input) { in.TakeMouse(rect(r.x, r.y, r.w, r.h)) }

// Draw implements ui.Widget.
func (r *RoomCard) Draw(dst *ebiten.Image, c *ui.Context) {
	f, s := c.Fonts, c.Scale
	dot := gfx.ColOK
	switch st := r.M.Status; {
	case st.State == session.Waiting, st.State == session.Ended:
		dot = gfx.ColError
	case st.State == session.Connecting || !r.M.Ready():
		dot = gfx.ColWarn
	}
	gfx.PanelBox(dst, r.x, r.y, r.w, r.h, s, false)
	gfx.DrawText(dst, r.title, f.Title, r.x+14*s, r.y+9*s, gfx.ColText, 0)
	yy := r.y + 11*s + gfx.LineHeight(f.Title)
	gfx.DrawText(dst, r.sub, f.Small, r.x+14*s, yy, gfx.ColDim, 0)
	yy += gfx.LineHeight(f.Small) + 2*s
	if r.rules != "" {
		gfx.DrawText(dst, r.rules, f.Bold, r.x+14*s, yy, gfx.ColWarn, 0)
		yy += gfx.LineHeight(f.Bold) + 2*s
	}
	gfx.FillCircle(dst, r.x+18*s, yy+gfx.LineHeight(f.Small)/2, 4*s, dot)
	gfx.DrawText(dst, r.status, f.Small, r.x+28*s, yy, gfx.ColDim, 0)
}
