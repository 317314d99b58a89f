package hud

import (
	"fmt"
	"image"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/modrules"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Panel tabs.
const (
	tabReports = iota
	tabBans
	tabAudit
	tabRoom
	tabCount
)

// ModPanel is the moderator panel, for moderators and admins: F7 opens and closes it. Four tabs
// (Left/Right or a click): the reports (with the reported person's last lines and buttons to kick,
// mute or ban them, or close the report with a note), the bans in force (unban), the audit log, and the current room's settings
// (lock, capacity, slow mode, muting the audience). Up/Down choose a row; a button's letter (or a
// click) takes its action, asking for a reason or a value first; R fetches the tab again. Times are
// local.
type ModPanel struct {
	Env
	Ask askFunc // the one-line prompt, wired where the panel is mounted

	open     bool
	tab      int
	sel      int // the chosen row
	top      int // the first row shown
	box      image.Rectangle
	tabs     [tabCount]image.Rectangle
	refresh  image.Rectangle
	list     image.Rectangle // where the rows are
	rowH     float64
	shown    int      // rows that fit
	lines    []string // the current tab's rows
	detail   []string // more about the chosen row
	buttons  []panelButton
	status   string // when the tab's data came, or that it is on its way
	choosing bool   // the rows are things to choose (not the room's settings, not "nothing")
}

// panelButton is an action on the chosen row or the room.
type panelButton struct {
	key   rune
	label string
	r     image.Rectangle
	do    func()
}

// Bounds implements ui.Bounded: the box, while open.
func (p *ModPanel) Bounds() image.Rectangle {
	if !p.open {
		return image.Rectangle{}
	}
	return p.box
}

// Open implements ui.Modal.
func (p *ModPanel) Open() bool { return p.open }

// Lines returns the rows of the tab shown, as last laid out (tests read them), and its buttons.
func (p *ModPanel) Lines() (rows, detail, buttons []string) {
	for _, b := range p.buttons {
		buttons = append(buttons, b.label)
	}
	return p.lines, p.detail, buttons
}

// allowed reports whether your role may open the panel.
func (p *ModPanel) allowed() bool { return modrules.MayTake(p.M.Role(), modrules.ReadAudit) }

// show opens tab t, fetching its data when none came yet.
func (p *ModPanel) show(t int) {
	p.tab, p.sel, p.top = (t+tabCount)%tabCount, 0, 0
	if what, ok := tabQuery(p.tab); ok {
		if _, fetched := p.M.Staff.Fetched[what]; !fetched {
			p.Act.Moderation().Query(what)
		}
	}
}

// tabQuery is the StaffQuery that fills tab t; ok is false for the room tab.
func tabQuery(t int) (pb.StaffQuery_What, bool) {
	switch t {
	case tabReports:
		return pb.StaffQuery_REPORTS, true
	case tabBans:
		return pb.StaffQuery_BANS, true
	case tabAudit:
		return pb.StaffQuery_AUDIT, true
	}
	return 0, false
}

// Layout implements ui.Widget: it places the panel and builds the rows of the tab shown.
func (p *ModPanel) Layout(c *ui.Context) {
	if p.open && !p.allowed() {
		p.open = false // signed in again with another role
	}
	if !p.open {
		return
	}
	f := c.Fonts
	p.box = panelBox(c, 880, 560)
	x, y, w, h := float64(p.box.Min.X), float64(p.box.Min.Y), float64(p.box.Dx()), float64(p.box.Dy())
	tabH := gfx.LineHeight(f.Bold) + c.S(12)
	for i := range p.tabs {
		p.tabs[i] = rect(x+c.S(16)+float64(i)*c.S(118), y+c.S(46), c.S(110), tabH)
	}
	p.refresh = rect(x+w-c.S(126), y+c.S(46), c.S(110), tabH)
	p.buildRows()
	p.rowH = gfx.LineHeight(f.Body) + c.S(6)
	top := y + c.S(60) + tabH + gfx.LineHeight(f.Small) // below the tabs and the status line
	buttons := flowButtons(c, p.buttons, x+c.S(16), w-c.S(32), y+h-c.S(16)) - c.S(10)
	// The chosen report's last lines, as many as leave three rows of the list in view.
	dl := gfx.LineHeight(f.Small) + c.S(2)
	if fit := max(int((buttons-top-3*p.rowH)/dl), 1); len(p.detail) > fit {
		p.detail = p.detail[:fit]
	}
	bottom := buttons - float64(len(p.detail))*dl
	p.list = rect(x+c.S(12), top, w-c.S(24), max(bottom-top, p.rowH))
	p.shown = max(int(float64(p.list.Dy())/p.rowH), 1)
	p.sel = max(min(p.sel, len(p.lines)-1), 0)
	p.top = min(max(p.top, p.sel-p.shown+1), p.sel)
}

// buildRows fills lines, detail, buttons and status for the tab shown.
func (p *ModPanel) buildRows() {
	p.lines, p.detail, p.buttons = p.lines[:0], nil, nil
	st := &p.M.Staff
	if what, ok := tabQuery(p.tab); ok {
		if at, fetched := st.Fetched[what]; fetched {
			p.status = msg.T("as of %s  ·  R refreshes", at.Local().Format("15:04:05"))
		} else {
			p.status = msg.T("asking the server…")
		}
	}
	switch p.tab {
	case tabReports:
		for _, r := range st.Reports {
			p.lines = append(p.lines, reportRow(r, p.M.RoomName))
		}
		if p.sel < len(st.Reports) {
			p.reportActions(st.Reports[p.sel])
		}
	case tabBans:
		for _, b := range st.Bans {
			p.lines = append(p.lines, banRow(b))
		}
		if p.sel < len(st.Bans) {
			b := st.Bans[p.sel]
			p.buttons = append(p.buttons, panelButton{key: 'u', label: msg.T("U · Unban"), do: func() {
				p.Act.Moderation().Send(&pb.Moderate{Action: pb.ModAction_MOD_UNBAN, Target: "#" + strconv.FormatInt(b.GetId(), 10)})
			}})
		}
	case tabAudit:
		for _, a := range st.Audit {
			p.lines = append(p.lines, auditRow(a, p.M.RoomName))
		}
	case tabRoom:
		p.roomRows()
	}
	p.choosing = p.tab != tabRoom && len(p.lines) > 0
	if len(p.lines) == 0 && p.tab != tabRoom {
		p.lines = append(p.lines, msg.T("(nothing)"))
	}
}

// reportActions offers the actions on the person a report names, with its last lines as detail.
func (p *ModPanel) reportActions(r *pb.ReportInfo) {
	for _, l := range r.GetLines() {
		p.detail = append(p.detail, "“"+l+"”")
	}
	if len(p.detail) == 0 {
		p.detail = append(p.detail, msg.T("(%s said nothing lately)", r.GetTarget()))
	}
	p.detail = append([]string{msg.T("%s's last lines:", r.GetTarget())}, p.detail...)
	for _, act := range personActs() {
		if !modrules.MayTake(p.M.Role(), act.action) || p.Ask == nil {
			continue
		}
		p.buttons = append(p.buttons, panelButton{key: act.key, label: keyed(act.key, act.label), do: func() {
			askAndSend(p.Ask, p.Act.Moderation(), act, r.GetTarget(), msg.T("reported: %s", r.GetReason()))
		}})
	}
	if modrules.MayTake(p.M.Role(), modrules.CloseReport) && p.Ask != nil {
		id := "#" + strconv.FormatInt(r.GetId(), 10)
		p.buttons = append(p.buttons, panelButton{key: 'c', label: keyed('c', msg.T("Close…")), do: func() {
			p.Ask(msg.T("Close report %s on %s", id, r.GetTarget()), msg.T("A note for the other moderators: what was done."), func(note string) {
				p.Act.Moderation().Send(&pb.Moderate{Action: pb.ModAction_MOD_CLOSE_REPORT, Target: id, Reason: note})
			})
		}})
	}
}

// roomRows describes the current room's settings and offers to change them.
func (p *ModPanel) roomRows() {
	p.status = msg.T("the room you are in")
	if p.M.Room == nil {
		p.lines = append(p.lines, msg.T("You are not in a room yet."))
		return
	}
	id := p.M.Room.ID
	info := p.M.RoomInfo(id)
	locked, slow, quiet := info.GetLocked(), info.GetSlowSeconds(), info.GetAudienceMuted()
	p.lines = append(p.lines, p.M.Room.Name, msg.T("%d here, room for %d", info.GetOccupants(), info.GetCapacity()))
	p.lines = append(p.lines, msg.T("Open to everyone"), msg.T("Slow mode: off"), msg.T("Everyone may speak"))
	if locked {
		p.lines[2] = msg.T("Locked: only staff may enter")
	}
	if slow > 0 {
		p.lines[3] = msg.T("Slow mode: a visitor may chat once every %d s", slow)
	}
	if quiet {
		p.lines[4] = msg.T("Only the stage is heard")
	}
	mod := p.Act.Moderation()
	send := func(a pb.ModAction, value uint32) { mod.Send(&pb.Moderate{Action: a, Room: id, Value: value}) }
	lock := panelButton{key: 'l', label: keyed('l', msg.T("Lock")), do: func() { send(pb.ModAction_MOD_LOCK, 0) }}
	if locked {
		lock = panelButton{key: 'l', label: keyed('l', msg.T("Unlock")), do: func() { send(pb.ModAction_MOD_UNLOCK, 0) }}
	}
	audience := panelButton{key: 'a', label: keyed('a', msg.T("Mute the audience")), do: func() { send(pb.ModAction_MOD_MUTE_AUDIENCE, 0) }}
	if quiet {
		audience = panelButton{key: 'a', label: keyed('a', msg.T("Let everyone speak")), do: func() { send(pb.ModAction_MOD_UNMUTE_AUDIENCE, 0) }}
	}
	number := func(key rune, label, title, hint string, a pb.ModAction) panelButton {
		return panelButton{key: key, label: keyed(key, label), do: func() {
			p.Ask(title, hint, func(text string) {
				if n, err := strconv.ParseUint(strings.TrimSpace(text), 10, 32); err == nil {
					send(a, uint32(n))
				} else {
					p.Act.Tell(msg.T("%q is not a whole number: nothing was changed.", text))
				}
			})
		}}
	}
	p.buttons = append(p.buttons, lock, audience)
	if p.Ask != nil {
		p.buttons = append(p.buttons,
			number('c', msg.T("Capacity…"), msg.T("How many people may %s admit?", p.M.Room.Name), msg.T("A number; 0: as many as the map allows."), pb.ModAction_MOD_CAPACITY),
			number('s', msg.T("Slow mode…"), msg.T("Slow mode in %s", p.M.Room.Name), msg.T("Seconds between a visitor's lines; 0: off."), pb.ModAction_MOD_SLOW))
	}
}

// keyed prefixes a label with its shortcut: "K · Kick…".
func keyed(key rune, label string) string { return string(unicode.ToUpper(key)) + " · " + label }

// Update implements ui.Widget.
func (p *ModPanel) Update(c *ui.Context, in *ui.Input) {
	if !p.open {
		if in.Take(ui.Staff) {
			if !p.allowed() {
				p.Act.Tell(msg.T("The moderator panel is for moderators and admins."))
				return
			}
			p.open = true
			p.show(p.tab)
		}
		return
	}
	if _, ok := in.TakeAny(ui.Staff, ui.Cancel); ok {
		p.open = false
		return
	}
	switch a, _ := in.TakeAny(ui.CaretLeft, ui.CaretRight, ui.FocusNext, ui.FocusPrev); a {
	case ui.CaretLeft, ui.FocusPrev:
		p.show(p.tab - 1)
	case ui.CaretRight, ui.FocusNext:
		p.show(p.tab + 1)
	}
	switch a, _ := in.TakeAny(ui.Up, ui.Down, ui.PageUp, ui.PageDown); a {
	case ui.Up:
		p.sel--
	case ui.Down:
		p.sel++
	case ui.PageUp:
		p.sel -= p.shown
	case ui.PageDown:
		p.sel += p.shown
	}
	if dy := in.TakeWheel(p.list); dy != 0 {
		p.sel -= int(dy * 3)
	}
	p.sel = max(min(p.sel, len(p.lines)-1), 0)
	p.clicks(in)
	for _, r := range in.TakeText() {
		p.press(unicode.ToLower(r))
	}
}

// clicks takes the mouse: tabs, refresh, rows, buttons; a click outside closes the panel.
func (p *ModPanel) clicks(in *ui.Input) {
	for i, r := range p.tabs {
		if in.TakeClick(r) {
			p.show(i)
		}
	}
	if in.TakeClick(p.refresh) {
		p.press('r')
	}
	if in.TakeClick(p.list) {
		p.sel = p.top + int(float64(in.Cursor.Y-p.list.Min.Y)/p.rowH)
	}
	for _, b := range p.buttons {
		if in.TakeClick(b.r) {
			b.do()
		}
	}
	if !in.TakeClick(p.box) && in.Clicked() {
		p.open = false
	}
}

// press takes a shortcut letter: R refreshes, a button's letter presses it.
func (p *ModPanel) press(key rune) {
	if what, ok := tabQuery(p.tab); ok && key == 'r' {
		p.Act.Moderation().Query(what)
		return
	}
	pressKey(p.buttons, key)
}

// Draw implements ui.Widget.
func (p *ModPanel) Draw(dst *ebiten.Image, c *ui.Context) {
	if !p.open {
		return
	}
	f, s := c.Fonts, c.Scale
	x, y, w := float64(p.box.Min.X), float64(p.box.Min.Y), float64(p.box.Dx())
	modalBox(dst, c, p.box)
	gfx.DrawText(dst, msg.T("Moderator panel"), f.Title, x+18*s, y+14*s, gfx.ColAccent, 0)
	gfx.DrawText(dst, msg.T("F7 or Esc closes  ·  Left/Right: tabs  ·  Up/Down: rows"), f.Small, x+w-18*s, y+20*s, gfx.ColDim, 2)
	names := [tabCount]string{msg.T("Reports"), msg.T("Bans"), msg.T("Audit log"), msg.T("This room")}
	for i, r := range p.tabs {
		button(dst, c, r, names[i], i == p.tab)
	}
	if _, ok := tabQuery(p.tab); ok {
		button(dst, c, p.refresh, msg.T("R · Refresh"), false)
	}
	gfx.DrawText(dst, p.status, f.Small, float64(p.list.Min.X)+4*s, float64(p.list.Min.Y)-gfx.LineHeight(f.Small)-2*s, gfx.ColDim, 0)
	measure := func(t string) float64 { return gfx.Measure(f.Body, t) }
	for i := p.top; i < len(p.lines) && i < p.top+p.shown; i++ {
		ry := float64(p.list.Min.Y) + float64(i-p.top)*p.rowH
		if i == p.sel && p.choosing {
			gfx.FillRoundRect(dst, float64(p.list.Min.X), ry, float64(p.list.Dx()), p.rowH, 4*s, gfx.WithAlpha(gfx.ColFocus, 0.3))
		}
		line := ui.Ellipsize(p.lines[i], float64(p.list.Dx())-12*s, measure)
		gfx.DrawText(dst, line, f.Body, float64(p.list.Min.X)+6*s, ry+3*s, gfx.ColText, 0)
	}
	dy := float64(p.list.Max.Y) + 6*s
	for _, l := range p.detail {
		l = ui.Ellipsize(l, w-40*s, func(t string) float64 { return gfx.Measure(f.Small, t) })
		gfx.DrawText(dst, l, f.Small, x+20*s, dy, gfx.ColDim, 0)
		dy += gfx.LineHeight(f.Small) + 2*s
	}
	for _, b := range p.buttons {
		button(dst, c, b.r, b.label, false)
	}
}

// when writes a time from the server in local time.
func when(ms int64) string { return time.UnixMilli(ms).Local().Format("2 Jan 15:04") }

// reportRow is a report as the panel lists it; roomName names a room by its id.
func reportRow(r *pb.ReportInfo, roomName func(id string) string) string {
	row := fmt.Sprintf("#%d  %s  ", r.GetId(), when(r.GetTimeMs())) + msg.T("%s reported %s", r.GetReporter(), r.GetTarget())
	if r.GetReason() != "" {
		row += msg.T(": %s", r.GetReason())
	}
	if r.GetRoom() != "" {
		row += msg.T("  (in the %s)", roomName(r.GetRoom()))
	}
	return row
}

// banRow is a ban as the panel lists it.
func banRow(b *pb.BanLine) string {
	until := msg.T("for good")
	if b.GetExpiresMs() != 0 {
		until = msg.T("until %s", when(b.GetExpiresMs()))
	}
	row := fmt.Sprintf("#%d  %s  ", b.GetId(), b.GetName()) + msg.T("%s, by %s on %s", until, b.GetBy(), when(b.GetCreatedMs()))
	if b.GetDevice() {
		row += msg.T(", device too")
	}
	if b.GetReason() != "" {
		row += msg.T(": %s", b.GetReason())
	}
	return row
}

// auditRow is an audit entry as the panel lists it; roomName names a room by its id.
func auditRow(a *pb.AuditLine, roomName func(id string) string) string {
	row := when(a.GetTimeMs()) + "  " + msg.T("%s (%s): %s", a.GetActor(), a.GetRole(), a.GetAction())
	if a.GetTarget() != "" {
		row += " " + a.GetTarget()
	}
	if a.GetRoom() != "" {
		row += msg.T(" in the %s", roomName(a.GetRoom()))
	}
	if a.GetReason() != "" {
		row += msg.T(": %s", a.GetReason())
	}
	if a.GetOutcome() == "refused" {
		row += "  " + msg.T("[refused]")
	}
	return row
}
