//go:build (linux && !android) || freebsd || openbsd || netbsd || dragonfly

package platform

import (
	"errors"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client/audio"
	"github.com/embassy-project/embassy/internal/pulsetest"
)

// The speaker chosen by name plays there and not on the default output: a tone mixed for the
// second of two null sinks comes out of that sink's monitor, and the default sink's stays silent.
// ListSpeakers names both; a name that is no speaker is refused in words.
func TestSpeakerByName(t *testing.T) {
	ps := pulsetest.Start(t)
	ps.Setenv(t)
	ps.AddSink(t, "headset")

	list, err := ListSpeakers()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, d := range list {
		names[d.ID] = true
	}
	if !names[pulsetest.Sink] || !names["headset"] {
		t.Fatalf("ListSpeakers = %+v; want %s and headset", list, pulsetest.Sink)
	}

	var de *DeviceError
	if _, err := OpenSpeakerOn("no such speaker", silence{}, 0); !errors.As(err, &de) {
		t.Fatalf("an unknown speaker: %v; want a DeviceError", err)
	}

	mixer := audio.NewMixer(toneStream{audio.NewTone(0.5, 660)})
	mixer.SetSource(0, 1, 0)
	spk, err := OpenSpeakerOn("headset", mixer, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer spk.Close()
	chosen, err := OpenMicrophone("headset.monitor")
	if err != nil {
		t.Fatal(err)
	}
	defer chosen.Close()
	if _, ok := findTone(t, chosen, 660, 440, 15*time.Second); !ok {
		t.Fatal("the chosen speaker's monitor never held the tone")
	}
	other, err := OpenMicrophone(pulsetest.Monitor)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if took, ok := findTone(t, other, 660, 440, 3*time.Second); ok {
		t.Fatalf("the default speaker played the tone too (after %v)", took)
	}
}

// silence is a stream of zeros.
type silence struct{}

func (silence) Read(p []byte) (int, error) { clear(p); return len(p), nil }
