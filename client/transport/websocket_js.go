//go:build js && wasm

package transport

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"syscall/js"
	"time"

	"github.com/embassy-project/embassy/client/internal/jsutil"
)

// WebSocket dials with the browser's WebSocket (syscall/js); websocket.go gives the same type over
// gorilla/websocket everywhere else.
type WebSocket struct {
	HandshakeTimeout time.Duration // default 10 s
}

// maxBuffered is how much may wait in the browser's send buffer: WebSocket.send never blocks, so
// Write waits (up to the write timeout) while more than this is queued.
const maxBuffered = 1 << 20

var (
	jsWebSocket   = js.Global().Get("WebSocket")
	jsArrayBuffer = js.Global().Get("ArrayBuffer")
	jsUint8Array  = js.Global().Get("Uint8Array")
)

// Dial implements Dialer.
func (d WebSocket) Dial(ctx context.Context, url string, readLimit int64) (Conn, error) {
	hs := d.HandshakeTimeout
	if hs == 0 {
		hs = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, hs)
	defer cancel()
	var ws js.Value
	if err := jsutil.Catch(func() { ws = jsWebSocket.New(url) }); err != nil {
		return nil, fmt.Errorf("dial %s: %w", url, err)
	}
	ws.Set("binaryType", "arraybuffer")
	c := &browserConn{ws: ws, in: newInbox(), limit: readLimit}
	opened := make(chan struct{})
	c.onOpen = js.FuncOf(func(js.Value, []js.Value) any {
		close(opened)
		return nil
	})
	c.onMessage = js.FuncOf(func(_ js.Value, args []js.Value) any {
		c.message(args[0].Get("data"))
		return nil
	})
	c.onClose = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ev := args[0]
		c.in.end(&CloseError{Code: ev.Get("code").Int(), Reason: ev.Get("reason").String()})
		return nil
	})
	ws.Set("onopen", c.onOpen)
	ws.Set("onmessage", c.onMessage)
	ws.Set("onclose", c.onClose)
	select {
	case <-opened:
		return c, nil
	case <-c.in.ended:
		c.Close()
		// The browser hides why a WebSocket failed to open (no HTTP status): the close code is all.
		var ce *CloseError
		if errors.As(c.in.endErr(), &ce) {
			return nil, fmt.Errorf("dial %s: the browser could not open the connection (close code %d)", url, ce.Code)
		}
		return nil, fmt.Errorf("dial %s: %w", url, c.in.endErr())
	case <-ctx.Done():
		c.Close()
		return nil, fmt.Errorf("dial %s: %w", url, ctx.Err())
	}
}

// browserConn is a browser WebSocket. Its event handlers run on the JavaScript event loop and must
// not block: they hand frames to the inbox, which Read waits on.
type browserConn struct {
	ws                         js.Value
	in                         *inbox
	limit                      int64
	onOpen, onMessage, onClose js.Func
	closer                     sync.Once
}

// message takes one frame from onmessage: binary frames are copied into Go, text frames skipped
// (as the native Conn skips them), a frame over the read limit ends the connection.
func (c *browserConn) message(data js.Value) {
	if !data.InstanceOf(jsArrayBuffer) {
		return
	}
	n := data.Get("byteLength").Int()
	if err := checkFrame(int64(n), c.limit); err != nil {
		c.in.end(err)
		_ = c.WriteClose(CloseTooBig, "frame too large")
		return
	}
	b := make([]byte, n)
	js.CopyBytesToGo(b, jsUint8Array.New(data))
	c.in.push(b)
}

func (c *browserConn) Read() ([]byte, error) { return c.in.next() }

func (c *browserConn) Write(frame []byte) error {
	if err := c.in.endErr(); err != nil {
		return err
	}
	deadline := time.Now().Add(writeTimeout)
	for c.ws.Get("bufferedAmount").Int() > maxBuffered {
		if time.Now().After(deadline) {
			return fmt.Errorf("websocket write: %w", os.ErrDeadlineExceeded)
		}
		time.Sleep(10 * time.Millisecond)
	}
	arr := jsUint8Array.New(len(frame))
	js.CopyBytesToJS(arr, frame)
	return jsutil.Catch(func() { c.ws.Call("send", arr) })
}

func (c *browserConn) WriteClose(code int, reason string) error {
	return jsutil.Catch(func() { c.ws.Call("close", browserCloseCode(code), closeReason(reason)) })
}

func (c *browserConn) SetReadDeadline(t time.Time) error {
	c.in.setDeadline(t)
	return nil
}

// Close closes the socket and lets go of its handlers (unhooked first, so that no event reaches a
// released function).
func (c *browserConn) Close() error {
	c.closer.Do(func() {
		c.in.end(net.ErrClosed)
		for _, ev := range []string{"onopen", "onmessage", "onclose"} {
			c.ws.Set(ev, js.Null())
		}
		_ = jsutil.Catch(func() { c.ws.Call("close") })
		c.onOpen.Release()
		c.onMessage.Release()
		c.onClose.Release()
	})
	return nil
}
