//go:build js && wasm

package transport

import (
	"context"
	"fmt"
	"strconv"
	"syscall/js"

	"github.com/embassy-project/embassy/client/internal/jsutil"
)

// HTTP is the Getter over the browser's fetch (syscall/js); http.go gives the same type over
// net/http everywhere else. Go's net/http would call fetch here too, but it brings its whole
// client (TLS, HTTP/2, proxies, cookies) into the .wasm: about 7 MB, 1.6 MB of it compressed, for
// what one fetch call does.
type HTTP struct{}

var (
	jsFetch           = js.Global().Get("fetch")
	jsAbortController = js.Global().Get("AbortController")
)

// Get implements Getter. The body is read as it arrives, so that one over limit is refused
// without being held whole.
func (HTTP) Get(ctx context.Context, url string, limit int64) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, getTimeout)
	defer cancel()
	f := fetch{ctx: ctx, url: url, abort: jsAbortController.New()}
	// An abort rejects whatever is pending: the answer, or the next piece of the body.
	stop := context.AfterFunc(ctx, func() { f.abort.Call("abort") })
	defer stop()

	resp, err := f.await("fetch", func() js.Value {
		return jsFetch.Invoke(url, map[string]any{"signal": f.abort.Get("signal")})
	})
	if err != nil {
		return nil, err
	}
	code := resp.Get("status").Int()
	if err := checkStatus(url, code, strconv.Itoa(code)+" "+resp.Get("statusText").String()); err != nil {
		return nil, err
	}
	size, err := strconv.ParseInt(resp.Get("headers").Call("get", "Content-Length").String(), 10, 64)
	switch {
	case err != nil: // not said (null): the body tells
		size = 0
	case size > limit:
		f.abort.Call("abort")
		return nil, tooLarge(url, limit)
	}
	body := resp.Get("body")
	if body.IsNull() { // a response without a body
		return []byte{}, nil
	}
	return f.read(body.Call("getReader"), limit, make([]byte, 0, size))
}

// fetch is one Get under way.
type fetch struct {
	ctx   context.Context
	url   string
	abort js.Value // its AbortController
}

// read appends the body that reader reads to b, refusing more than limit bytes.
func (f fetch) read(reader js.Value, limit int64, b []byte) ([]byte, error) {
	for {
		piece, err := f.await("read the body", func() js.Value { return reader.Call("read") })
		if err != nil {
			return nil, err
		}
		if piece.Get("done").Bool() {
			return b, nil
		}
		chunk := piece.Get("value") // a Uint8Array
		n := chunk.Get("length").Int()
		if int64(len(b)+n) > limit {
			f.abort.Call("abort")
			return nil, tooLarge(f.url, limit)
		}
		b = append(b, make([]byte, n)...)
		js.CopyBytesToGo(b[len(b)-n:], chunk)
	}
}

// await waits for the promise that call returns; what names the step in the error. When the Get's
// context has ended, that is the error (its abort is what rejected the promise).
func (f fetch) await(what string, call func() js.Value) (js.Value, error) {
	var promise js.Value
	err := jsutil.Catch(func() { promise = call() })
	v := js.Undefined()
	if err == nil {
		v, err = jsutil.Await(promise, getTimeout)
	}
	if f.ctx.Err() != nil {
		err = f.ctx.Err()
	}
	if err != nil {
		return js.Undefined(), fmt.Errorf("GET %s: %s: %w", f.url, what, err)
	}
	return v, nil
}
