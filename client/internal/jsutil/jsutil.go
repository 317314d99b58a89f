//go:build js && wasm

// Package jsutil holds what the browser build's platform code needs of JavaScript beyond
// syscall/js: exceptions as errors, and waiting for a promise. Only the platform-bound code uses it:
// client/transport, client/platform and client/voice's browser WebRTC.
package jsutil

import (
	"errors"
	"fmt"
	"syscall/js"
	"time"
)

// Catch runs f and turns a JavaScript exception it throws (a panic with a js.Error) into an error.
func Catch(f func()) (err error) {
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

// Await waits up to timeout for the promise p. It must not run on the JavaScript event loop (in a
// js.FuncOf callback): the game's Update runs on a goroutine of its own, so it may wait there.
func Await(p js.Value, timeout time.Duration) (js.Value, error) {
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
	if err := Catch(func() { p.Call("then", then, fail) }); err != nil {
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

// callTimeout bounds AwaitCall.
const callTimeout = 15 * time.Second

// AwaitCall calls v's method that returns a promise and waits up to 15 s for it (like Await:
// never on the event loop). A method that throws, or a promise that fails, is an error naming it.
func AwaitCall(v js.Value, method string, args ...any) (js.Value, error) {
	var p js.Value
	if err := Catch(func() { p = v.Call(method, args...) }); err != nil {
		return js.Undefined(), fmt.Errorf("%s: %w", method, err)
	}
	r, err := Await(p, callTimeout)
	if err != nil {
		return js.Undefined(), fmt.Errorf("%s: %w", method, err)
	}
	return r, nil
}
