//go:build js && wasm

package platform

import (
	"log/slog"
	"syscall/js"

	"github.com/embassy-project/embassy/client/internal/jsutil"
	"github.com/embassy-project/embassy/client/msg"
)

// The page's elements for screen readers: play.html has them from the start (a screen reader
// watches a live region that was there when the page loaded); NewAnnouncer adds them to a page
// that lacks them.
const (
	logID       = "embassy-log"
	peopleID    = "embassy-people"
	helpID      = "embassy-help" // how to play with the keyboard
	maxLogLines = 100            // the live region keeps the newest lines, for reading back
)

// visuallyHidden keeps an element for screen readers while the canvas covers the window.
const visuallyHidden = "position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap"

// Announcer tells screen readers what the game shows: each line goes into the page's live region
// (role="log", aria-live="polite": read out as it comes, without interrupting), and the people near
// you are a list a screen reader can browse. Both are visually hidden; the canvas shows the same.
type Announcer struct {
	log, people js.Value // the page's elements; undefined when the page has no document
}

// NewAnnouncer returns the page's announcer.
func NewAnnouncer(*slog.Logger) *Announcer {
	a := &Announcer{log: js.Undefined(), people: js.Undefined()}
	_ = jsutil.Catch(func() {
		doc := js.Global().Get("document")
		if !doc.Truthy() {
			return
		}
		a.log = element(doc, logID, "div", map[string]string{"role": "log", "aria-live": "polite", "aria-label": msg.T("What happens in the embassy")})
		a.people = element(doc, peopleID, "ul", map[string]string{"aria-label": msg.T("People near you")})
		labelCanvas(doc)
	})
	return a
}

// labelCanvas names Ebiten's canvas for screen readers and makes it an application, so that a
// screen reader in browse mode hands the arrow keys to the game rather than reading the page with
// them; the description is play.html's word on the keys.
func labelCanvas(doc js.Value) {
	c := doc.Call("querySelector", "canvas")
	if !c.Truthy() {
		return
	}
	c.Call("setAttribute", "role", "application")
	c.Call("setAttribute", "aria-label", msg.T("The embassy"))
	if doc.Call("getElementById", helpID).Truthy() {
		c.Call("setAttribute", "aria-describedby", helpID)
	}
}

// element returns the element with id, made (visually hidden, with attrs) when the page lacks it.
func element(doc js.Value, id, tag string, attrs map[string]string) js.Value {
	if e := doc.Call("getElementById", id); e.Truthy() {
		return e
	}
	e := doc.Call("createElement", tag)
	e.Set("id", id)
	for k, v := range attrs {
		e.Call("setAttribute", k, v)
	}
	e.Get("style").Set("cssText", visuallyHidden)
	doc.Get("body").Call("appendChild", e)
	return e
}

// Say appends text to the live region, which a screen reader reads out.
func (a *Announcer) Say(text string) {
	if !a.log.Truthy() {
		return
	}
	_ = jsutil.Catch(func() {
		p := js.Global().Get("document").Call("createElement", "p")
		p.Set("textContent", text)
		a.log.Call("appendChild", p)
		for a.log.Get("childElementCount").Int() > maxLogLines {
			a.log.Get("firstElementChild").Call("remove")
		}
	})
}

// People replaces the list of the people near you.
func (a *Announcer) People(names []string) {
	if !a.people.Truthy() {
		return
	}
	_ = jsutil.Catch(func() {
		doc := js.Global().Get("document")
		items := make([]any, 0, max(len(names), 1))
		for _, n := range names {
			li := doc.Call("createElement", "li")
			li.Set("textContent", n)
			items = append(items, li)
		}
		if len(names) == 0 {
			li := doc.Call("createElement", "li")
			li.Set("textContent", msg.T("Nobody is near you."))
			items = append(items, li)
		}
		a.people.Call("replaceChildren", items...)
	})
}
