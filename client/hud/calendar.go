package hud

import (
	"image"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/ui"
)

// CalendarPanel is the events panel: F6 opens and closes it. It lists the events running now and
// those to come (GET /api/events, fetched when it opens; R fetches again), in your time zone, with
// marks for invite-only events and events on the public record. Up/Down choose one, Enter (or a
// click on it) goes to its room.
type CalendarPanel struct {
	Env
	// Zone is the time zone times are shown in; nil: the computer's.
	Zone *time.Location

	open   bool
	sel    int
	box    image.Rectangle
	list   image.Rectangle
	rowH   float64
	lines  []calendarRow
	status string
}

// calendarRow is one event as the panel shows it: two lines.
type calendarRow struct {
	title, detail string
	live          bool
}

// Bounds implements ui.Bounded: the box, while open.
func (p *CalendarPanel) Bounds() image.Rectangle {
	if !p.open {
		return image.Rectangle{}
	}
	return p.box
}

// Open implements ui.Modal.
func (p *CalendarPanel) Open() bool { return p.open }

// Rows returns the events as last laid out, each "title | detail" (tests read them).
func (p *CalendarPanel) Rows() []string {
	out := make([]string, len(p.lines))
	for i, r := range p.lines {
		out[i] = r.title + " | " + r.detail
	}
	return out
}

// Layout implements ui.Widget.
func (p *CalendarPanel) Layout(c *ui.Context) {
	if !p.open {
		return
	}
	p.build()
	f := c.Fonts
	p.box = panelBox(c, 760, 520)
	x, y, w, h := float64(p.box.Min.X), float64(p.box.Min.Y), float64(p.box.Dx()), float64(p.box.Dy())
	p.rowH = gfx.LineHeight(f.Bold) + gfx.LineHeight(f.Small) + c.S(12)
	top := y + c.S(56) + gfx.LineHeight(f.Small)
	p.list = rect(x+c.S(12), top, w-c.S(24), y+h-c.S(16)-top)
	p.sel = max(min(p.sel, len(p.lines)-1), 0)
}

// build turns the calendar into rows.
func (p *CalendarPanel) build() {
	cal := &p.M.Calendar
	zone := p.Zone
	if zone == nil {
		zone = time.Local
	}
	p.lines = p.lines[:0]
	for _, l := range cal.Events {
		row := calendarRow{title: l.Title, live: l.Live(p.M.Now)}
		if row.live {
			row.title = msg.T("NOW") + "  " + row.title
		}
		row.detail = eventWhen(l, zone) + "  ·  " + p.M.RoomName(l.Room)
		if l.InviteOnly {
			row.detail += "  ·  " + msg.T("invitation only")
		}
		if l.PublicRecord {
			row.detail += "  ·  " + msg.T("on the public record")
		}
		p.lines = append(p.lines, row)
	}
	switch {
	case cal.Asking && cal.Fetched.IsZero():
		p.status = msg.T("asking the server…")
	case cal.Err != "":
		p.status = cal.Err
	case len(cal.Events) == 0:
		p.status = msg.T("No events are planned. R asks again.")
	default:
		p.status = msg.T("Times in your time zone (%s)  ·  R refreshes", zone.String())
	}
}

// eventWhen says when l runs, in zone: "Sat 5 Dec 18:00–20:00", or with both dates when it spans
// days.
func eventWhen(l session.Listing, zone *time.Location) string {
	s, e := l.Starts.In(zone), l.Ends.In(zone)
	if s.YearDay() == e.YearDay() && s.Year() == e.Year() {
		return s.Format("Mon 2 Jan 15:04") + "–" + e.Format("15:04")
	}
	return s.Format("Mon 2 Jan 15:04") + " – " + e.Format("Mon 2 Jan 15:04")
}

// Update implements ui.Widget.
func (p *CalendarPanel) Update(c *ui.Context, in *ui.Input) {
	if !p.open {
		if in.Take(ui.Calendar) {
			p.open = true
			p.Act.Events().Refresh()
		}
		return
	}
	if _, ok := in.TakeAny(ui.Calendar, ui.Cancel); ok {
		p.open = false
		return
	}
	if listKeys(in, &p.sel) {
		p.goTo(p.sel)
	}
	p.sel = max(min(p.sel, len(p.lines)-1), 0)
	if in.TakeClick(p.list) {
		p.goTo(int(float64(in.Cursor.Y-p.list.Min.Y) / p.rowH))
	}
	for _, r := range in.TakeText() {
		if r == 'r' || r == 'R' {
			p.Act.Events().Refresh()
		}
	}
	if !in.TakeClick(p.box) && in.Clicked() {
		p.open = false
	}
}

// goTo goes to the room of event i and closes the panel.
func (p *CalendarPanel) goTo(i int) {
	if i < 0 || i >= len(p.M.Calendar.Events) {
		return
	}
	p.open = false
	p.Act.Events().GoTo(p.M.Calendar.Events[i])
}

// Draw implements ui.Widget.
func (p *CalendarPanel) Draw(dst *ebiten.Image, c *ui.Context) {
	if !p.open {
		return
	}
	f, s := c.Fonts, c.Scale
	x, y, w := float64(p.box.Min.X), float64(p.box.Min.Y), float64(p.box.Dx())
	modalBox(dst, c, p.box)
	gfx.DrawText(dst, msg.T("Events"), f.Title, x+18*s, y+14*s, gfx.ColAccent, 0)
	gfx.DrawText(dst, msg.T("F6 or Esc closes  ·  Up/Down, Enter: go there"), f.Small, x+w-18*s, y+20*s, gfx.ColDim, 2)
	gfx.DrawText(dst, p.status, f.Small, float64(p.list.Min.X)+4*s, float64(p.list.Min.Y)-gfx.LineHeight(f.Small)-2*s, gfx.ColDim, 0)
	shown := max(int(float64(p.list.Dy())/p.rowH), 1)
	top := max(p.sel-shown+1, 0)
	lw := float64(p.list.Dx()) - 16*s
	for i := top; i < len(p.lines) && i < top+shown; i++ {
		r := p.lines[i]
		ry := float64(p.list.Min.Y) + float64(i-top)*p.rowH
		if i == p.sel {
			gfx.FillRoundRect(dst, float64(p.list.Min.X), ry, float64(p.list.Dx()), p.rowH-4*s, 5*s, gfx.WithAlpha(gfx.ColFocus, 0.3))
		}
		clr := gfx.ColText
		if r.live {
			clr = gfx.ColOK
		}
		gfx.DrawText(dst, ui.Ellipsize(r.title, lw, func(t string) float64 { return gfx.Measure(f.Bold, t) }), f.Bold, float64(p.list.Min.X)+8*s, ry+3*s, clr, 0)
		gfx.DrawText(dst, ui.Ellipsize(r.detail, lw, func(t string) float64 { return gfx.Measure(f.Small, t) }), f.Small, float64(p.list.Min.X)+8*s, ry+5*s+gfx.LineHeight(f.Bold), gfx.ColDim, 0)
	}
}

// listKeys moves a list's selection with Up and Down (the caller keeps it in range) and reports
// whether Enter chose the selected line.
func listKeys(in *ui.Input, sel *int) bool {
	switch a, _ := in.TakeAny(ui.Up, ui.Down, ui.Submit); a {
	case ui.Up:
		*sel--
	case ui.Down:
		*sel++
	case ui.Submit:
		return true
	}
	return false
}
