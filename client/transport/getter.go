package transport

import (
	"context"
	"fmt"
	"io/fs"
	"time"
)

// Getter fetches a URL's body.
type Getter interface {
	// Get returns the body of url, at most limit bytes; a missing file is fs.ErrNotExist.
	Get(ctx context.Context, url string, limit int64) ([]byte, error)
}

// getTimeout bounds one Get: the answer and the whole body.
const getTimeout = 15 * time.Second

// This file holds what both Getters (http.go over net/http, http_js.go over the browser's fetch)
// decide alike, in plain Go so that it is tested natively. It must not import net/http: the
// browser build leaves net/http out (about 7 MB of the .wasm).

// checkStatus is Get's answer to a response's status: nil for 200 OK, fs.ErrNotExist for 404 Not
// Found, otherwise an error naming the status (its code and text, such as "503 Service Unavailable").
func checkStatus(url string, code int, status string) error {
	switch code {
	case 200:
		return nil
	case 404:
		return fs.ErrNotExist
	}
	return fmt.Errorf("GET %s: %s", url, status)
}

// tooLarge is Get's error for a body over limit bytes.
func tooLarge(url string, limit int64) error {
	return fmt.Errorf("GET %s: larger than %d bytes", url, limit)
}
