package platform

import (
	"fmt"
	"io"
	"time"

	ebaudio "github.com/hajimehoshi/ebiten/v2/audio"

	"github.com/embassy-project/embassy/client/audio"
)

// The speaker is Ebiten's audio (which plays through oto: PulseAudio, then ALSA, on Linux; the
// system's audio elsewhere; Web Audio in the browser). This glue lives here, not in client/audio,
// because it imports ebiten and probes the system's devices; client/audio stays free of both.
//
// Ebiten creates the audio device from its game loop: nothing plays until ebiten.RunGame runs,
// and a device that fails to open then ends RunGame with an error (oto's "initialization
// failed"). So OpenSpeaker first checks that there is a device to open, and returns a
// *DeviceError instead of creating Ebiten's audio when there is none.

// DefaultSpeakerBuffer is the playback buffer: small for latency, large enough to ride over a
// busy moment of a shared machine.
const DefaultSpeakerBuffer = 60 * time.Millisecond

// Speaker plays a stream of 48 kHz 16-bit little-endian stereo PCM (an audio.Mixer) for as long
// as the game runs.
type Speaker struct {
	out io.Closer // Ebiten's player, or a stream on a chosen output
}

// OpenSpeakerOn is OpenSpeaker on the output called name (its ID or description, as ListSpeakers
// gives them; "" for the system's default, through Ebiten's audio). A named output is played to
// directly (PulseAudio on Linux); where that is not supported, or there is no such output, it
// returns a *DeviceError saying so.
func OpenSpeakerOn(name string, r io.Reader, buffer time.Duration) (*Speaker, error) {
	if name == "" {
		return OpenSpeaker(r, buffer)
	}
	if buffer <= 0 {
		buffer = DefaultSpeakerBuffer
	}
	out, err := openNamedSpeaker(name, r, buffer)
	if err != nil {
		return nil, err
	}
	return &Speaker{out: out}, nil
}

// OpenSpeaker starts playing r, with buffer of audio queued ahead (DefaultSpeakerBuffer if 0).
// It never panics: with no audio device, or when the game's audio runs at another rate, it
// returns a *DeviceError ("voice output is off: no audio device").
func OpenSpeaker(r io.Reader, buffer time.Duration) (*Speaker, error) {
	if err := probeOutput(); err != nil {
		return nil, err
	}
	ctx := ebaudio.CurrentContext()
	if ctx == nil {
		ctx = ebaudio.NewContext(audio.SampleRate)
	} else if ctx.SampleRate() != audio.SampleRate {
		return nil, &DeviceError{Msg: fmt.Sprintf("voice output is off: the game's audio runs at %d Hz, voice needs %d", ctx.SampleRate(), audio.SampleRate)}
	}
	p, err := ctx.NewPlayer(r)
	if err != nil {
		return nil, &DeviceError{Msg: "voice output is off: the audio device refused a stream", Cause: err}
	}
	if buffer <= 0 {
		buffer = DefaultSpeakerBuffer
	}
	p.SetBufferSize(buffer)
	p.Play()
	return &Speaker{out: p}, nil
}

// Close stops playing.
func (s *Speaker) Close() error { return s.out.Close() }
