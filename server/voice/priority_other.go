//go:build !linux

package voice

import "errors"

// ownThread sets the fan-out thread's priority on Linux only: elsewhere the goroutine stays an
// ordinary one.
func ownThread(nice int) error {
	return errors.New("fan-out thread priority is set on Linux only")
}
