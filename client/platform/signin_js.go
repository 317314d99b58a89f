//go:build js && wasm

package platform

import (
	"net/url"
	"strings"
	"syscall/js"

	"github.com/embassy-project/embassy/client/internal/jsutil"
)

// sessionTokenKey names the sign-in token in the tab's sessionStorage.
const sessionTokenKey = "embassy-token"

// pageSignInVar is the global in which play.html's script leaves the sign-in it took off the
// address bar at once, before the client had loaded.
const pageSignInVar = "embassySignIn"

// SignInToken returns the page's sign-in token: the one its address carries after # (/play#token=...,
// which the landing page's sign-in field makes, and which never reaches the server, so that no log
// holds it), or on a reload the one this tab kept. A token in the address is taken off the address
// bar (history.replaceState: not bookmarked, shared or shown over a shoulder; play.html does so
// before the client has loaded) and kept in the tab's sessionStorage for reloading the page.
// Opening /play anew without one (the landing page's form without a sign-in, say) enters without
// one and forgets the kept one, as does closing the tab.
func SignInToken(page *url.URL) string {
	tok, named := tokenInFragment(page)
	_ = jsutil.Catch(func() {
		// play.html takes the token off the address bar before the client has loaded.
		if v := js.Global().Get(pageSignInVar); v.Type() == js.TypeString {
			tok, named = strings.TrimSpace(v.String()), true
			js.Global().Delete(pageSignInVar)
		}
	})
	_ = jsutil.Catch(func() {
		ss := js.Global().Get("sessionStorage")
		switch {
		case !ss.Truthy():
		case named && tok != "":
			ss.Call("setItem", sessionTokenKey, tok)
		case !named && reloaded():
			if v := ss.Call("getItem", sessionTokenKey); v.Type() == js.TypeString {
				tok = v.String()
			}
		default:
			ss.Call("removeItem", sessionTokenKey)
		}
	})
	if named {
		clean := *page
		clean.Fragment, clean.RawFragment = "", ""
		_ = jsutil.Catch(func() { js.Global().Get("history").Call("replaceState", js.Null(), "", clean.String()) })
	}
	return tok
}

// reloaded reports whether the page was reloaded (rather than opened from a link, a form or the
// address bar).
func reloaded() bool {
	nav := js.Global().Get("performance").Call("getEntriesByType", "navigation")
	return nav.Length() > 0 && nav.Index(0).Get("type").String() == "reload"
}
