package ui

import (
	"image"
	"strings"
)

// TextRequest is what the focused text field asks of the device's own text input (a phone's
// on-screen keyboard, an input method) for the next frame: where its caret is and its text either
// side of it.
type TextRequest struct {
	Caret         image.Rectangle // screen pixels: the candidate window or the page's text element goes there
	Before, After string
}

// Composed is what the device's own text input did to the focused text field in a frame. On the
// desktop it does nothing (typing arrives as keys and characters); in a browser on a phone the
// on-screen keyboard types into a text element of the page and reaches the game only this way.
type Composed struct {
	Changed       bool   // the field's text is now Before + After, the caret between them
	Before, After string //
	Preedit       string // text being composed at the caret, shown but not yet in the field
	Handled       bool   // it took this frame's typing: the keys' own characters and editing keys are dropped
	Enter         bool   // a line break was typed there: Submit
	Closed        bool   // the person closed the on-screen keyboard
}

// Compose applies what the device's text input did this frame. When it handled the typing, the
// characters and editing keys read from the keyboard are dropped: they are the same keystrokes.
func (in *Input) Compose(c Composed) {
	in.composed = c
	if c.Handled {
		in.text = nil
		for _, a := range []Action{Backspace, Delete, CaretLeft, CaretRight, Home, End, Submit} {
			in.pressed[a] = false
		}
	}
	if c.Enter {
		in.Press(Submit)
	}
}

// KeyboardClosed reports whether the person closed the on-screen keyboard this frame (the field
// that asked for it should let go of the focus, or the next tap anywhere would bring it back).
func (in *Input) KeyboardClosed() bool { return in.composed.Closed }

// SetAround replaces the text with before + after and puts the cursor between them.
func (f *TextField) SetAround(before, after string) {
	f.Set(before)
	n := f.cursor
	f.Set(before + after)
	f.cursor = min(n, len(f.runes))
}

// CommitPreedit types what is being composed (Send pressed mid-word).
func (f *TextField) CommitPreedit() {
	f.Insert([]rune(f.Preedit))
	f.Preedit = ""
}

// WantText asks, for the next frame, for the device's own text input for f, whose caret is at
// caret: a focused text field calls it every frame it takes typing. Without it a phone shows no
// keyboard.
func (c *Context) WantText(f *TextField, caret image.Rectangle) {
	c.text = &TextRequest{Caret: caret, Before: f.Before(), After: strings.TrimPrefix(f.String(), f.Before())}
}

// TextWanted returns what a text field asked for in this frame, or nil when none takes typing.
func (c *Context) TextWanted() *TextRequest { return c.text }

// Typing reports whether a text field took typing in the last frame (an on-screen keypad offers
// Send instead of Chat).
func (c *Context) Typing() bool { return c.root != nil && c.root.typing }

// ModalOpen reports whether a modal (a panel, a menu, a dialog) is open.
func (c *Context) ModalOpen() bool { return c.root != nil && c.root.openModal() != nil }
