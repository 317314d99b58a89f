package ui

import (
	"unicode"
	"unicode/utf8"
)

// TextField is an editable line of text with a cursor: the chat box and the join screen's name.
type TextField struct {
	runes  []rune
	cursor int
	Max    int // most runes accepted; 0 means no limit
	// Preedit is what an input method or on-screen keyboard is composing at the cursor: shown, not
	// yet typed.
	Preedit string
}

// String returns the text.
func (f *TextField) String() string { return string(f.runes) }

// Cursor returns the cursor position in runes.
func (f *TextField) Cursor() int { return f.cursor }

// Set replaces the text and puts the cursor at its end.
func (f *TextField) Set(s string) {
	f.runes = []rune(s)
	if f.Max > 0 && len(f.runes) > f.Max {
		f.runes = f.runes[:f.Max]
	}
	f.cursor = len(f.runes)
}

// Insert types printable characters at the cursor.
func (f *TextField) Insert(rs []rune) {
	for _, r := range rs {
		if !unicode.IsPrint(r) || r == utf8.RuneError || (f.Max > 0 && len(f.runes) >= f.Max) {
			continue
		}
		f.runes = append(f.runes, 0)
		copy(f.runes[f.cursor+1:], f.runes[f.cursor:])
		f.runes[f.cursor] = r
		f.cursor++
	}
}

// Backspace deletes the character before the cursor.
func (f *TextField) Backspace() {
	if f.cursor == 0 {
		return
	}
	f.runes = append(f.runes[:f.cursor-1], f.runes[f.cursor:]...)
	f.cursor--
}

// Delete deletes the character after the cursor.
func (f *TextField) Delete() {
	if f.cursor < len(f.runes) {
		f.runes = append(f.runes[:f.cursor], f.runes[f.cursor+1:]...)
	}
}

// Move moves the cursor by d runes, within the text.
func (f *TextField) Move(d int) { f.cursor = min(max(f.cursor+d, 0), len(f.runes)) }

// Home and End put the cursor at the start or end.
func (f *TextField) Home() { f.cursor = 0 }
func (f *TextField) End()  { f.cursor = len(f.runes) }

// Edit applies this frame's typing and editing keys (Backspace, Delete, the arrows, Home, End) to
// the field, taking them from in. Submit and Cancel are left to the widget that owns the field.
func (f *TextField) Edit(in *Input) {
	if c := in.composed; c.Changed {
		f.SetAround(c.Before, c.After)
	}
	f.Preedit = in.composed.Preedit
	f.Insert(in.TakeText())
	switch a, _ := in.TakeAny(Backspace, Delete, CaretLeft, CaretRight, Home, End); a {
	case Backspace:
		f.Backspace()
	case Delete:
		f.Delete()
	case CaretLeft:
		f.Move(-1)
	case CaretRight:
		f.Move(1)
	case Home:
		f.Home()
	case End:
		f.End()
	}
}

// Before returns the text before the cursor (to place the caret).
func (f *TextField) Before() string { return string(f.runes[:f.cursor]) }
