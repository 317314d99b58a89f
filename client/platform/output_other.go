//go:build !((linux && !android) || freebsd || openbsd || netbsd || dragonfly)

package platform

import (
	"io"
	"time"
)

// probeOutput trusts the platform's audio (Windows, macOS, the browser): Ebiten's own checks
// apply there.
func probeOutput() error { return nil }

// openNamedSpeaker: this platform plays on the system's output only.
func openNamedSpeaker(name string, _ io.Reader, _ time.Duration) (io.Closer, error) {
	return nil, &DeviceError{Msg: "voice output is off: choosing the speaker is not supported on this platform (leave it empty for the system's)"}
}

// ListSpeakers lists nothing on this platform.
func ListSpeakers() ([]AudioDevice, error) { return nil, nil }
