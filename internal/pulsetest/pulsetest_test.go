package pulsetest

import (
	"testing"

	"github.com/jfreymuth/pulse"
)

func TestStartPlayStop(t *testing.T) {
	s := Start(t)
	c, err := pulse.NewClient(pulse.ClientServerString(s.Address()))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer c.Close()
	src, err := c.SourceByID(Monitor)
	if err != nil {
		t.Fatalf("source %s: %v", Monitor, err)
	}
	if src.SampleRate() != 48000 {
		t.Errorf("monitor at %d Hz, want 48000", src.SampleRate())
	}
	s.PlayTone(t, 440, 0.5)

	s.Stop()
	if _, err := pulse.NewClient(pulse.ClientServerString(s.Address())); err == nil {
		t.Error("the daemon still accepts clients after stop")
	}
}
