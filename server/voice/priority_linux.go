//go:build linux

package voice

import (
	"fmt"
	"runtime"

	"golang.org/x/sys/unix"
)

// ownThread gives the calling goroutine an OS thread of its own for the rest of its life, at the
// given nice value (Linux schedules threads, and their niceness, one by one). The thread is never
// unlocked, so it ends with the goroutine instead of going back to the runtime's pool at that
// priority. Raising priority (a negative nice) needs CAP_SYS_NICE or a high enough RLIMIT_NICE;
// when the value cannot be set, the goroutine stays an ordinary one.
func ownThread(nice int) error {
	runtime.LockOSThread()
	if err := unix.Setpriority(unix.PRIO_PROCESS, unix.Gettid(), nice); err != nil {
		runtime.UnlockOSThread() // an ordinary goroutine again: a thread of its own would buy nothing
		return fmt.Errorf("set the fan-out thread's nice value to %d: %w", nice, err)
	}
	return nil
}
