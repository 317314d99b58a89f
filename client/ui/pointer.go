package ui

import "image"

// What widgets take from the pointer: clicks, the wheel, a finger's drag and pinch, a button held.
// Each is taken inside a rectangle by the widget the Root routes the pointer to (mine).

// mine reports whether the widget being updated may take pointer events.
func (in *Pointer) mine() bool { return in.owner == in.current }

// TakeClick reports a click inside r and consumes it.
func (in *Pointer) TakeClick(r image.Rectangle) bool {
	if !in.click || !in.Cursor.In(r) || !in.mine() {
		return false
	}
	in.click = false
	return true
}

// TakeRightClick reports a right click inside r and consumes it.
func (in *Pointer) TakeRightClick(r image.Rectangle) bool {
	if !in.right || !in.Cursor.In(r) || !in.mine() {
		return false
	}
	in.right = false
	return true
}

// Clicked reports an unconsumed click anywhere (the world takes what the panels left).
func (in *Pointer) Clicked() bool { return in.click && in.mine() }

// TakeWheel returns wheel movement over r and consumes it.
func (in *Pointer) TakeWheel(r image.Rectangle) float64 { return in.takeOver(&in.wheel, r) }

// TakeDrag returns how far a finger held over r dragged this frame (positive: down) and consumes it.
func (in *Pointer) TakeDrag(r image.Rectangle) float64 { return in.takeOver(&in.drag, r) }

// takeOver returns *v, this frame's movement of the wheel or a finger, when the pointer is over r
// and the movement is not taken yet, and takes it.
func (in *Pointer) takeOver(v *float64, r image.Rectangle) float64 {
	if *v == 0 || !in.Cursor.In(r) || !in.mine() {
		return 0
	}
	x := *v
	*v = 0
	return x
}

// TakePinch returns how far two fingers spread this frame (1: not at all) and consumes it.
func (in *Pointer) TakePinch() float64 {
	p := in.pinchFactor()
	if !in.mine() {
		return 1
	}
	in.pinch = 0
	return p
}

func (in *Pointer) pinchFactor() float64 {
	if in.pinch == 0 {
		return 1
	}
	return in.pinch
}

// HeldOver reports whether the left button or a finger is held down over r (a hold-to-talk button).
func (in *Pointer) HeldOver(r image.Rectangle) bool { return in.down && in.Cursor.In(r) && in.mine() }

// TakeMouse consumes every mouse event over r (a panel swallows clicks and wheel that land on it).
func (in *Pointer) TakeMouse(r image.Rectangle) {
	if in.Cursor.In(r) && in.mine() {
		in.click, in.right, in.wheel, in.drag, in.pinch = false, false, 0, 0, 0
	}
}

// TakeAllMouse consumes every mouse event (a modal).
func (in *Pointer) TakeAllMouse() {
	in.click, in.right, in.wheel, in.drag, in.pinch = false, false, 0, 0, 0
}
