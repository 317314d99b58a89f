package platform

import (
	"net/url"
	"strings"
)

// tokenInFragment returns the sign-in token page's fragment carries (#token=...), and whether it
// names one at all: "#token=" with nothing after it signs out. The fragment is the part of an
// address a browser never sends, so no server or proxy logs the token.
func tokenInFragment(page *url.URL) (tok string, named bool) {
	q, err := url.ParseQuery(page.EscapedFragment())
	if err != nil {
		return "", false
	}
	_, named = q["token"]
	return strings.TrimSpace(q.Get("token")), named
}
