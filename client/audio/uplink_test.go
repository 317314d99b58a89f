package audio

import "testing"

func newUplink(t testing.TB, mic Capture) *Uplink {
	t.Helper()
	enc, err := NewOpusEncoder(DefaultOpus)
	if err != nil {
		t.Fatal(err)
	}
	return NewUplink(mic, enc, NewGate(DefaultGate))
}

func TestUplink(t *testing.T) {
	t.Run("a voice is sent, with its level", func(t *testing.T) {
		u := newUplink(t, NewTone(0.3, 440))
		packet := make([]byte, MaxPacketBytes)
		for i := 0; i < 10; i++ {
			out, err := u.Next(packet)
			if err != nil {
				t.Fatal(err)
			}
			if len(out.Payload) == 0 || !out.Voice || out.Frame != uint64(i) {
				t.Fatalf("frame %d: %d bytes, voice %v, frame %d: want a voice packet", i, len(out.Payload), out.Voice, out.Frame)
			}
			if out.Level != 13 && out.Level != 14 { // a 0.3 sine: -13.5 dBov
				t.Fatalf("frame %d: level %d, want 13 or 14", i, out.Level)
			}
		}
	})
	t.Run("silence is not sent", func(t *testing.T) {
		u := newUplink(t, NewTone(0, 440))
		for i := 0; i < 10; i++ {
			out, err := u.Next(make([]byte, MaxPacketBytes))
			if err != nil {
				t.Fatal(err)
			}
			if len(out.Payload) != 0 || out.Level != SilentLevel {
				t.Fatalf("frame %d of silence: %d bytes, level %d", i, len(out.Payload), out.Level)
			}
		}
	})
	t.Run("muted: nothing is sent, the frames are still counted", func(t *testing.T) {
		u := newUplink(t, NewTone(0.3, 440))
		u.SetMuted(true)
		if !u.Muted() {
			t.Fatal("not muted")
		}
		for i := 0; i < 3; i++ {
			out, _ := u.Next(make([]byte, MaxPacketBytes))
			if len(out.Payload) != 0 || out.Frame != uint64(i) {
				t.Fatalf("muted frame %d: %d bytes, frame %d", i, len(out.Payload), out.Frame)
			}
		}
		u.SetMuted(false)
		if out, _ := u.Next(make([]byte, MaxPacketBytes)); len(out.Payload) == 0 || out.Frame != 3 {
			t.Fatalf("unmuted: %d bytes, frame %d", len(out.Payload), out.Frame)
		}
	})
}

// BenchmarkUplink is the sending side's CPU per 20 ms frame, without the device: level, gate and
// Opus encoding of a chord read from a Tone. client/platform's BenchmarkPulseCapture measures
// what a real PulseAudio capture adds.
func BenchmarkUplink(b *testing.B) {
	u := newUplink(b, NewTone(0.5, 261.63, 329.63, 392))
	packet := make([]byte, MaxPacketBytes)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := u.Next(packet)
		if err != nil || len(out.Payload) == 0 {
			b.Fatalf("frame %d: %d bytes, %v", i, len(out.Payload), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(FrameDuration.Nanoseconds())*100, "%core")
}
