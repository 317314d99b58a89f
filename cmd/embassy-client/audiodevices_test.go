//go:build linux

package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/embassy-project/embassy/internal/pulsetest"
)

// -audio-devices lists what -mic and -speaker take, from a real PulseAudio daemon; -speaker and
// EMBASSY_SPEAKER reach the configuration.
func TestAudioDevicesAndSpeakerFlag(t *testing.T) {
	ps := pulsetest.Start(t)
	ps.Setenv(t)
	ps.AddSink(t, "headset")
	var out, errs bytes.Buffer
	if code := run([]string{"-audio-devices"}, func(string) string { return "" }, &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	mics, speakers, ok := strings.Cut(out.String(), "speakers (-speaker):")
	if !ok || !strings.Contains(mics, "headset.monitor") || !strings.Contains(speakers, "\n  headset\t") || !strings.Contains(speakers, "\n  "+pulsetest.Sink+"\t") {
		t.Fatalf("the list:\n%s", out.String())
	}

	c, err := parseConfig([]string{"-speaker", "headset"}, func(string) string { return "" })
	if err != nil || c.speaker != "headset" {
		t.Fatalf("-speaker: %q, %v", c.speaker, err)
	}
	c, err = parseConfig(nil, func(k string) string {
		if k == "EMBASSY_SPEAKER" {
			return "Headphones"
		}
		return ""
	})
	if err != nil || c.speaker != "Headphones" {
		t.Fatalf("EMBASSY_SPEAKER: %q, %v", c.speaker, err)
	}
}
