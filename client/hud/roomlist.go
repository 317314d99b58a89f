package hud

import (
	"fmt"
	"image"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// RoomList shows, top right, every room with how many people are in it, a padlock on a locked one
// and a small clock on one in slow mode. Click a room, or focus the list (Tab) and choose with
// Up/Down and Enter, to go there. On a short screen (a phone held sideways) it is folded to its
// title until a click or tap on it, or the focus, opens it.
type RoomList struct {
	Env
	sel    int
	x, y   float64
	w, h   float64
	rowH   float64
	rows   []image.Rectangle
	head   image.Rectangle // the title, which folds and unfolds the list on a short screen
	folded bool            // only the title is shown
	open   bool            // unfolded by a click on a short screen
}

// shortScreen reports whether the screen is too short for the room list beside the voice bar and
// the minimap (a phone held sideways).
func shortScreen(c *ui.Context) bool { return float64(c.Screen.Dy()) < c.S(600) }

// Focusable implements ui.Focuser.
func (r *RoomList) Focusable() bool { return len(r.M.Rooms) > 0 }

// Layout implements ui.Widget.
func (r *RoomList) Layout(c *ui.Context) {
	n := len(r.M.Rooms)
	r.folded = shortScreen(c) && !r.open && !c.Focused(r)
	if r.folded {
		n = 0
	}
	r.rowH = gfx.LineHeight(c.Fonts.Body) + c.S(8)
	r.w = min(c.S(230), float64(c.Screen.Dx())*0.3)
	r.h = c.S(34) + float64(n)*r.rowH + c.S(6)
	r.x, r.y = float64(c.Screen.Dx())-r.w-c.S(14), c.S(14)
	r.head = rect(r.x, r.y, r.w, c.S(34))
	r.rows = r.rows[:0]
	yy := r.y + c.S(30)
	for range n {
		r.rows = append(r.rows, image.Rect(int(r.x+c.S(6)), int(yy), int(r.x+r.w-c.S(6)), int(yy+r.rowH)))
		yy += r.rowH
	}
	r.sel = min(r.sel, max(n-1, 0))
}

// Bounds implements ui.Bounded.
func (r *RoomList) Bounds() image.Rectangle {
	if len(r.M.Rooms) == 0 {
		return image.Rectangle{}
	}
	return rect(r.x, r.y, r.w, r.h)
}

// Update implements ui.Widget.
func (r *RoomList) Update(c *ui.Context, in *ui.Input) {
	rooms := r.M.Rooms
	for i, row := range r.rows {
		if in.TakeClick(row) {
			r.Act.Join(rooms[i].GetId())
			r.open = false
			c.FocusDefault()
			return
		}
	}
	if in.TakeClick(r.head) && shortScreen(c) {
		r.open = r.folded
	}
	if n := len(r.M.Rooms); n > 0 {
		in.TakeMouse(rect(r.x, r.y, r.w, r.h))
	}
	if !c.Focused(r) || len(rooms) == 0 {
		return
	}
	n := len(rooms)
	switch a, _ := in.TakeAny(ui.Up, ui.Down, ui.Submit, ui.Select, ui.Cancel); a {
	case ui.Up:
		r.sel = (r.sel + n - 1) % n
	case ui.Down:
		r.sel = (r.sel + 1) % n
	case ui.Submit, ui.Select:
		r.Act.Join(rooms[r.sel].GetId())
		c.FocusDefault()
	case ui.Cancel:
		c.FocusDefault()
	}
	in.TakeKeys()
}

// Draw implements ui.Widget.
func (r *RoomList) Draw(dst *ebiten.Image, c *ui.Context) {
	rooms := r.M.Rooms
	if len(rooms) == 0 {
		return
	}
	f, s := c.Fonts, c.Scale
	focused := c.Focused(r)
	gfx.PanelBox(dst, r.x, r.y, r.w, r.h, s, focused)
	gfx.DrawText(dst, msg.T("ROOMS"), f.Small, r.x+14*s, r.y+10*s, gfx.ColAccent, 0)
	hint := msg.T("Tab Tab")
	switch {
	case focused:
		hint = msg.T("Up/Down, Enter")
	case r.folded:
		hint = msg.T("%d  ·  tap to open", len(rooms))
	}
	gfx.DrawText(dst, hint, f.Small, r.x+r.w-14*s, r.y+10*s, gfx.ColDim, 2)
	here := ""
	if r.M.Room != nil {
		here = r.M.Room.ID
	}
	for i, room := range rooms {
		if i >= len(r.rows) {
			break
		}
		row := r.rows[i]
		x0, y0, w, h := float64(row.Min.X), float64(row.Min.Y), float64(row.Dx()), float64(row.Dy())
		isHere := room.GetId() == here
		switch {
		case focused && i == r.sel:
			gfx.FillRoundRect(dst, x0, y0, w, h, 5*s, gfx.WithAlpha(gfx.ColFocus, 0.35))
		case isHere:
			gfx.FillRoundRect(dst, x0, y0, w, h, 5*s, gfx.WithAlpha(gfx.ColAccent, 0.18))
		}
		clr := gfx.ColText
		if isHere {
			clr = gfx.ColAccent
			gfx.FillCircle(dst, r.x+15*s, y0+h/2, 3*s, gfx.ColAccent)
		}
		name := ui.Ellipsize(room.GetName(), r.w-110*s, func(t string) float64 { return gfx.Measure(f.Body, t) })
		gfx.DrawText(dst, name, f.Body, r.x+24*s, y0+4*s, clr, 0)
		gfx.DrawText(dst, fmt.Sprint(room.GetOccupants()), f.Bold, r.x+r.w-16*s, y0+4*s, gfx.ColText, 2)
		drawRoomMarks(dst, room, r.x+r.w-60*s, y0, h, s)
	}
}

// drawRoomMarks draws, right-aligned at x, a padlock for a locked room and a clock for slow mode.
func drawRoomMarks(dst *ebiten.Image, room *pb.RoomInfo, x, y, h, s float64) {
	if room.GetLocked() {
		padlock(dst, x, y+h*0.45, 11*s, gfx.ColWarn)
		x -= 16 * s
	}
	if room.GetSlowSeconds() > 0 {
		cx, cy, rr := x+5*s, y+h/2, 5.5*s
		gfx.FillCircle(dst, cx, cy, rr, gfx.ColWarn)
		gfx.FillCircle(dst, cx, cy, rr-1.5*s, gfx.ColPanelSolid)
		gfx.FillRoundRect(dst, cx-0.6*s, cy-3.5*s, 1.2*s, 3.8*s, 0, gfx.ColWarn)
		gfx.FillRoundRect(dst, cx-0.6*s, cy-0.6*s, 3*s, 1.2*s, 0, gfx.ColWarn)
	}
}
