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

	Cursor  image.Point // the mouse or the finger, in screen pixels
	click   bool        // the left button went down this frame, or a finger touched the screen
	right   bool        // the right button went down this frame
	down    bool        // the left button or a finger is down (held) at Cursor
	wheel   float64     // vertical wheel movement this frame
	drag    float64     // a finger moved this far down (negative: up) this frame, screen pixels
	pinch   float64     // two fingers spread by this factor this frame; 0 or 1: none
	keysOff bool        // the keyboard was taken as a whole

	composed Composed // what the device's own text input did to the focused field

	// The Root routes the mouse to one widget: the topmost whose bounds hold the cursor (owner);
	// current is the widget being updated. Without a Root both are nil and the mouse goes to anyone.
	owner, current Widget
}

// mine reports whether the widget being updated may take mouse events.
func (in *Input) mine() bool { return in.owner == in.current }

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

// TakeClick reports a click inside r and consumes it.
func (in *Input) TakeClick(r image.Rectangle) bool {
	if !in.click || !in.Cursor.In(r) || !in.mine() {
		return false
	}
	in.click = false
	return true
}

// RightClick puts a right click at p.
func (in *Input) RightClick(p image.Point) *Input {
	in.Cursor, in.right = p, true
	return in
}

// TakeRightClick reports a right click inside r and consumes it.
func (in *Input) TakeRightClick(r image.Rectangle) bool {
	if !in.right || !in.Cursor.In(r) || !in.mine() {
		return false
	}
	in.right = false
	return true
}

// Clicked reports an unconsumed click anywhere (the world takes what the panels left).
func (in *Input) Clicked() bool { return in.click && in.mine() }

// TakeWheel returns wheel movement over r and consumes it.
func (in *Input) TakeWheel(r image.Rectangle) float64 {
	if in.wheel == 0 || !in.Cursor.In(r) || !in.mine() {
		return 0
	}
	w := in.wheel
	in.wheel = 0
	return w
}

// TakeDrag returns how far a finger held over r dragged this frame (positive: down) and consumes it.
func (in *Input) TakeDrag(r image.Rectangle) float64 {
	if in.drag == 0 || !in.Cursor.In(r) || !in.mine() {
		return 0
	}
	d := in.drag
	in.drag = 0
	return d
}

// TakePinch returns how far two fingers spread this frame (1: not at all) and consumes it.
func (in *Input) TakePinch() float64 {
	p := in.pinchFactor()
	if !in.mine() {
		return 1
	}
	in.pinch = 0
	return p
}

func (in *Input) pinchFactor() float64 {
	if in.pinch == 0 {
		return 1
	}
	return in.pinch
}

// HeldOver reports whether the left button or a finger is held down over r (a hold-to-talk button).
func (in *Input) HeldOver(r image.Rectangle) bool { return in.down && in.Cursor.In(r) && in.mine() }

// TakeMouse consumes every mouse event over r (a panel swallows clicks and wheel that land on it).
func (in *Input) TakeMouse(r image.Rectangle) {
	if in.Cursor.In(r) && in.mine() {
		in.click, in.right, in.wheel, in.drag, in.pinch = false, false, 0, 0, 0
	}
}

// TakeAllMouse consumes every mouse event (a modal).
func (in *Input) TakeAllMouse() {
	in.click, in.right, in.wheel, in.drag, in.pinch = false, false, 0, 0, 0
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
