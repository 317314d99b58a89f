package ui

import (
	"image"

	"github.com/embassy-project/embassy/shared/world"
)

// Action is something a person asks for with a key (or a chord of keys). Widgets read actions, never
// keys, so that the key map lives in one place (keys.go) and tests can press actions directly.
type Action int

// The actions. Walk* are held (WASD or arrows); the rest are presses, some repeating while held.
const (
	WalkUp Action = iota
	WalkDown
	WalkLeft
	WalkRight
	CaretLeft  // arrow left (repeats): text caret, previous choice
	CaretRight // arrow right (repeats)
	Up         // arrow up or W (repeats): lists, scrolling
	Down       // arrow down or S (repeats)
	Submit     // Enter
	Cancel     // Esc
	FocusNext  // Tab
	FocusPrev  // Shift+Tab
	OpenChat   // T (Enter opens the chat too, as Submit)
	Command    // '/': open the chat with a command
	Read       // E: read the exhibit in reach
	Help       // F1 or H
	ZoomIn     // + (repeats)
	ZoomOut    // - (repeats)
	PageUp     // repeats
	PageDown   // repeats
	Home
	End
	Backspace // repeats
	Delete    // repeats
	Select    // Space
	Voice     // J: join or leave voice
	Mute      // M: mute or unmute your microphone
	PTTMode   // P: push-to-talk on or off
	Talk      // V, held: talk while push-to-talk is on
	Staff     // F7: the moderator panel (moderators and admins)
	Hand      // R: raise or lower your hand during an event
	StagePane // Q: the stage panel of the event in your room (hands, questions, host controls)
	Calendar  // F6: the events panel
	TourPane  // F8: the tours panel
	Paste     // Ctrl+V: paste into a text field
	actionCount
)

// Input is one frame's input: held and pressed actions, typed text and the mouse. Widgets take what
// they use, top-down, so that what the topmost widget consumed never reaches the ones below.
type Input struct {
	held    [actionCount]bool
	pressed [actionCount]bool
	text    []rune
	keysOff bool // the keyboard was taken as a whole

	composed Composed // what the device's own text input did to the focused field

	Pointer // the mouse or the fingers
}

// Pointer is one frame's mouse or fingers (pointer.go takes from it); Input builds it.
type Pointer struct {
	Cursor image.Point // the mouse or the finger, in screen pixels
	click  bool        // the left button went down this frame, or a finger touched the screen
	right  bool        // the right button went down this frame
	down   bool        // the left button or a finger is down (held) at Cursor
	wheel  float64     // vertical wheel movement this frame
	drag   float64     // a finger moved this far down (negative: up) this frame, screen pixels
	pinch  float64     // two fingers spread by this factor this frame; 0 or 1: none

	// The Root routes the mouse to one widget: the topmost whose bounds hold the cursor (owner);
	// current is the widget being updated. Without a Root both are nil and the mouse goes to anyone.
	owner, current Widget
}

// Press marks a as pressed (and held) this frame; tests and automation build Input with it.
func (in *Input) Press(a Action) *Input {
	in.held[a], in.pressed[a] = true, true
	return in
}

// Hold marks a as held this frame without a new press.
func (in *Input) Hold(a Action) *Input {
	in.held[a] = true
	return in
}

// Type adds typed text.
func (in *Input) Type(s string) *Input {
	in.text = append(in.text, []rune(s)...)
	return in
}

// Click puts a left click at p.
func (in *Input) Click(p image.Point) *Input {
	in.Cursor, in.click = p, true
	return in
}

// Touch puts a finger down at p: a click there, held.
func (in *Input) Touch(p image.Point) *Input {
	in.Cursor, in.click, in.down = p, true, true
	return in
}

// Drag moves a finger held at p by dy (positive: down).
func (in *Input) Drag(p image.Point, dy float64) *Input {
	in.Cursor, in.down, in.drag = p, true, in.drag+dy
	return in
}

// Pinch spreads two fingers around p by factor (above 1: apart, zooming in).
func (in *Input) Pinch(p image.Point, factor float64) *Input {
	in.Cursor, in.pinch = p, in.pinchFactor()*factor
	return in
}

// Scroll adds wheel movement at p (positive: away from you, up).
func (in *Input) Scroll(p image.Point, dy float64) *Input {
	in.Cursor, in.wheel = p, in.wheel+dy
	return in
}

// Held reports whether a is held and the keyboard has not been taken.
func (in *Input) Held(a Action) bool { return !in.keysOff && in.held[a] }

// Pressed reports whether a was pressed (or repeated) this frame and not yet taken.
func (in *Input) Pressed(a Action) bool { return !in.keysOff && in.pressed[a] }

// Take reports whether a was pressed and consumes it, so widgets below do not see it.
func (in *Input) Take(a Action) bool {
	if !in.Pressed(a) {
		return false
	}
	in.pressed[a] = false
	return true
}

// TakeAny takes the first of as that was pressed and reports which; ok is false if none was.
func (in *Input) TakeAny(as ...Action) (Action, bool) {
	for _, a := range as {
		if in.Take(a) {
			return a, true
		}
	}
	return 0, false
}

// TakeText returns the typed text and consumes it.
func (in *Input) TakeText() []rune {
	if in.keysOff {
		return nil
	}
	t := in.text
	in.text = nil
	return t
}

// TakeKeys consumes the whole keyboard for this frame: a focused text field or an open modal does
// this so that no key reaches the world.
func (in *Input) TakeKeys() { in.keysOff = true }

// RightClick puts a right click at p.
func (in *Input) RightClick(p image.Point) *Input {
	in.Cursor, in.right = p, true
	return in
}

// Merge adds o's held and pressed actions, text and click to in (automation's input joins the
// keyboard's).
func (in *Input) Merge(o *Input) {
	for a := range actionCount {
		in.held[a] = in.held[a] || o.held[a]
		in.pressed[a] = in.pressed[a] || o.pressed[a]
	}
	in.text = append(in.text, o.text...)
	if o.click || o.right || o.down {
		in.Cursor, in.click, in.right, in.down = o.Cursor, in.click || o.click, in.right || o.right, in.down || o.down
	}
	in.wheel += o.wheel
	in.drag += o.drag
	if o.pinch != 0 {
		in.pinch = in.pinchFactor() * o.pinch
	}
}

// HeldDir turns the held walking actions into a direction; opposite keys cancel.
func HeldDir(in *Input) world.Dir {
	var d world.Dir
	if in.Held(WalkLeft) {
		d.X--
	}
	if in.Held(WalkRight) {
		d.X++
	}
	if in.Held(WalkUp) {
		d.Y--
	}
	if in.Held(WalkDown) {
		d.Y++
	}
	return d
}
