package hud

import (
	"fmt"
	"image"
	"strings"
	"unicode"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// StagePanel is the stage of the event in your room: Q opens and closes it (so does a click on the
// event bar). It lists the questions, most votes first (Up/Down choose one), and who raised a hand.
// Everyone may ask (A), vote for the chosen question (V) and raise or lower a hand (R); hosts also
// give the floor to the first hand (G), take it back (T), move the agenda on or back (N, B), mark
// the chosen question answered (X), clear the spotlight (C) and admit someone at the door (D). A
// button's letter or a click takes it.
type StagePanel struct {
	Env
	Ask askFunc // the one-line prompt, wired where the panel is mounted

	open    bool
	sel     int
	box     image.Rectangle
	list    image.Rectangle
	rowH    float64
	head    []string // the agenda, the floor, the hands
	lines   []string // the questions
	buttons []panelButton
}

// Bounds implements ui.Bounded: the box, while open.
func (p *StagePanel) Bounds() image.Rectangle {
	if !p.open {
		return image.Rectangle{}
	}
	return p.box
}

// Open implements ui.Modal.
func (p *StagePanel) Open() bool { return p.open }

// Show opens the panel (the event bar's click).
func (p *StagePanel) Show() { p.open = p.M.Stage.Running() }

// Lines returns what the panel shows, as last laid out (tests read them).
func (p *StagePanel) Lines() (head, questions, buttons []string) {
	for _, b := range p.buttons {
		buttons = append(buttons, b.label)
	}
	return p.head, p.lines, buttons
}

// Layout implements ui.Widget.
func (p *StagePanel) Layout(c *ui.Context) {
	if p.open && !p.M.Stage.Running() {
		p.open = false // the event ended
	}
	if !p.open {
		return
	}
	p.build()
	f := c.Fonts
	p.box = panelBox(c, 720, 520)
	x, y, w, h := float64(p.box.Min.X), float64(p.box.Min.Y), float64(p.box.Dx()), float64(p.box.Dy())
	p.rowH = gfx.LineHeight(f.Body) + c.S(6)
	btnH := gfx.LineHeight(f.Bold) + c.S(12)
	top := y + c.S(56) + float64(len(p.head))*(gfx.LineHeight(f.Body)+c.S(2)) + gfx.LineHeight(f.Small) + c.S(10)
	rows := 1 + (len(p.buttons)+3)/4 // buttons wrap four to a row
	bottom := y + h - c.S(16) - float64(rows)*(btnH+c.S(6))
	p.list = rect(x+c.S(12), top, w-c.S(24), max(bottom-top, p.rowH))
	p.sel = max(min(p.sel, len(p.M.Stage.State.GetQuestions())-1), 0)
	bw := (w - c.S(32) - 3*c.S(8)) / 4
	for i := range p.buttons {
		p.buttons[i].r = rect(x+c.S(16)+float64(i%4)*(bw+c.S(8)), bottom+c.S(6)+float64(i/4)*(btnH+c.S(6)), bw, btnH)
	}
}

// build fills the header, the questions and the buttons your role may press.
func (p *StagePanel) build() {
	st := p.M.Stage
	ev := st.State
	p.head, p.lines, p.buttons = p.head[:0], p.lines[:0], nil
	if item, n := st.Item(); item != "" {
		p.head = append(p.head, msg.T("Agenda item %d of %d: %s", n, len(ev.GetAgenda()), item))
	} else if len(ev.GetAgenda()) > 0 {
		p.head = append(p.head, msg.T("Agenda: %s (not started)", strings.Join(ev.GetAgenda(), " · ")))
	}
	floor := msg.T("nobody")
	if ev.GetFloor() != "" {
		floor = ev.GetFloor()
	}
	p.head = append(p.head, msg.T("The floor: %s   ·   hosts: %s", floor, strings.Join(ev.GetHosts(), ", ")))
	hands := msg.T("no hands raised")
	if len(ev.GetHands()) > 0 {
		hands = strings.Join(ev.GetHands(), ", ")
	}
	p.head = append(p.head, msg.T("Hands, first raised first: %s", hands))
	for _, q := range ev.GetQuestions() {
		row := fmt.Sprintf("▲%d  ", q.GetVotes()) + msg.T("%s  (%s)", q.GetText(), q.GetAsker())
		if q.GetAnswered() {
			row += "  " + msg.T("[answered]")
		}
		p.lines = append(p.lines, row)
	}
	ea := p.Act.Events()
	me := p.M.Welcome.GetName()
	hand := msg.T("Raise hand")
	if st.HandUp(me) {
		hand = msg.T("Lower hand")
	}
	add := func(key rune, label string, do func()) {
		p.buttons = append(p.buttons, panelButton{key: key, label: keyed(key, label), do: do})
	}
	if p.Ask != nil {
		add('a', msg.T("Ask…"), func() {
			p.Ask(msg.T("Ask a question in “%s”", ev.GetTitle()), msg.T("At most 300 characters; everyone may vote for it."), ea.Ask)
		})
	}
	chosen := p.chosen()
	if chosen != nil {
		add('v', msg.T("Vote"), func() { ea.Vote(chosen.GetId()) })
	}
	add('r', hand, ea.ToggleHand)
	if !st.HostedBy(me, p.M.Role()) {
		return
	}
	if hands := ev.GetHands(); len(hands) > 0 {
		first := hands[0]
		add('g', msg.T("Floor to %s", first), func() { ea.Host(pb.EventAction_GIVE_FLOOR, first) })
	}
	if ev.GetFloor() != "" {
		add('t', msg.T("Take the floor"), func() { ea.Host(pb.EventAction_TAKE_FLOOR, "") })
	}
	add('n', msg.T("Next item"), func() { ea.Host(pb.EventAction_NEXT_ITEM, "") })
	add('b', msg.T("Previous item"), func() { ea.Host(pb.EventAction_PREV_ITEM, "") })
	if chosen != nil && !chosen.GetAnswered() {
		add('x', msg.T("Answered"), func() { ea.Answer(chosen.GetId()) })
	}
	if ev.GetSpotlight() != "" {
		add('c', msg.T("Clear spotlight"), func() { ea.Host(pb.EventAction_SPOTLIGHT, "") })
	}
	if p.Ask != nil {
		add('d', msg.T("Admit…"), func() {
			p.Ask(msg.T("Admit someone to “%s”", ev.GetTitle()), msg.T("Their name: they may enter while the event runs."), func(name string) {
				if name = strings.TrimSpace(name); name != "" {
					ea.Host(pb.EventAction_ADMIT, name)
				}
			})
		})
	}
}

// chosen returns the question chosen, or nil.
func (p *StagePanel) chosen() *pb.EventQuestion {
	qs := p.M.Stage.State.GetQuestions()
	if p.sel < 0 || p.sel >= len(qs) {
		return nil
	}
	return qs[p.sel]
}

// Update implements ui.Widget.
func (p *StagePanel) Update(c *ui.Context, in *ui.Input) {
	if !p.open {
		if in.Take(ui.StagePane) {
			if !p.M.Stage.Running() {
				p.Act.Tell(msg.T("No event runs in this room now. F6 lists the events."))
				return
			}
			p.open = true
		}
		return
	}
	if _, ok := in.TakeAny(ui.StagePane, ui.Cancel); ok {
		p.open = false
		return
	}
	switch a, _ := in.TakeAny(ui.Up, ui.Down); a {
	case ui.Up:
		p.sel--
	case ui.Down:
		p.sel++
	}
	if in.TakeClick(p.list) {
		p.sel = int(float64(in.Cursor.Y-p.list.Min.Y) / p.rowH)
	}
	for _, b := range p.buttons {
		if in.TakeClick(b.r) {
			b.do()
		}
	}
	for _, r := range in.TakeText() {
		pressKey(p.buttons, unicode.ToLower(r))
	}
	if !in.TakeClick(p.box) && in.Clicked() {
		p.open = false
	}
}

// pressKey presses the button whose shortcut is key, if any.
func pressKey(buttons []panelButton, key rune) {
	for _, b := range buttons {
		if b.key == key {
			b.do()
			return
		}
	}
}

// Draw implements ui.Widget.
func (p *StagePanel) Draw(dst *ebiten.Image, c *ui.Context) {
	if !p.open {
		return
	}
	f, s := c.Fonts, c.Scale
	x, y, w := float64(p.box.Min.X), float64(p.box.Min.Y), float64(p.box.Dx())
	modalBox(dst, c, p.box)
	title := ui.Ellipsize(p.M.Stage.State.GetTitle(), w-300*s, func(t string) float64 { return gfx.Measure(f.Title, t) })
	gfx.DrawText(dst, title, f.Title, x+18*s, y+14*s, gfx.ColAccent, 0)
	gfx.DrawText(dst, msg.T("Q or Esc closes  ·  Up/Down: questions"), f.Small, x+w-18*s, y+20*s, gfx.ColDim, 2)
	measure := func(t string) float64 { return gfx.Measure(f.Body, t) }
	yy := y + 50*s
	for _, l := range p.head {
		gfx.DrawText(dst, ui.Ellipsize(l, w-40*s, measure), f.Body, x+20*s, yy, gfx.ColText, 0)
		yy += gfx.LineHeight(f.Body) + 2*s
	}
	gfx.DrawText(dst, msg.T("QUESTIONS, most votes first"), f.Small, float64(p.list.Min.X)+4*s, float64(p.list.Min.Y)-gfx.LineHeight(f.Small)-2*s, gfx.ColAccent, 0)
	if len(p.lines) == 0 {
		gfx.DrawText(dst, msg.T("No questions yet: A asks one."), f.Body, float64(p.list.Min.X)+6*s, float64(p.list.Min.Y)+3*s, gfx.ColDim, 0)
	}
	shown := max(int(float64(p.list.Dy())/p.rowH), 1)
	top := max(p.sel-shown+1, 0)
	for i := top; i < len(p.lines) && i < top+shown; i++ {
		ry := float64(p.list.Min.Y) + float64(i-top)*p.rowH
		if i == p.sel {
			gfx.FillRoundRect(dst, float64(p.list.Min.X), ry, float64(p.list.Dx()), p.rowH, 4*s, gfx.WithAlpha(gfx.ColFocus, 0.3))
		}
		clr := gfx.ColText
		if strings.HasSuffix(p.lines[i], msg.T("[answered]")) {
			clr = gfx.ColDim
		}
		gfx.DrawText(dst, ui.Ellipsize(p.lines[i], float64(p.list.Dx())-12*s, measure), f.Body, float64(p.list.Min.X)+6*s, ry+3*s, clr, 0)
	}
	for _, b := range p.buttons {
		button(dst, c, b.r, b.label, false)
	}
}
