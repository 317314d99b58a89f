package ui

import (
	"image"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
)

// probe is a widget that records what reached it.
type probe struct {
	name      string
	focusable bool
	open      bool // acts as an open modal when modal is true
	modal     bool
	bounds    image.Rectangle
	got       []string
}

func (p *probe) Layout(*Context) {}
func (p *probe) Update(c *Context, in *Input) {
	if in.Take(Submit) {
		p.got = append(p.got, "submit")
	}
	if in.TakeClick(p.bounds) {
		p.got = append(p.got, "click")
	}
}
func (p *probe) Draw(*ebiten.Image, *Context) {}
func (p *probe) Focusable() bool              { return p.focusable }
func (p *probe) Bounds() image.Rectangle      { return p.bounds }

type modalProbe struct{ *probe }

func (m modalProbe) Open() bool { return m.open }

func TestRootFocusRingModalAndMouse(t *testing.T) {
	world := &probe{name: "world", focusable: true, bounds: image.Rect(0, 0, 1000, 1000)}
	chat := &probe{name: "chat", focusable: true, bounds: image.Rect(0, 800, 400, 1000)}
	rooms := &probe{name: "rooms", focusable: true, bounds: image.Rect(800, 0, 1000, 200)}
	help := modalProbe{&probe{name: "help"}}
	var r Root
	for _, w := range []Widget{world, chat, rooms, help} {
		r.Mount(w)
	}
	c := NewContext(1000, 1000, 1, nil, timeZero, 0)
	if r.Focus() != world {
		t.Fatalf("first focus %v, want the world", r.Focus())
	}
	r.Update(c, (&Input{}).Press(FocusNext))
	r.Update(c, (&Input{}).Press(FocusNext))
	if r.Focus() != rooms {
		t.Fatalf("Tab Tab focused %v, want rooms", r.Focus())
	}
	r.Update(c, (&Input{}).Press(FocusPrev))
	if r.Focus() != chat {
		t.Fatalf("Shift+Tab focused %v, want chat", r.Focus())
	}
	// The focused widget gets keys first.
	r.Update(c, (&Input{}).Press(Submit))
	if len(chat.got) != 1 || len(world.got) != 0 || len(rooms.got) != 0 {
		t.Fatalf("submit went to chat %v, world %v, rooms %v", chat.got, world.got, rooms.got)
	}
	// The mouse goes to the topmost widget under it, whatever has the focus.
	r.Update(c, (&Input{}).Click(image.Pt(900, 100)))
	if len(rooms.got) != 1 || rooms.got[0] != "click" || len(world.got) != 0 {
		t.Fatalf("click over the room list reached rooms %v, world %v", rooms.got, world.got)
	}
	r.Update(c, (&Input{}).Click(image.Pt(500, 500)))
	if len(world.got) != 1 {
		t.Fatalf("click on the open floor did not reach the world: %v", world.got)
	}
	// An open modal takes everything.
	help.open = true
	r.Update(c, (&Input{}).Press(Submit).Click(image.Pt(900, 100)))
	if len(help.got) != 1 || len(chat.got) != 1 || len(rooms.got) != 1 {
		t.Fatalf("with a modal open: help %v, chat %v, rooms %v", help.got, chat.got, rooms.got)
	}
}

var timeZero = time.Time{}
