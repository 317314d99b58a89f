//go:build !js

package transport

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// HTTP is the Getter over net/http. In the browser (js/wasm) http_js.go gives the same type over
// the browser's own fetch.
type HTTP struct {
	Client *http.Client // nil: a client with getTimeout
}

var defaultHTTP = &http.Client{Timeout: getTimeout}

// Get implements Getter.
func (h HTTP) Get(ctx context.Context, url string, limit int64) ([]byte, error) {
	hc := h.Client
	if hc == nil {
		hc = defaultHTTP
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if err := checkStatus(url, resp.StatusCode, resp.Status); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", url, err)
	}
	if int64(len(b)) > limit {
		return nil, tooLarge(url, limit)
	}
	return b, nil
}
