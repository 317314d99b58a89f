//go:build js && wasm

package platform

import (
	"fmt"
	"strings"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2/exp/textinput"
)

// TextInput is the device's own text input for the focused text field. In a browser keys reach the
// game's canvas, but a phone's on-screen keyboard types only into a text element of the page and
// comes up only when such an element takes the focus during a tap. Ebiten's textinput keeps a
// hidden textarea for that (focused at the end of the tap that asked for it, as iOS requires) and
// reports what is typed and composed there; TextInput gives it the field's text and hands back
// the field's new text.
//
// Only where the pointer is coarse (a touch screen, where Ebiten too assumes an on-screen
// keyboard): with a real keyboard the keys typed before the textarea has the focus reach the game
// as characters, those after it through the textarea, and where the two meet a character came
// twice. There the game reads the keys' characters, as on the desktop.
type TextInput struct {
	comp          textinput.Composer
	ready         bool
	touch         js.Value // the media query "(pointer: coarse)"
	on            bool     // a field takes typing: a session may run
	before, after string   // the field's text as the session knows it, with its commits applied
	caret         TextField
	edit          TextEdit // this frame's
}

// Update is called once a frame with the focused field (nil: none takes typing) and reports what
// the text input did to it.
func (t *TextInput) Update(f *TextField) (TextEdit, error) {
	if !t.ready {
		t.ready = true
		t.touch = js.Global().Call("matchMedia", "(pointer: coarse)")
		t.comp.OnNewSession = func() *textinput.SessionOptions {
			return &textinput.SessionOptions{CaretBounds: t.caret.Caret, TextBeforeCaret: t.before, TextAfterCaret: t.after}
		}
		t.comp.OnComposition = func(c *textinput.Composition) { t.edit.Preedit = c.Text() }
		t.comp.OnCommit = t.commit
		t.comp.OnEndByUser = func() { t.edit.Closed = true }
	}
	if f == nil || !t.touch.Get("matches").Bool() {
		if t.on {
			t.comp.Cancel() // the keyboard goes away two frames later
			t.on = false
		}
		return TextEdit{}, nil
	}
	if !t.on || f.Before != t.before || f.After != t.after {
		t.comp.Cancel() // the game changed the text itself: start again from it
		t.before, t.after = f.Before, f.After
	}
	t.on, t.caret, t.edit = true, *f, TextEdit{}
	handled, err := t.comp.Update()
	if err != nil {
		return TextEdit{}, fmt.Errorf("text input: %w", err)
	}
	e := t.edit
	e.Handled = handled
	if t.before != f.Before || t.after != f.After {
		e.Changed, e.Before, e.After = true, t.before, t.after
	}
	if e.Closed {
		t.on = false
	}
	return e, nil
}

// commit applies what the input method or keyboard committed to the field's text. A line break
// is Enter, not text: some on-screen keyboards send their Return only so.
func (t *TextInput) commit(c *textinput.Commit) {
	text := c.Text()
	if strings.ContainsAny(text, "\r\n") {
		text, t.edit.Enter = strings.NewReplacer("\r", "", "\n", "").Replace(text), true
	}
	if b, a := c.IsSurroundingTextReplaced(); b || a {
		before, after := c.SurroundingText()
		t.before, t.after = before+text, after
		return
	}
	t.before += text
}
