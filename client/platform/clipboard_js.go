package platform

import "errors"

// ErrNoClipboard says the clipboard cannot be read here.
var ErrNoClipboard = errors.New("the clipboard cannot be read in the browser yet: type it")

// Clipboard is not available in the browser build yet.
func Clipboard() (string, error) { return "", ErrNoClipboard }
