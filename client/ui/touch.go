package ui

import (
	"image"
	"math"
	"slices"
)

// Finger is one touch on the screen, in screen pixels.
type Finger struct {
	ID int
	At image.Point
}

// Touches follows the fingers on a touch screen from frame to frame and turns them into the
// pointer input the widgets take, so that touch and mouse share their code:
//   - a finger touching an empty screen is a click where it lands, at once (not when it lifts: a
//     browser brings up a phone's keyboard only while the finger that asked for it is still down);
//   - a finger held is the button held (hold to talk);
//   - one finger moving drags (scrolls the chat, a panel);
//   - two fingers pinch (zoom).
type Touches struct {
	prev  []Finger
	pinch float64 // the distance between the two fingers last frame; 0: not pinching
}

// Step reads this frame's fingers into in.
func (t *Touches) Step(now []Finger, in *Input) {
	now = slices.Clone(now)
	slices.SortFunc(now, func(a, b Finger) int { return a.ID - b.ID })
	defer func() { t.prev = now }()
	if len(now) == 0 {
		t.pinch = 0
		return
	}
	in.Cursor, in.down = now[0].At, true
	switch {
	case len(t.prev) == 0 && len(now) == 1:
		in.click = true
	case len(now) == 1 && len(t.prev) == 1 && t.prev[0].ID == now[0].ID:
		in.drag += float64(now[0].At.Y - t.prev[0].At.Y)
	case len(now) >= 2:
		d := math.Hypot(float64(now[1].At.X-now[0].At.X), float64(now[1].At.Y-now[0].At.Y))
		mid := now[0].At.Add(now[1].At).Div(2)
		if t.pinch > 0 && d > 0 {
			in.Pinch(mid, d/t.pinch)
		}
		in.Cursor, in.down = mid, false // two fingers hold no button
		t.pinch = d
		return
	}
	t.pinch = 0
}
