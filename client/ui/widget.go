// Package ui is the game's widget kit: Input (actions, not keys), the Widget interface, and a Root
// that lays widgets out before they take input, gives input top-down (an open modal first, then the
// focused widget, then the rest from the topmost down, the world last) and keeps a focus ring. Plus
// the text field and text wrapping. Widgets get everything through Context; none of them knows the
// others.
package ui

import (
	"image"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
)

// Widget is one part of the interface.
type Widget interface {
	// Layout places the widget for this frame's screen, before it takes input.
	Layout(c *Context)
	// Update takes the input the widget uses (see Input.Take*).
	Update(c *Context, in *Input)
	// Draw draws the widget where Layout placed it.
	Draw(dst *ebiten.Image, c *Context)
}

// Focuser is a widget the keyboard focus can rest on (Tab moves between them).
type Focuser interface {
	Widget
	Focusable() bool
}

// Modal is a widget that, while Open, takes all input before any other and blocks the rest.
type Modal interface {
	Widget
	Open() bool
}

// Keypad is a widget whose buttons stand for keys (an on-screen keypad for touch screens). Before
// input is handed down, Keys turns taps on its buttons into actions (Input.Press, Input.Hold),
// which then reach every widget as if typed, the focused one first.
type Keypad interface {
	Widget
	Keys(c *Context, in *Input)
}

// Bounded is a widget that takes the mouse: it gets clicks and the wheel over Bounds when no widget
// above it covers the point.
type Bounded interface {
	Widget
	Bounds() image.Rectangle
}

// Context is what widgets share in a frame.
type Context struct {
	Screen image.Rectangle // the whole screen, device pixels
	Scale  float64         // device pixels per logical pixel: every size is multiplied by it
	Fonts  *gfx.Fonts
	Now    time.Time
	Frame  int
	root   *Root
	text   *TextRequest // what the focused text field asked for this frame
}

// NewContext returns a context for a screen of w x h device pixels at scale.
func NewContext(w, h int, scale float64, fonts *gfx.Fonts, now time.Time, frame int) *Context {
	return &Context{Screen: image.Rect(0, 0, w, h), Scale: scale, Fonts: fonts, Now: now, Frame: frame}
}

// Focused reports whether w has the keyboard focus.
func (c *Context) Focused(w Widget) bool { return c.root != nil && c.root.focus == w }

// Focus gives w the keyboard focus.
func (c *Context) Focus(w Widget) {
	if c.root != nil {
		c.root.focus = w
	}
}

// FocusDefault gives the focus back to the first focusable widget (the world).
func (c *Context) FocusDefault() {
	if c.root != nil {
		c.root.focus = c.root.first()
	}
}

// S scales a logical size to device pixels.
func (c *Context) S(v float64) float64 { return v * c.Scale }

// Root holds the mounted widgets. Mount order is drawing order (bottom first); input goes the other
// way: first the keypads above any open modal turn taps on their buttons into actions, then the
// open modal takes everything, or else the focused widget goes first and the rest follow.
type Root struct {
	widgets []Widget
	focus   Widget
	typing  bool // a text field asked for typing in the last Update
}

// Mount adds w on top of the widgets mounted so far.
func (r *Root) Mount(w Widget) {
	r.widgets = append(r.widgets, w)
	if r.focus == nil {
		r.focus = r.first()
	}
}

// Focus returns the focused widget.
func (r *Root) Focus() Widget { return r.focus }

// Update lays every widget out, then hands the input down.
func (r *Root) Update(c *Context, in *Input) {
	c.root = r
	for _, w := range r.widgets {
		w.Layout(c)
	}
	in.owner = r.mouseOwner(in.Cursor)
	for i := len(r.widgets) - 1; i >= 0; i-- { // keypads above any open modal press their keys
		if m, ok := r.widgets[i].(Modal); ok && m.Open() {
			break
		}
		if k, ok := r.widgets[i].(Keypad); ok {
			in.current = k
			k.Keys(c, in)
		}
	}
	if m := r.openModal(); m != nil {
		in.owner = m
		r.update(m, c, in)
		in.TakeKeys()
		in.TakeAllMouse()
	} else if a, ok := in.TakeAny(FocusNext, FocusPrev); ok {
		r.cycle(a == FocusPrev)
	}
	if f, ok := r.focus.(Focuser); ok && !f.Focusable() {
		r.focus = r.first()
	}
	if r.focus != nil && r.openModal() == nil {
		r.update(r.focus, c, in)
	}
	for i := len(r.widgets) - 1; i >= 0; i-- {
		w := r.widgets[i]
		if w == r.focus {
			continue
		}
		if m, ok := w.(Modal); ok && m.Open() {
			continue
		}
		r.update(w, c, in)
	}
	in.current = nil
	r.typing = c.text != nil
}

func (r *Root) update(w Widget, c *Context, in *Input) {
	in.current = w
	w.Update(c, in)
}

// mouseOwner returns the topmost widget whose bounds hold p.
func (r *Root) mouseOwner(p image.Point) Widget {
	for i := len(r.widgets) - 1; i >= 0; i-- {
		if b, ok := r.widgets[i].(Bounded); ok && p.In(b.Bounds()) {
			return r.widgets[i]
		}
	}
	return nil
}

// Draw draws every widget in mount order.
func (r *Root) Draw(dst *ebiten.Image, c *Context) {
	c.root = r
	for _, w := range r.widgets {
		w.Draw(dst, c)
	}
}

// openModal returns the topmost open modal.
func (r *Root) openModal() Widget {
	for i := len(r.widgets) - 1; i >= 0; i-- {
		if m, ok := r.widgets[i].(Modal); ok && m.Open() {
			return m
		}
	}
	return nil
}

// first returns the first focusable widget.
func (r *Root) first() Widget {
	for _, w := range r.widgets {
		if f, ok := w.(Focuser); ok && f.Focusable() {
			return w
		}
	}
	return nil
}

// cycle moves the focus to the next (or previous) focusable widget.
func (r *Root) cycle(back bool) {
	var ring []Widget
	at := 0
	for _, w := range r.widgets {
		if f, ok := w.(Focuser); ok && f.Focusable() {
			if w == r.focus {
				at = len(ring)
			}
			ring = append(ring, w)
		}
	}
	if len(ring) == 0 {
		return
	}
	step := 1
	if back {
		step = len(ring) - 1
	}
	r.focus = ring[(at+step)%len(ring)]
}

// Widgets returns the mounted widgets, bottom first.
func (r *Root) Widgets() []Widget { return r.widgets }
