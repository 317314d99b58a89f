package hud

import (
	"fmt"
	"image"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/modrules"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// AvatarMenu is what a right click on a person opens: their name, your volume for their voice
// (quieter, louder with the buttons or - and +, muted for you alone with M), and what you may do
// about them: report them, block them for yourself, and, as staff, the actions your role allows on
// theirs (kick, mute, ban, move), each asking for a reason or a room first; then, as a host of the
// event in the room, give them the floor, spotlight or admit them; follow a guide's tour. Up/Down and Enter choose
// an action; Esc or a click elsewhere closes the menu.
type AvatarMenu struct {
	Env
	// Ask opens a one-line prompt (a reason, a room) and calls done with what was typed; it is wired
	// to the Prompt where the menu is mounted. Actions that need one are not offered without it.
	Ask askFunc

	open         bool
	slot         uint32
	at           image.Point
	box          image.Rectangle
	down, up     image.Rectangle
	mute         image.Rectangle
	name, volume string
	items        []menuItem
	rows         []image.Rectangle
	sel          int // the action Enter takes; -1: none chosen yet
}

// menuItem is one action in the menu.
type menuItem struct {
	label string
	do    func()
}

// Show opens the menu for the avatar in slot, at screen point at.
func (m *AvatarMenu) Show(slot uint32, at image.Point) {
	m.open, m.slot, m.at, m.sel = true, slot, at, -1
}

// Bounds implements ui.Bounded: the box, while open.
func (m *AvatarMenu) Bounds() image.Rectangle {
	if !m.open {
		return image.Rectangle{}
	}
	return m.box
}

// Open implements ui.Modal.
func (m *AvatarMenu) Open() bool { return m.open }

// Items returns the labels of the actions offered, as last laid out (tests read them).
func (m *AvatarMenu) Items() []string {
	out := make([]string, len(m.items))
	for i, it := range m.items {
		out[i] = it.label
	}
	return out
}

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
	m.items = personItems(m, p)
	m.sel = min(m.sel, len(m.items)-1)
	f := c.Fonts
	w := max(gfx.Measure(f.Bold, m.name), gfx.Measure(f.Body, m.volume)+c.S(70), c.S(240)) + c.S(28)
	row := gfx.LineHeight(f.Body) + c.S(12)
	sw, sh := float64(c.Screen.Dx()), float64(c.Screen.Dy())-HintBarHeight(c.Scale)
	// A long list (staff's) goes into two columns where one would not fit the height (a phone).
	cols, n := 1, len(m.items)
	height := func(rows int) float64 { return gfx.LineHeight(f.Bold) + float64(2+rows)*(row+c.S(4)) + c.S(30) }
	if height(n) > sh-c.S(16) {
		cols = 2
	}
	per := (n + cols - 1) / cols
	colW := w - c.S(28)
	w = min(w+float64(cols-1)*(colW+c.S(8)), sw-c.S(16))
	colW = (w - c.S(28) - float64(cols-1)*c.S(8)) / float64(cols)
	h := height(per)
	x := max(min(float64(m.at.X), sw-w-c.S(8)), 0)
	y := max(min(float64(m.at.Y), sh-h-c.S(8)), 0)
	m.box = rect(x, y, w, h)
	ry := y + gfx.LineHeight(f.Bold) + c.S(18)
	m.down = rect(x+w-c.S(72), ry, c.S(28), row)
	m.up = rect(x+w-c.S(38), ry, c.S(28), row)
	ry += row + c.S(4)
	m.mute = rect(x+c.S(14), ry, w-c.S(28), row)
	m.rows = m.rows[:0]
	for i := range m.items {
		cx, cy := x+c.S(14)+float64(i/per)*(colW+c.S(8)), ry+float64(i%per+1)*(row+c.S(4))
		m.rows = append(m.rows, rect(cx, cy, colW, row))
	}
}

// personItems lists what you may do about the person p: everyone may report and block; staff may
// also take the actions the permission matrix allows their role on p's.
func personItems(m *AvatarMenu, p *pb.Profile) []menuItem {
	me, name, mod := m.M.Role(), p.GetName(), m.Act.Moderation()
	var items []menuItem
	ask := func(label, title, hint string, send func(text string)) {
		if m.Ask != nil {
			items = append(items, menuItem{label, func() { m.Ask(title, hint, send) }})
		}
	}
	if modrules.MayTake(me, modrules.Report) {
		ask(msg.T("Report…"), msg.T("Report %s to the moderators", name), msg.T("What happened? The moderators also see their last lines."), func(why string) {
			mod.Send(&pb.Moderate{Action: pb.ModAction_MOD_REPORT, Target: name, Reason: why})
		})
	}
	if m.M.Blocked.Has(name, p.GetUserId()) {
		items = append(items, menuItem{msg.T("Unblock"), func() { mod.Unblock(name) }})
	} else {
		items = append(items, menuItem{msg.T("Block (for me)"), func() { mod.Block(name) }})
	}
	for _, act := range personActs() {
		if m.Ask != nil && modrules.Allowed(me, act.action, p.GetRole()) {
			items = append(items, menuItem{act.label, func() { askAndSend(m.Ask, mod, act, name, "") }})
		}
	}
	if modrules.Allowed(me, modrules.Move, p.GetRole()) {
		ask(msg.T("Move…"), msg.T("Move %s to another room", name), msg.T("The room's name, e.g. Reception Hall."), func(room string) {
			mod.Send(&pb.Moderate{Action: pb.ModAction_MOD_MOVE, Target: name, Room: room})
		})
	}
	return append(items, eventItems(m.M, m.Act, p)...)
}

// Update implements ui.Widget.
func (m *AvatarMenu) Update(c *ui.Context, in *ui.Input) {
	if !m.open {
		return
	}
	vol := m.M.Voice.VolumeOf(m.slot)
	if a, ok := in.TakeAny(ui.Up, ui.Down); ok && len(m.items) > 0 {
		n := len(m.items)
		if a == ui.Up {
			m.sel = (max(m.sel, 0) + n - 1) % n
		} else {
			m.sel = (m.sel + 1) % n
		}
	}
	for i, r := range m.rows {
		if in.TakeClick(r) {
			m.take(i)
			return
		}
	}
	switch {
	case in.Take(ui.Cancel):
		m.open = false
	case in.Take(ui.Submit) && m.sel >= 0:
		m.take(m.sel)
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

// take carries out item i and closes the menu (a prompt may open in its place).
func (m *AvatarMenu) take(i int) {
	if i < len(m.items) {
		m.open = false
		m.items[i].do()
	}
}

// Draw implements ui.Widget.
func (m *AvatarMenu) Draw(dst *ebiten.Image, c *ui.Context) {
	if !m.open {
		return
	}
	f, s := c.Fonts, c.Scale
	b := m.box
	modalBox(dst, c, b)
	gfx.DrawText(dst, m.name, f.Bold, float64(b.Min.X)+14*s, float64(b.Min.Y)+10*s, gfx.ColText, 0)
	gfx.DrawText(dst, m.volume, f.Body, float64(b.Min.X)+14*s, float64(m.down.Min.Y)+6*s, gfx.ColDim, 0)
	button(dst, c, m.down, "−", false)
	button(dst, c, m.up, "+", false)
	label := msg.T("M  ·  Mute their voice for me")
	if m.M.Voice.VolumeOf(m.slot) == 0 {
		label = msg.T("M  ·  Hear their voice again")
	}
	button(dst, c, m.mute, label, false)
	for i, r := range m.rows {
		button(dst, c, r, m.items[i].label, i == m.sel)
	}
}

// String describes the menu (for tests and logs).
func (m *AvatarMenu) String() string {
	return fmt.Sprintf("avatar menu for slot %d (open %v)", m.slot, m.open)
}
