//go:build !((linux && !android) || freebsd || openbsd || netbsd || dragonfly)

package platform

import "github.com/embassy-project/embassy/client/audio"

// OpenMicrophone has no implementation on this platform yet (Windows, macOS; the browser's
// microphone goes into its own WebRTC: client/voice's Media): voice input is off, and the client
// says so.
func OpenMicrophone(name string) (audio.Capture, error) {
	return nil, &DeviceError{Msg: "voice input is off: microphones are not supported on this platform yet"}
}

// ListMicrophones lists nothing on this platform yet.
func ListMicrophones() ([]AudioDevice, error) { return nil, nil }
