//go:build js && wasm

package platform

import (
	"errors"
	"fmt"
	"net/url"
	"syscall/js"
	"time"
)

// PageURL is the address of the page the game runs in (location.href): the browser's entry point
// reads its options from its query.
func PageURL() (*url.URL, error) {
	return url.Parse(js.Global().Get("location").Get("href").String())
}

// ShowError puts err on the page, where a person sees it once the game has stopped (the console
// has the log).
func ShowError(err error) {
	_ = catch(func() {
		doc := js.Global().Get("document")
		p := doc.Call("createElement", "pre")
		p.Set("textContent", "Embassy: "+err.Error())
		p.Get("style").Set("cssText", "position:fixed;left:1em;top:1em;right:1em;padding:1em;white-space:pre-wrap;"+
			"background:#fff;color:#900;font:16px sans-serif;z-index:10")
		doc.Get("body").Call("appendChild", p)
	})
}

// catch runs f and turns a JavaScript exception it throws (a panic with a js.Error) into an error.
func catch(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if je, ok := r.(js.Error); ok {
				err = je
				return
			}
			panic(r)
		}
	}()
	f()
	return nil
}

// await waits up to timeout for the promise p. It must not run on the JavaScript event loop (in a
// js.FuncOf callback): the game's Update runs on a goroutine of its own, so it may wait there.
func await(p js.Value, timeout time.Duration) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	done := make(chan result, 1)
	var then, fail js.Func
	release := func() { go func() { then.Release(); fail.Release() }() } // not from inside the call
	then = js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- result{v: args[0]}
		release()
		return nil
	})
	fail = js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- result{err: errors.New(args[0].Call("toString").String())}
		release()
		return nil
	})
	if err := catch(func() { p.Call("then", then, fail) }); err != nil {
		release()
		return js.Undefined(), err
	}
	select {
	case r := <-done:
		return r.v, r.err
	case <-time.After(timeout):
		return js.Undefined(), fmt.Errorf("no answer within %s", timeout) // released when it settles
	}
}
