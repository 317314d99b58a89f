//go:build !js

package platform

import "net/url"

// SignInToken returns the sign-in token in page's fragment (#token=...), or "". The desktop has no
// page: its token comes from a file (-token-file); this serves tests of the browser's options.
func SignInToken(page *url.URL) string {
	tok, _ := tokenInFragment(page)
	return tok
}
