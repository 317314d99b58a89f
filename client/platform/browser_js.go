//go:build js && wasm

package platform

import (
	"net/url"
	"syscall/js"

	"github.com/embassy-project/embassy/client/internal/jsutil"
)

// PageURL is the address of the page the game runs in (location.href): the browser's entry point
// reads its options from its query.
func PageURL() (*url.URL, error) {
	return url.Parse(js.Global().Get("location").Get("href").String())
}

// ShowError puts err on the page, where a person sees it once the game has stopped (the console
// has the log).
func ShowError(err error) {
	_ = jsutil.Catch(func() {
		doc := js.Global().Get("document")
		p := doc.Call("createElement", "pre")
		p.Set("textContent", "Embassy: "+err.Error())
		p.Get("style").Set("cssText", "position:fixed;left:1em;top:1em;right:1em;padding:1em;white-space:pre-wrap;"+
			"background:#fff;color:#900;font:16px sans-serif;z-index:10")
		doc.Get("body").Call("appendChild", p)
	})
}
