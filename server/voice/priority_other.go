//go:build !linux

package voice

import (
	"errors"
	"runtime"
)

// ownThread gives the calling goroutine an OS thread of its own; setting its priority is done on
// Linux only.
func ownThread(nice int) error {
	runtime.LockOSThread()
	return errors.New("fan-out thread priority is set on Linux only")
}
