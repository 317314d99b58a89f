package hud

import (
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/modrules"
)

// Help is the "how to get around" overlay: H or F1 opens it, Esc, H or a click closes it. It lists
// the chat commands your role may use.
type Help struct {
	Env
	open bool
}

// Open implements ui.Modal.
func (h *Help) Open() bool { return h.open }

// Layout implements ui.Widget.
func (h *Help) Layout(*ui.Context) {}

// Update implements ui.Widget. Closed, it only listens for Help (what typing left over).
func (h *Help) Update(c *ui.Context, in *ui.Input) {
	if !h.open {
		h.open = in.Take(ui.Help)
		return
	}
	if _, ok := in.TakeAny(ui.Help, ui.Cancel); ok || in.Clicked() {
		h.open = false
	}
}

// Draw implements ui.Widget.
func (h *Help) Draw(dst *ebiten.Image, c *ui.Context) {
	if !h.open {
		return
	}
	f, s := c.Fonts, c.Scale
	rows := []string{
		msg.T("Walk: WASD or the arrow keys, or click where you want to go"),
		msg.T("Doors (green) lead to other rooms; the room list (Tab Tab) jumps there"),
		msg.T("Exhibits (the glowing i): walk up and press E, or click them"),
		msg.T("Chat: Enter, type, Enter. Esc cancels. PgUp/PgDn scroll the history"),
		msg.T("Voice: M mutes or unmutes you, P push-to-talk (hold V), J leaves or joins voice"),
		msg.T("Right-click a person to turn their voice down, up, or off for you, to report or block them"),
	}
	rows = append(rows,
		msg.T("F6: events, live and upcoming (Enter goes there)   F8: tours (self-guided or with a guide)"),
		msg.T("During an event: R raises or lowers your hand, Q opens the stage (questions; hosts: floor, agenda)"))
	if modrules.MayTake(h.M.Role(), modrules.ReadAudit) {
		rows = append(rows, msg.T("F7: the moderator panel (reports, bans, the audit log, this room)"))
	}
	rows = append(rows, "", msg.T("Chat commands:"))
	rows = append(rows, strings.Split(session.HelpText()+"\n"+session.ModHelpText(h.M.Role()), "\n")...)
	rows = append(rows, "", msg.T("Zoom: + and - or the mouse wheel.   Esc closes this."))
	lh := gfx.LineHeight(f.Body) + 4*s
	// As many rows to a column as the screen holds: a moderator's list of commands takes two.
	perCol := max(int((float64(c.Screen.Dy())-110*s)/lh), 8)
	cols := (len(rows) + perCol - 1) / perCol
	perCol = (len(rows) + cols - 1) / cols
	colW := 0.0
	for _, r := range rows {
		colW = max(colW, gfx.Measure(f.Body, r))
	}
	pw := float64(cols)*(colW+24*s) + 24*s
	ph := float64(perCol)*lh + 70*s
	x, y := (float64(c.Screen.Dx())-pw)/2, (float64(c.Screen.Dy())-ph)/2
	gfx.FillRoundRect(dst, x, y, pw, ph, 12*s, gfx.ColPanelSolid)
	gfx.StrokeRoundRect(dst, x, y, pw, ph, 12*s, 2*s, gfx.ColAccent)
	gfx.DrawText(dst, msg.T("How to get around"), f.Title, x+24*s, y+18*s, gfx.ColAccent, 0)
	for i, r := range rows {
		cx := x + 24*s + float64(i/perCol)*(colW+24*s)
		gfx.DrawText(dst, r, f.Body, cx, y+56*s+float64(i%perCol)*lh, gfx.ColText, 0)
	}
}
