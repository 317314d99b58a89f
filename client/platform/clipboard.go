//go:build !js

package platform

import (
	"context"
	"errors"
	"os/exec"
	"time"
)

// ErrNoClipboard says there is no clipboard tool to read from.
var ErrNoClipboard = errors.New("no clipboard: install wl-clipboard, xclip or xsel, or type it")

// Clipboard returns the text on the system clipboard, read through the first of wl-paste, xclip
// and xsel that is installed (Ebiten has no clipboard of its own).
func Clipboard() (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, cmd := range [][]string{{"wl-paste", "--no-newline"}, {"xclip", "-o", "-selection", "clipboard"}, {"xsel", "--clipboard", "--output"}} {
		if _, err := exec.LookPath(cmd[0]); err != nil {
			continue
		}
		out, err := exec.CommandContext(ctx, cmd[0], cmd[1:]...).Output()
		if err == nil {
			return string(out), nil
		}
	}
	return "", ErrNoClipboard
}
