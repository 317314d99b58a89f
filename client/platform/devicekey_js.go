//go:build js && wasm

package platform

import (
	"errors"
	"syscall/js"

	"github.com/embassy-project/embassy/client/internal/jsutil"
)

// localStorageKey names the device key in the page's localStorage.
const localStorageKey = "embassy-device-key"

// DeviceKey returns this browser's device key, made on first use: 32 random bytes in hex, kept in
// the server's origin's localStorage. As on the desktop, it only makes a ban on a guest cost a
// little: clearing the site's data makes a new one. Without localStorage (some private windows
// refuse it) it returns an error and the guest goes without.
func DeviceKey() (string, error) { return deviceKeyIn(localStorage{}) }

// localStorage is the page's window.localStorage.
type localStorage struct{}

func (localStorage) load() (k string, err error) {
	err = jsutil.Catch(func() {
		ls := js.Global().Get("localStorage")
		if !ls.Truthy() {
			err = errors.New("this browser keeps no localStorage")
			return
		}
		if v := ls.Call("getItem", localStorageKey); v.Type() == js.TypeString {
			k = v.String()
		}
	})
	return k, err
}

func (localStorage) store(k string) error {
	return jsutil.Catch(func() { js.Global().Get("localStorage").Call("setItem", localStorageKey, k) })
}
