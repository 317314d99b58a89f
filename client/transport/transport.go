// Package transport carries the client's bytes: the game WebSocket behind a small interface, and
// plain HTTP GETs for the world files and the room directory. It is the only client package that
// knows which platform it runs on; everything above it sees Conn, Dialer and Getter.
package transport

import (
	"context"
	"fmt"
	"time"
)

// Conn is one WebSocket connection carrying binary frames.
type Conn interface {
	// Read returns the next binary frame. The slice is valid until the next Read. A close from the
	// server comes back as a *CloseError.
	Read() ([]byte, error)
	// Write sends one binary frame; it gives up after the connection's write timeout.
	Write(frame []byte) error
	// WriteClose sends a close frame with a code and reason, without waiting for the answer.
	WriteClose(code int, reason string) error
	// SetReadDeadline bounds the next Reads; the zero time removes the bound.
	SetReadDeadline(t time.Time) error
	// Close drops the connection at once.
	Close() error
}

// Dialer opens connections.
type Dialer interface {
	// Dial connects to a ws:// or wss:// URL. Frames larger than readLimit bytes end the connection.
	Dial(ctx context.Context, url string, readLimit int64) (Conn, error)
}

// CloseError is why the server ended the connection: the code and reason of its close frame.
type CloseError struct {
	Code   int
	Reason string
}

func (e *CloseError) Error() string {
	return fmt.Sprintf("closed by server (%d): %s", e.Code, e.Reason)
}

// Standard close codes the client sends.
const (
	CloseNormal        = 1000
	CloseProtocolError = 1002
)

// writeTimeout bounds one frame's write.
const writeTimeout = 10 * time.Second
