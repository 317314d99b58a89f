package platform

import "image"

// TextEdit is what the device's own text input did to the focused text field in a frame.
type TextEdit struct {
	Changed       bool   // the field's text is now Before + After, the caret between them
	Before, After string //
	Preedit       string // text being composed at the caret, not yet in the field
	Handled       bool   // it took this frame's typing: the same keystrokes read as keys must be dropped
	Enter         bool   // a line break was typed there: Enter (it is not in the text)
	Closed        bool   // the person closed the on-screen keyboard
}

// TextField is the focused text field as the text input must know it: its text either side of
// the caret and where the caret is on the screen.
type TextField struct {
	Caret         image.Rectangle
	Before, After string
}
