package hud

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// TourPanel is the tour picker: F8 opens and closes it. It lists the embassy's tours (GET
// /api/tours, fetched when it opens). Up/Down choose one; Enter takes it yourself (the tour bar
// shows the way from stop to stop); as a diplomat or above, L leads it as a guided tour that others
// follow. The panel also leaves the tour you take (X), ends the one you lead (E) or stops following
// (U).
type TourPanel struct {
	Env

	open    bool
	sel     int
	box     image.Rectangle
	list    image.Rectangle
	rowH    float64
	buttons []panelButton
}

// Bounds implements ui.Bounded: the box, while open.
func (p *TourPanel) Bounds() image.Rectangle {
	if !p.open {
		return image.Rectangle{}
	}
	return p.box
}

// Open implements ui.Modal.
func (p *TourPanel) Open() bool { return p.open }

// Buttons returns the labels of the buttons as last laid out (tests read them).
func (p *TourPanel) Buttons() []string {
	var out []string
	for _, b := range p.buttons {
		out = append(out, b.label)
	}
	return out
}

// Layout implements ui.Widget.
func (p *TourPanel) Layout(c *ui.Context) {
	if !p.open {
		return
	}
	tours := p.M.Tour.Tours
	p.sel = max(min(p.sel, len(tours)-1), 0)
	p.build()
	f := c.Fonts
	p.box = panelBox(c, 680, 440)
	x, y, w, h := float64(p.box.Min.X), float64(p.box.Min.Y), float64(p.box.Dx()), float64(p.box.Dy())
	p.rowH = gfx.LineHeight(f.Bold) + gfx.LineHeight(f.Small) + c.S(12)
	top := y + c.S(56) + gfx.LineHeight(f.Small)
	bottom := flowButtons(c, p.buttons, x+c.S(16), w-c.S(32), y+h-c.S(16)) - c.S(8)
	p.list = rect(x+c.S(12), top, w-c.S(24), max(bottom-top, p.rowH))
}

// build offers what you may do now.
func (p *TourPanel) build() {
	p.buttons = p.buttons[:0]
	ta, ts, me := p.Act.Tours(), &p.M.Tour, p.M.Welcome.GetName()
	add := func(key rune, label string, do func()) {
		p.buttons = append(p.buttons, panelButton{key: key, label: keyed(key, label), do: do})
	}
	var chosen *world.Tour
	if p.sel < len(ts.Tours) {
		chosen = ts.Tours[p.sel]
		p.buttons = append(p.buttons, panelButton{key: '\r', label: msg.T("Enter · Take it myself"), do: func() { p.open = false; ta.Begin(chosen) }})
	}
	if ts.Active != nil {
		add('x', msg.T("Leave my tour"), ta.Quit)
	}
	g := p.M.Group
	switch {
	case g != nil && g.GetGuide() == me:
		add('e', msg.T("End the guided tour"), func() { ta.Guide(pb.Guide_END, "", "") })
	case g != nil:
		add('u', msg.T("Stop following %s", g.GetGuide()), func() { ta.Guide(pb.Guide_UNFOLLOW, "", "") })
	case chosen != nil && p.M.Role() != pb.Role_ROLE_VISITOR:
		add('l', msg.T("Lead it as a guide"), func() { p.open = false; ta.Guide(pb.Guide_START, chosen.Title, "") })
	}
}

// Update implements ui.Widget.
func (p *TourPanel) Update(c *ui.Context, in *ui.Input) {
	if !p.open {
		if in.Take(ui.TourPane) {
			p.open = true
			if len(p.M.Tour.Tours) == 0 {
				p.Act.Tours().Refresh()
			}
		}
		return
	}
	if _, ok := in.TakeAny(ui.TourPane, ui.Cancel); ok {
		p.open = false
		return
	}
	if listKeys(in, &p.sel) {
		pressKey(p.buttons, '\r')
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
		pressKey(p.buttons, r|0x20) // lower case
	}
	if p.open && !in.TakeClick(p.box) && in.Clicked() {
		p.open = false
	}
}

// Draw implements ui.Widget.
func (p *TourPanel) Draw(dst *ebiten.Image, c *ui.Context) {
	if !p.open {
		return
	}
	f, s := c.Fonts, c.Scale
	x, y, w := float64(p.box.Min.X), float64(p.box.Min.Y), float64(p.box.Dx())
	modalBox(dst, c, p.box)
	gfx.DrawText(dst, msg.T("Tours"), f.Title, x+18*s, y+14*s, gfx.ColAccent, 0)
	gfx.DrawText(dst, msg.T("F8 or Esc closes  ·  Up/Down, Enter: take it"), f.Small, x+w-18*s, y+20*s, gfx.ColDim, 2)
	ts := &p.M.Tour
	status := msg.T("Walk from stop to stop; each stop's text opens when you arrive.")
	switch {
	case ts.Err != "":
		status = ts.Err
	case ts.Asking && len(ts.Tours) == 0:
		status = msg.T("asking the server…")
	case len(ts.Tours) == 0:
		status = msg.T("This embassy has no tours.")
	}
	gfx.DrawText(dst, status, f.Small, float64(p.list.Min.X)+4*s, float64(p.list.Min.Y)-gfx.LineHeight(f.Small)-2*s, gfx.ColDim, 0)
	lw := float64(p.list.Dx()) - 16*s
	shown := max(int(float64(p.list.Dy())/p.rowH), 1)
	top := max(p.sel-shown+1, 0)
	for i := top; i < len(ts.Tours) && i < top+shown; i++ {
		t := ts.Tours[i]
		ry := float64(p.list.Min.Y) + float64(i-top)*p.rowH
		if i == p.sel {
			gfx.FillRoundRect(dst, float64(p.list.Min.X), ry, float64(p.list.Dx()), p.rowH-4*s, 5*s, gfx.WithAlpha(gfx.ColFocus, 0.3))
		}
		title := msg.T("%s  (%d stops)", t.Title, len(t.Stops))
		if ts.Active == t {
			title += "  ·  " + msg.T("you are taking it")
		}
		gfx.DrawText(dst, ui.Ellipsize(title, lw, func(t string) float64 { return gfx.Measure(f.Bold, t) }), f.Bold, float64(p.list.Min.X)+8*s, ry+3*s, gfx.ColText, 0)
		gfx.DrawText(dst, ui.Ellipsize(t.Description, lw, func(t string) float64 { return gfx.Measure(f.Small, t) }), f.Small, float64(p.list.Min.X)+8*s, ry+5*s+gfx.LineHeight(f.Bold), gfx.ColDim, 0)
	}
	for _, b := range p.buttons {
		button(dst, c, b.r, b.label, false)
	}
}
