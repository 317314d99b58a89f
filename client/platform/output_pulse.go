//go:build (linux && !android) || freebsd || openbsd || netbsd || dragonfly

package platform

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/jfreymuth/pulse"
	"github.com/jfreymuth/pulse/proto"

	"github.com/embassy-project/embassy/client/audio"
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

// openNamedSpeaker plays r (48 kHz 16-bit little-endian stereo) on the PulseAudio sink called
// name, by its ID or its description as ListSpeakers gives them: Ebiten's audio plays only on the
// system's default output, so a chosen one is played to directly.
func openNamedSpeaker(name string, r io.Reader, buffer time.Duration) (io.Closer, error) {
	c, err := pulse.NewClient(pulse.ClientApplicationName("Embassy"))
	if err != nil {
		return nil, &DeviceError{Msg: "voice output is off: no audio device (PulseAudio is not running)", Cause: err}
	}
	sinks, err := c.ListSinks()
	if err != nil {
		c.Close()
		return nil, &DeviceError{Msg: "voice output is off: the speakers cannot be listed", Cause: err}
	}
	sink, ok := byName(sinks, name)
	if !ok {
		c.Close()
		return nil, &DeviceError{Msg: fmt.Sprintf("voice output is off: no speaker named %q", name)}
	}
	st, err := c.NewPlayback(pulse.NewReader(r, proto.FormatInt16LE), pulse.PlaybackStereo,
		pulse.PlaybackSampleRate(audio.SampleRate), pulse.PlaybackLatency(buffer.Seconds()),
		pulse.PlaybackSink(sink), pulse.PlaybackMediaName("Embassy voice"))
	if err != nil {
		c.Close()
		return nil, &DeviceError{Msg: fmt.Sprintf("voice output is off: the speaker %q cannot play", sink.ID()), Cause: err}
	}
	st.Start()
	return pulseSpeaker{client: c, stream: st}, nil
}

// pulseSpeaker is a playback stream on a chosen sink.
type pulseSpeaker struct {
	client *pulse.Client
	stream *pulse.PlaybackStream
}

func (p pulseSpeaker) Close() error {
	p.stream.Close()
	p.client.Close()
	return nil
}

// ListSpeakers lists the sinks OpenSpeakerOn can play on.
func ListSpeakers() ([]AudioDevice, error) {
	return listDevices("speakers", (*pulse.Client).ListSinks)
}
