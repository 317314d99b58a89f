package ui

import (
	"image"
	"math"
	"testing"
)

func TestTouchesTapDragAndPinch(t *testing.T) {
	var tr Touches
	step := func(fs ...Finger) *Input {
		in := &Input{}
		tr.Step(fs, in)
		return in
	}
	// A finger lands: a click there at once, held.
	in := step(Finger{ID: 7, At: image.Pt(100, 200)})
	if !in.click || !in.down || in.Cursor != image.Pt(100, 200) {
		t.Fatalf("landing: click %v down %v at %v", in.click, in.down, in.Cursor)
	}
	// It moves up: a drag, not another click.
	in = step(Finger{ID: 7, At: image.Pt(102, 170)})
	if in.click || in.TakeDrag(image.Rect(0, 0, 500, 500)) != -30 {
		t.Fatalf("moving: click %v drag %v", in.click, in.drag)
	}
	// Lifted: nothing held.
	if in = step(); in.down || in.click {
		t.Fatal("a lifted finger is still down")
	}
	// Two fingers: the first is a click (a tap cannot wait to know), then they pinch.
	step(Finger{ID: 1, At: image.Pt(100, 100)})
	in = step(Finger{ID: 1, At: image.Pt(100, 100)}, Finger{ID: 2, At: image.Pt(200, 100)})
	if in.click || in.down || in.TakePinch() != 1 {
		t.Fatal("a second finger clicked, held or pinched at once")
	}
	in = step(Finger{ID: 2, At: image.Pt(250, 100)}, Finger{ID: 1, At: image.Pt(50, 100)})
	if p := in.TakePinch(); math.Abs(p-2) > 1e-9 || in.Cursor != image.Pt(150, 100) {
		t.Fatalf("spreading from 100 to 200 apart pinched %v around %v, want 2 around (150,100)", p, in.Cursor)
	}
	// Back to one finger: no click (the gesture goes on), no jump read as a drag.
	if in = step(Finger{ID: 1, At: image.Pt(50, 100)}); in.click || in.drag != 0 {
		t.Fatalf("after the pinch: click %v drag %v", in.click, in.drag)
	}
}

// keypad is an on-screen keypad of one button that presses (or holds) an action.
type keypad struct {
	probe
	act  Action
	hold bool
}

func (k *keypad) Keys(c *Context, in *Input) {
	if k.hold && in.HeldOver(k.bounds) {
		in.Hold(k.act)
	} else if in.TakeClick(k.bounds) {
		in.Press(k.act)
	}
}

// taker records the actions that reach it.
type taker struct {
	probe
	takes []Action
	held  Action
}

func (w *taker) Update(c *Context, in *Input) {
	for _, a := range w.takes {
		if in.Take(a) {
			w.got = append(w.got, "took")
		}
	}
	if in.Held(w.held) {
		w.got = append(w.got, "held")
	}
}

func TestKeypadPressesBeforeTheFocusedWidgetAndReachesAModal(t *testing.T) {
	world := &taker{probe: probe{focusable: true}, takes: []Action{ZoomIn}, held: Talk}
	help := &modalTaker{taker: taker{takes: []Action{Cancel}}}
	zoom := &keypad{probe: probe{bounds: image.Rect(0, 900, 100, 1000)}, act: ZoomIn}
	closer := &keypad{probe: probe{bounds: image.Rect(100, 900, 200, 1000)}, act: Cancel}
	talk := &keypad{probe: probe{bounds: image.Rect(200, 900, 300, 1000)}, act: Talk, hold: true}
	var r Root
	for _, w := range []Widget{world, help, zoom, closer, talk} {
		r.Mount(w)
	}
	c := NewContext(1000, 1000, 1, nil, timeZero, 0)
	r.Update(c, (&Input{}).Touch(image.Pt(50, 950)))
	if len(world.got) != 1 {
		t.Fatalf("the focused world did not get the keypad's zoom: %v", world.got)
	}
	r.Update(c, (&Input{}).Touch(image.Pt(250, 950)))
	if len(world.got) != 2 || world.got[1] != "held" {
		t.Fatalf("holding the talk button did not hold Talk: %v", world.got)
	}
	help.open = true
	r.Update(c, (&Input{}).Touch(image.Pt(150, 950)))
	if len(help.got) != 1 {
		t.Fatalf("the keypad's Close did not reach the open modal: %v", help.got)
	}
	// A keypad under an open modal presses nothing.
	var r2 Root
	low := &keypad{probe: probe{bounds: image.Rect(0, 0, 100, 100)}, act: Cancel}
	dlg := &modalTaker{taker: taker{takes: []Action{Cancel}}}
	dlg.open = true
	r2.Mount(low)
	r2.Mount(dlg)
	r2.Update(c, (&Input{}).Touch(image.Pt(50, 50)))
	if len(dlg.got) != 0 {
		t.Fatalf("a keypad under the modal pressed into it: %v", dlg.got)
	}
}

type modalTaker struct{ taker }

func (m *modalTaker) Open() bool { return m.open }

func TestComposedTypingReplacesTheKeysOwn(t *testing.T) {
	f := TextField{}
	f.Set("helo")
	f.Move(-1)
	// The keyboard's text element took the keystrokes: the canvas's copies are dropped.
	in := (&Input{}).Type("x").Press(Backspace)
	in.Compose(Composed{Changed: true, Before: "hell", After: "o", Preedit: "wor", Handled: true})
	f.Edit(in)
	if f.String() != "hello" || f.Before() != "hell" || f.Preedit != "wor" {
		t.Fatalf("field %q before %q preedit %q", f.String(), f.Before(), f.Preedit)
	}
	f.CommitPreedit()
	if f.String() != "hellworo" || f.Preedit != "" {
		t.Fatalf("after committing the preedit: %q", f.String())
	}
	// A line break typed there is Enter.
	in = &Input{}
	in.Compose(Composed{Handled: true, Enter: true})
	if !in.Take(Submit) {
		t.Fatal("a line break from the keyboard did not press Submit")
	}
	// Not handled: the keys work as usual.
	in = (&Input{}).Type("!")
	in.Compose(Composed{})
	f.Edit(in)
	if f.String() != "hellwor!o" {
		t.Fatalf("plain typing gave %q", f.String())
	}
}
