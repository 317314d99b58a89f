//go:build js && wasm

package platform

import (
	"net/url"
	"syscall/js"

	"github.com/embassy-project/embassy/client/internal/jsutil"
)

// sessionTokenKey names the sign-in token in the tab's sessionStorage.
const sessionTokenKey = "embassy-token"

// SignInToken returns the page's sign-in token: the one its address carries after # (/play#token=...,
// which the landing page's sign-in field makes, and which never reaches the server, so that no log
// holds it), or else the one this tab kept. A token in the address is taken off the address bar
// (history.replaceState: not bookmarked, shared or shown over a shoulder) and kept in the tab's
// sessionStorage, for reloading the page; "#token=" with nothing forgets it. Closing the tab
// forgets it too.
func SignInToken(page *url.URL) string {
	tok, named := tokenInFragment(page)
	_ = jsutil.Catch(func() {
		ss := js.Global().Get("sessionStorage")
		switch {
		case !ss.Truthy():
		case named && tok == "":
			ss.Call("removeItem", sessionTokenKey)
		case named:
			ss.Call("setItem", sessionTokenKey, tok)
		default:
			if v := ss.Call("getItem", sessionTokenKey); v.Type() == js.TypeString {
				tok = v.String()
			}
		}
	})
	if named {
		clean := *page
		clean.Fragment, clean.RawFragment = "", ""
		_ = jsutil.Catch(func() { js.Global().Get("history").Call("replaceState", js.Null(), "", clean.String()) })
	}
	return tok
}
