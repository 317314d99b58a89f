// Package platform holds what differs between the desktop and the browser: saving screenshots,
// whether there is a display to open a window on, the microphone and the speaker for voice, the
// clipboard, the device key (a file; the browser's localStorage), the words for screen readers
// (the page's live region; the desktop's log), and in the browser the page's address and the
// sign-in it carries.
// The game asks it; nothing else touches os.
package platform

import (
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"runtime"
)

// SavePNG writes img as a PNG file.
func SavePNG(file string, img image.Image) error {
	f, err := os.Create(file)
	if err != nil {
		return fmt.Errorf("screenshot: %w", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("screenshot %s: %w", file, err)
	}
	return f.Close()
}

// ErrNoDisplay says there is no screen to open a window on.
var ErrNoDisplay = errors.New("no display to open a window on: set DISPLAY (or WAYLAND_DISPLAY), " +
	`or run under a virtual display: xvfb-run -a -s "-screen 0 1280x800x24" embassy-client ...`)

// CheckDisplay reports ErrNoDisplay on Linux and BSD when neither X nor Wayland is reachable
// (Ebiten would otherwise fail with "fbdev: failed to open /dev/fb0").
func CheckDisplay(getenv func(string) string) error {
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
		if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
			return ErrNoDisplay
		}
	}
	return nil
}
