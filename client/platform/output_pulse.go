//go:build (linux && !android) || freebsd || openbsd || netbsd || dragonfly

package platform

import (
	"os"
	"strings"

	"github.com/jfreymuth/pulse"
)

// probeOutput checks that oto will find an output: a PulseAudio server with a sink, or else an
// ALSA sound card (oto's fallback).
func probeOutput() error {
	c, err := pulse.NewClient(pulse.ClientApplicationName("Embassy"))
	if err == nil {
		_, err = c.DefaultSink()
		c.Close()
		if err == nil {
			return nil
		}
	}
	if hasALSACard() {
		return nil
	}
	return &DeviceError{Msg: "voice output is off: no audio device", Cause: err}
}

// hasALSACard reports whether the kernel lists a sound card.
func hasALSACard() bool {
	cards, err := os.ReadFile("/proc/asound/cards")
	return err == nil && !strings.Contains(string(cards), "no soundcards") && strings.TrimSpace(string(cards)) != ""
}
