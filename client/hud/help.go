package hud

import (
	"image"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/modrules"
)

// Help is the "how to get around" overlay: H or F1 opens it, Esc, H or a click closes it. It lists
// the chat commands your role may use, in as many columns as the screen is wide; on a small screen
// its lines wrap and it scrolls (Up/Down, the wheel, a finger).
type Help struct {
	Env
	open   bool
	box    image.Rectangle
	body   image.Rectangle // where the lines scroll
	cols   [][]string      // the wrapped lines, column by column
	colW   float64
	lh     float64
	scroll float64 // pixels
	maxScr float64
}

// Bounds implements ui.Bounded: the box, while open.
func (h *Help) Bounds() image.Rectangle {
	if !h.open {
		return image.Rectangle{}
	}
	return h.box
}

// Open implements ui.Modal.
func (h *Help) Open() bool { return h.open }

// rows lists what the overlay says.
func (h *Help) rows() []string {
	rows := []string{
		msg.T("Walk: WASD or the arrow keys, or click where you want to go"),
		msg.T("Doors (green) lead to other rooms; the room list (Tab Tab) jumps there"),
		msg.T("Exhibits (the glowing i): walk up and press E, or click them"),
		msg.T("Chat: Enter, type, Enter. Esc cancels. PgUp/PgDn scroll the history"),
		msg.T("Voice: M mutes or unmutes you, P push-to-talk (hold V), J leaves or joins voice"),
		msg.T("Right-click a person to turn their voice down, up, or off for you, to report or block them"),
		msg.T("On a touch screen: tap where you want to go, tap a person for their menu, pinch to zoom; the buttons along the bottom do what the keys do"),
	}
	rows = append(rows,
		msg.T("F6: events, live and upcoming (Enter goes there)   F8: tours (self-guided or with a guide)"),
		msg.T("During an event: R raises or lowers your hand, Q opens the stage (questions; hosts: floor, agenda)"))
	if modrules.MayTake(h.M.Role(), modrules.ReadAudit) {
		rows = append(rows, msg.T("F7: the moderator panel (reports, bans, the audit log, this room)"))
	}
	rows = append(rows, "", msg.T("Chat commands:"))
	rows = append(rows, strings.Split(session.HelpText()+"\n"+session.ModHelpText(h.M.Role()), "\n")...)
	return append(rows, "", msg.T("Zoom: + and - or the mouse wheel.   Esc closes this."))
}

// Layout implements ui.Widget: as many columns as fit side by side, lines wrapped to them.
func (h *Help) Layout(c *ui.Context) {
	if !h.open {
		return
	}
	f := c.Fonts
	measure := func(t string) float64 { return gfx.Measure(f.Body, t) }
	rows := h.rows()
	widest := 0.0
	for _, r := range rows {
		widest = max(widest, measure(r))
	}
	h.lh = gfx.LineHeight(f.Body) + c.S(4)
	sw, sh := float64(c.Screen.Dx()), float64(c.Screen.Dy())-HintBarHeight(c.Scale)
	room := panelBox(c, 10000, 10000) // the whole screen above the bar, less a margin
	maxW, head := float64(room.Dx())-c.S(48), c.S(56)+c.S(14)
	gap := c.S(24)
	// Columns of the widest row's width while the rows do not fit the height and the columns stay
	// wide enough to read; when even then they do not fit, one column that scrolls (a phone).
	wrap := func(ncols int) (groups [][]string, lines int) {
		h.colW = min(widest, (maxW-float64(ncols-1)*gap)/float64(ncols))
		for _, r := range rows {
			g := ui.Wrap(r, h.colW, measure)
			groups, lines = append(groups, g), lines+len(g)
		}
		return groups, lines
	}
	fits := func(ncols, lines int) bool { return float64((lines+ncols-1)/ncols)*h.lh+head <= float64(room.Dy()) }
	ncols := 1
	groups, lines := wrap(ncols)
	for !fits(ncols, lines) {
		if (maxW-float64(ncols)*gap)/float64(ncols+1) < min(widest, c.S(300)) {
			ncols = 1 // no number of columns fits: scroll
			groups, lines = wrap(ncols)
			break
		}
		ncols++
		groups, lines = wrap(ncols)
	}
	// A row's wrapped lines stay together in one column.
	per := (lines + ncols - 1) / ncols
	h.cols = h.cols[:0]
	var col []string
	for _, g := range groups {
		if len(col) > 0 && len(col)+len(g) > per && len(h.cols) < ncols-1 {
			h.cols, col = append(h.cols, col), nil
		}
		col = append(col, g...)
	}
	h.cols = append(h.cols, col)
	per = 0
	for _, col := range h.cols {
		per = max(per, len(col))
	}
	pw := float64(len(h.cols))*(h.colW+gap) - gap + c.S(48)
	ph := min(float64(per)*h.lh+head, float64(room.Dy()))
	x, y := (sw-pw)/2, (sh-ph)/2
	h.box = rect(x, y, pw, ph)
	h.body = rect(x+c.S(24), y+c.S(56), pw-c.S(48), ph-head)
	h.maxScr = max(float64(per)*h.lh-float64(h.body.Dy()), 0)
	h.scroll = min(max(h.scroll, 0), h.maxScr)
}

// Update implements ui.Widget. Closed, it only listens for Help (what typing left over).
func (h *Help) Update(c *ui.Context, in *ui.Input) {
	if !h.open {
		h.open, h.scroll = in.Take(ui.Help), 0
		return
	}
	switch a, _ := in.TakeAny(ui.Up, ui.Down, ui.PageUp, ui.PageDown); a {
	case ui.Up:
		h.scroll -= h.lh
	case ui.Down:
		h.scroll += h.lh
	case ui.PageUp:
		h.scroll -= float64(h.body.Dy())
	case ui.PageDown:
		h.scroll += float64(h.body.Dy())
	}
	h.scroll -= in.TakeWheel(h.box) * h.lh * 2
	h.scroll -= in.TakeDrag(h.box)
	h.scroll = min(max(h.scroll, 0), h.maxScr)
	if _, ok := in.TakeAny(ui.Help, ui.Cancel); ok || (in.Clicked() && (h.maxScr == 0 || !in.Cursor.In(h.box))) {
		h.open = false // a tap inside a help that scrolls is the start of a drag, not a close
	}
}

// Draw implements ui.Widget.
func (h *Help) Draw(dst *ebiten.Image, c *ui.Context) {
	if !h.open {
		return
	}
	f, s := c.Fonts, c.Scale
	modalBox(dst, c, h.box)
	x, y := float64(h.box.Min.X), float64(h.box.Min.Y)
	gfx.DrawText(dst, msg.T("How to get around"), f.Title, x+24*s, y+18*s, gfx.ColAccent, 0)
	if h.maxScr > 0 {
		gfx.DrawText(dst, msg.T("scroll for more"), f.Small, float64(h.box.Max.X)-24*s, y+22*s, gfx.ColDim, 2)
	}
	clip := dst.SubImage(h.body).(*ebiten.Image)
	for i, col := range h.cols {
		cx := float64(h.body.Min.X) + float64(i)*(h.colW+24*s)
		for j, l := range col {
			ly := float64(h.body.Min.Y) + float64(j)*h.lh - h.scroll
			if ly+h.lh >= float64(h.body.Min.Y) && ly <= float64(h.body.Max.Y) {
				gfx.DrawText(clip, l, f.Body, cx, ly, gfx.ColText, 0)
			}
		}
	}
}
