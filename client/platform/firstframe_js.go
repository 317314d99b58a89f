//go:build js && wasm

package platform

import (
	"sync"
	"syscall/js"

	"github.com/embassy-project/embassy/client/internal/jsutil"
)

var firstFrame sync.Once

// Mark makes a performance mark called name on the page, for the start-up figures: the browser's
// entry point marks the steps between the page's navigation and the first frame.
func Mark(name string) { mark(name) }

// MarkFirstFrame tells the page that the game has drawn its first frame: a performance mark
// "embassy-first-frame", whose time since navigation is how long the client took to appear, and
// document.body.dataset.firstFrame, the same in milliseconds, for a script or a test to read. Only
// the first call does anything: call it after every frame.
func MarkFirstFrame() {
	firstFrame.Do(func() {
		at := mark("embassy-first-frame")
		_ = jsutil.Catch(func() { js.Global().Get("document").Get("body").Get("dataset").Set("firstFrame", at) })
	})
}

// mark makes a performance mark called name and returns its time since navigation in
// milliseconds (0 in a browser without the User Timing API, which every current one has).
func mark(name string) float64 {
	var at float64
	_ = jsutil.Catch(func() { at = js.Global().Get("performance").Call("mark", name).Get("startTime").Float() })
	return at
}
