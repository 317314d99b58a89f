package transport

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"time"
)

// Getter fetches a URL's body.
type Getter interface {
	// Get returns the body of url, at most limit bytes; a missing file is fs.ErrNotExist.
	Get(ctx context.Context, url string, limit int64) ([]byte, error)
}

// HTTP is the Getter over net/http.
type HTTP struct {
	Client *http.Client // nil: a client with a 15 s timeout
}

var defaultHTTP = &http.Client{Timeout: 15 * time.Second}

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
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return nil, fs.ErrNotExist
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", url, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("GET %s: larger than %d bytes", url, limit)
	}
	return b, nil
}
