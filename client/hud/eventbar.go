package hud

import (
	"image"
	"image/color"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/ui"
)

// EventBar shows, at the top centre while an event runs in your room, its title and the current
// agenda item, who is in the spotlight, who holds the floor and the hands raised (first raised
// first), and the keys: R raises or lowers your hand, Q opens the stage panel. A click on the bar
// opens the stage panel too.
type EventBar struct {
	Env
	// OpenStage opens the stage panel; wired where the bar is mounted.
	OpenStage func()

	title string
	lines []eventLine
	box   image.Rectangle
}

// eventLine is one line of the bar.
type eventLine struct {
	text string
	clr  color.RGBA
	bold bool
}

// Lines returns the bar's title and lines as last laid out (tests read them); none without an event.
func (b *EventBar) Lines() []string {
	if b.title == "" {
		return nil
	}
	out := []string{b.title}
	for _, l := range b.lines {
		out = append(out, l.text)
	}
	return out
}

// Layout implements ui.Widget: it builds the lines and places the bar.
func (b *EventBar) Layout(c *ui.Context) {
	b.title, b.lines, b.box = "", b.lines[:0], image.Rectangle{}
	st := b.M.Stage
	if !st.Running() || b.M.Room == nil {
		return
	}
	ev := st.State
	b.title = ev.GetTitle()
	if ev.GetPublicRecord() {
		b.title += "  ·  " + msg.T("on the record")
	}
	if item, n := st.Item(); item != "" {
		b.lines = append(b.lines, eventLine{msg.T("Now (%d of %d): %s", n, len(ev.GetAgenda()), item), gfx.ColText, true})
	} else if len(ev.GetAgenda()) > 0 {
		b.lines = append(b.lines, eventLine{msg.T("Starting soon: %s", ev.GetAgenda()[0]), gfx.ColDim, false})
	}
	if sp := ev.GetSpotlight(); sp != "" {
		b.lines = append(b.lines, eventLine{msg.T("In the spotlight: %s", sp), gfx.ColAccent, true})
	}
	if fl := ev.GetFloor(); fl != "" {
		b.lines = append(b.lines, eventLine{msg.T("The floor: %s (heard by the whole room)", fl), gfx.ColOK, false})
	}
	if hands := ev.GetHands(); len(hands) > 0 {
		b.lines = append(b.lines, eventLine{msg.T("Hands (%d): %s", len(hands), strings.Join(hands, ", ")), gfx.ColText, false})
	}
	me := b.M.Welcome.GetName()
	keys := msg.T("R  raise your hand   ·   Q  questions")
	if st.HandUp(me) {
		keys = msg.T("Your hand is up: R lowers it   ·   Q  questions")
	}
	if st.HostedBy(me, b.M.Role()) {
		keys = msg.T("You host: Q opens the stage panel (floor, agenda, questions)")
	}
	b.lines = append(b.lines, eventLine{keys, gfx.ColDim, false})

	f, s := c.Fonts, c.Scale
	avail := max(float64(c.Screen.Dx())-c.S(560), c.S(300))
	w := gfx.Measure(f.Title, b.title)
	for _, l := range b.lines {
		w = max(w, gfx.Measure(f.Body, l.text))
	}
	w = min(w+c.S(36), avail)
	h := gfx.LineHeight(f.Title) + float64(len(b.lines))*(gfx.LineHeight(f.Body)+3*s) + c.S(20)
	b.box = rect((float64(c.Screen.Dx())-w)/2, c.S(70), w, h)
}

// Bounds implements ui.Bounded.
func (b *EventBar) Bounds() image.Rectangle { return b.box }

// Update implements ui.Widget: R (when nothing above took it) and a click on the bar.
func (b *EventBar) Update(c *ui.Context, in *ui.Input) {
	if !b.M.Stage.Running() {
		return
	}
	if in.Take(ui.Hand) {
		b.Act.Events().ToggleHand()
	}
	if in.TakeClick(b.box) && b.OpenStage != nil {
		b.OpenStage()
	}
}

// Draw implements ui.Widget.
func (b *EventBar) Draw(dst *ebiten.Image, c *ui.Context) {
	if b.title == "" {
		return
	}
	f, s := c.Fonts, c.Scale
	x, y, w, h := float64(b.box.Min.X), float64(b.box.Min.Y), float64(b.box.Dx()), float64(b.box.Dy())
	gfx.FillRoundRect(dst, x, y, w, h, 10*s, color.RGBA{0x14, 0x17, 0x20, 0xf0})
	gfx.StrokeRoundRect(dst, x, y, w, h, 10*s, 2*s, gfx.ColAccent)
	measure := func(t string) float64 { return gfx.Measure(f.Body, t) }
	title := ui.Ellipsize(b.title, w-24*s, func(t string) float64 { return gfx.Measure(f.Title, t) })
	gfx.DrawText(dst, title, f.Title, x+w/2, y+9*s, gfx.ColAccent, 1)
	yy := y + 12*s + gfx.LineHeight(f.Title)
	for _, l := range b.lines {
		face := f.Body
		if l.bold {
			face = f.Bold
		}
		gfx.DrawText(dst, ui.Ellipsize(l.text, w-24*s, measure), face, x+w/2, yy, l.clr, 1)
		yy += gfx.LineHeight(f.Body) + 3*s
	}
}
