//go:build js && wasm

package platform

import (
	"errors"
	"syscall/js"
	"time"

	"github.com/embassy-project/embassy/client/internal/jsutil"
)

// ErrNoClipboard says the clipboard cannot be read here.
var ErrNoClipboard = errors.New("the browser did not let the game read the clipboard: type it")

// Clipboard returns the text on the clipboard through the browser's clipboard API
// (navigator.clipboard.readText), which asks the person for permission the first time and exists
// only on secure pages (https, or localhost).
func Clipboard() (string, error) {
	cb := js.Global().Get("navigator").Get("clipboard")
	if !cb.Truthy() || !cb.Get("readText").Truthy() {
		return "", ErrNoClipboard
	}
	var p js.Value
	if err := jsutil.Catch(func() { p = cb.Call("readText") }); err != nil {
		return "", errors.Join(ErrNoClipboard, err)
	}
	v, err := jsutil.Await(p, 5*time.Second)
	if err != nil || v.Type() != js.TypeString {
		return "", errors.Join(ErrNoClipboard, err)
	}
	return v.String(), nil
}
