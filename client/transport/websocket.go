//go:build !js

package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gorilla/websocket"
)

// WebSocket dials with gorilla/websocket. In the browser (js/wasm) websocket_js.go gives the same
// type over the browser's own WebSocket.
type WebSocket struct {
	HandshakeTimeout time.Duration // default 10 s
}

// Dial implements Dialer.
func (d WebSocket) Dial(ctx context.Context, url string, readLimit int64) (Conn, error) {
	hs := d.HandshakeTimeout
	if hs == 0 {
		hs = 10 * time.Second
	}
	dialer := &websocket.Dialer{HandshakeTimeout: hs, ReadBufferSize: 4096, WriteBufferSize: 1024}
	conn, resp, err := dialer.DialContext(ctx, url, http.Header{})
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("dial %s: %w (HTTP %s)", url, err, resp.Status)
		}
		return nil, fmt.Errorf("dial %s: %w", url, err)
	}
	if readLimit > 0 {
		conn.SetReadLimit(readLimit)
	}
	return &wsConn{conn: conn}, nil
}

// wsConn adapts a gorilla connection. Reads come from one goroutine, writes from any (the caller
// serialises them, as gorilla requires one writer at a time).
type wsConn struct {
	conn *websocket.Conn
	buf  bytes.Buffer // owned by the reader: frames are decoded from it, never kept
}

func (c *wsConn) Read() ([]byte, error) {
	for {
		typ, r, err := c.conn.NextReader()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				return nil, &CloseError{Code: ce.Code, Reason: ce.Text}
			}
			return nil, err
		}
		c.buf.Reset()
		if _, err := c.buf.ReadFrom(r); err != nil {
			return nil, err
		}
		if typ == websocket.BinaryMessage {
			return c.buf.Bytes(), nil
		}
	}
}

func (c *wsConn) Write(frame []byte) error {
	_ = c.conn.SetWriteDeadline(time.Now().Add(writeTimeout))
	return c.conn.WriteMessage(websocket.BinaryMessage, frame)
}

func (c *wsConn) WriteClose(code int, reason string) error {
	return c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
}

func (c *wsConn) SetReadDeadline(t time.Time) error { return c.conn.SetReadDeadline(t) }

func (c *wsConn) Close() error { return c.conn.Close() }
