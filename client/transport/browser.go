package transport

import (
	"fmt"
	"net/url"
	"os"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/embassy-project/embassy/client/internal/fifo"
)

// This file holds the logic of the browser's WebSocket (websocket_js.go) in plain Go, so that it is
// tested natively: the socket URL from the page's address, the frame size check, the close codes a
// browser may send, and the inbox a Read waits on.

// SocketURL is the game WebSocket of the server that served page: the page's own host, ws:// for
// an http:// page and wss:// for https://, path /ws.
func SocketURL(page *url.URL) (string, error) {
	u := url.URL{Host: page.Host, Path: "/ws"}
	switch page.Scheme {
	case "http":
		u.Scheme = "ws"
	case "https":
		u.Scheme = "wss"
	default:
		return "", fmt.Errorf("page %q: scheme must be http or https", page.Redacted())
	}
	if u.Host == "" {
		return "", fmt.Errorf("page %q has no host", page.Redacted())
	}
	return u.String(), nil
}

// checkFrame refuses a frame of n bytes over limit (limit <= 0: no limit).
func checkFrame(n, limit int64) error {
	if limit > 0 && n > limit {
		return fmt.Errorf("websocket: a frame of %d bytes is over the read limit of %d bytes", n, limit)
	}
	return nil
}

// CloseTooBig is the close code for a frame over the read limit (RFC 6455 "message too big").
const CloseTooBig = 1009

// browserCloseCode is the code a browser may send for code: WebSocket.close throws for anything
// but 1000 and 3000–4999, so the others (1002, 1009) go out as 1000, their reason still saying why.
func browserCloseCode(code int) int {
	if code == CloseNormal || (code >= 3000 && code <= 4999) {
		return code
	}
	return CloseNormal
}

// maxCloseReason is the longest close reason, in UTF-8 bytes, that fits a close frame.
const maxCloseReason = 123

// closeReason cuts reason to fit a close frame (WebSocket.close throws for a longer one), on a
// character boundary.
func closeReason(reason string) string {
	if len(reason) <= maxCloseReason {
		return reason
	}
	cut := maxCloseReason
	for cut > 0 && !utf8.RuneStart(reason[cut]) {
		cut--
	}
	return reason[:cut]
}

// errReadTimeout is a Read that passed its deadline; like gorilla's, the connection is then done.
var errReadTimeout = fmt.Errorf("websocket read: %w", os.ErrDeadlineExceeded)

// inbox holds the frames the browser delivered (its event handlers push, never blocking) until
// Read takes them, then the reason the connection ended.
type inbox struct {
	frames   fifo.Queue[[]byte] // pushed under mu, so that none is queued after the end
	mu       sync.Mutex         // guards the fields below
	err      error              // why the connection ended; Read returns it once the frames are taken
	deadline time.Time          // for Read; zero: none
	ended    chan struct{}      // closed with the first end (which wakes a waiting read)
}

func newInbox() *inbox {
	return &inbox{ended: make(chan struct{})}
}

// push queues a frame; after the end, frames are dropped.
func (q *inbox) push(b []byte) {
	q.mu.Lock()
	if q.err == nil {
		q.frames.Push(b)
	}
	q.mu.Unlock()
}

// end records why the connection ended; the first reason stays.
func (q *inbox) end(err error) {
	q.mu.Lock()
	if q.err == nil {
		q.err = err
		close(q.ended)
	}
	q.mu.Unlock()
}

// endErr is why the connection ended, or nil while it is open.
func (q *inbox) endErr() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.err
}

// setDeadline bounds the next reads, and a read waiting now.
func (q *inbox) setDeadline(t time.Time) {
	q.mu.Lock()
	q.deadline = t
	q.mu.Unlock()
	q.frames.Wake()
}

// next returns the next frame, waiting for it until the deadline.
func (q *inbox) next() ([]byte, error) {
	for {
		q.mu.Lock()
		b, ok := q.frames.Pop()
		err, dl := q.err, q.deadline
		q.mu.Unlock()
		if ok {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		if !dl.IsZero() && time.Until(dl) <= 0 {
			q.end(errReadTimeout)
			continue
		}
		if b, ok := q.frames.WaitUntil(q.ended, dl); ok {
			return b, nil
		}
	}
}
