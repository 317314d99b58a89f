//go:build (linux && !android) || freebsd || openbsd || netbsd || dragonfly

package platform

import (
	"errors"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client/audio"
	"github.com/embassy-project/embassy/internal/pulsetest"
)

// findTone reads mic for up to limit and returns how long it took to hear 100 ms that hold f and
// not g. A loaded machine drops out now and then, so it looks for the tone, not for exact lengths.
func findTone(t *testing.T, mic audio.Capture, f, g float64, limit time.Duration) (time.Duration, bool) {
	t.Helper()
	const blockFrames = 5
	start := time.Now()
	pcm := make([]int16, audio.FrameSamples)
	var block []int16
	for time.Since(start) < limit {
		if err := mic.ReadFrame(pcm); err != nil {
			t.Fatalf("read the microphone: %v", err)
		}
		block = append(block, pcm...)
		if len(block) > blockFrames*audio.FrameSamples {
			block = block[len(block)-blockFrames*audio.FrameSamples:]
		}
		if len(block) == blockFrames*audio.FrameSamples && audio.HasTone(block, f, g) {
			return time.Since(start), true
		}
	}
	return limit, false
}

// A tone played into the sink is recorded from its monitor by the microphone capture.
func TestMicrophoneRecordsATone(t *testing.T) {
	ps := pulsetest.Start(t)
	ps.Setenv(t)
	ps.PlayTone(t, 440, 0.5)
	mic, err := OpenMicrophone(pulsetest.Monitor)
	if err != nil {
		t.Fatalf("open %s: %v", pulsetest.Monitor, err)
	}
	defer mic.Close()
	took, ok := findTone(t, mic, 440, 1000, 10*time.Second)
	if !ok {
		t.Fatalf("no 440 Hz in 10 s recorded from %s", pulsetest.Monitor)
	}
	t.Logf("440 Hz heard after %v", took)

	if err := mic.Close(); err != nil {
		t.Fatal(err)
	}
	if err := mic.ReadFrame(make([]int16, audio.FrameSamples)); err == nil {
		t.Error("ReadFrame after Close: no error")
	}
}

func TestMicrophoneByName(t *testing.T) {
	ps := pulsetest.Start(t)
	ps.Setenv(t)
	devices, err := ListMicrophones()
	if err != nil {
		t.Fatal(err)
	}
	var monitor AudioDevice
	for _, d := range devices {
		if d.ID == pulsetest.Monitor {
			monitor = d
		}
	}
	if monitor.ID == "" || monitor.Name == "" {
		t.Fatalf("ListMicrophones = %+v: no %s with a description", devices, pulsetest.Monitor)
	}
	for _, name := range []string{"", pulsetest.Monitor, strings.ToUpper(monitor.Name)} {
		mic, err := OpenMicrophone(name)
		if err != nil {
			t.Errorf("OpenMicrophone(%q): %v", name, err)
			continue
		}
		mic.Close()
	}
	_, err = OpenMicrophone("no such microphone")
	var de *DeviceError
	if !errors.As(err, &de) || err.Error() != `voice input is off: no microphone named "no such microphone"` {
		t.Errorf("an unknown microphone: %v", err)
	}
}

// Without PulseAudio (or with it gone), nothing panics and the errors say that voice is off.
func TestNoAudioDevice(t *testing.T) {
	t.Setenv("PULSE_SERVER", "unix:"+t.TempDir()+"/nothing-here")
	_, err := OpenMicrophone("")
	var de *DeviceError
	if !errors.As(err, &de) || err.Error() != "voice input is off: no audio device (PulseAudio is not running)" || de.Cause == nil {
		t.Errorf("OpenMicrophone without PulseAudio: %#v", err)
	}
	if _, err := ListMicrophones(); err == nil {
		t.Error("ListMicrophones without PulseAudio: no error")
	}
	if hasALSACard() {
		t.Log("this machine has an ALSA sound card, which Ebiten would play through: the speaker is not checked")
		return
	}
	_, err = OpenSpeaker(audio.NewMixer(), 0)
	if !errors.As(err, &de) || err.Error() != "voice output is off: no audio device" {
		t.Errorf("OpenSpeaker without a device: %v", err)
	}
}

// A microphone whose server goes away says so instead of waiting for ever.
func TestMicrophoneServerGone(t *testing.T) {
	ps := pulsetest.Start(t)
	ps.Setenv(t)
	mic, err := OpenMicrophone(pulsetest.Monitor)
	if err != nil {
		t.Fatal(err)
	}
	defer mic.Close()
	pcm := make([]int16, audio.FrameSamples)
	if err := mic.ReadFrame(pcm); err != nil {
		t.Fatalf("before the server goes: %v", err)
	}
	defer func(stall time.Duration) { micStall = stall }(micStall)
	micStall = time.Second
	ps.Stop()
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := mic.ReadFrame(pcm)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "voice input is off: ") {
				t.Errorf("error %q does not say that voice input is off", err)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the microphone goes on delivering with its server gone")
		}
	}
}

// BenchmarkPulseCapture is the sending side's CPU per 20 ms frame with a real device: PulseAudio
// capture from the null sink's monitor (a tone plays into the sink), level, gate and Opus encode.
// It runs in real time, so the figure is CPU time (getrusage, all of this process's threads) per
// frame, not wall time.
func BenchmarkPulseCapture(b *testing.B) {
	ps := pulsetest.Start(b)
	b.Setenv("PULSE_SERVER", ps.Address())
	ps.PlayTone(b, 440, 0.5)
	mic, err := OpenMicrophone(pulsetest.Monitor)
	if err != nil {
		b.Fatal(err)
	}
	defer mic.Close()
	enc, err := audio.NewOpusEncoder(audio.DefaultOpus)
	if err != nil {
		b.Fatal(err)
	}
	up := audio.NewUplink(mic, enc, audio.NewGate(audio.DefaultGate))
	packet := make([]byte, audio.MaxPacketBytes)
	for i := 0; i < 10; i++ { // past the start
		if _, err := up.Next(packet); err != nil {
			b.Fatal(err)
		}
	}
	cpu0 := cpuTime(b)
	b.ResetTimer()
	sent := 0
	for i := 0; i < b.N; i++ {
		out, err := up.Next(packet)
		if err != nil {
			b.Fatal(err)
		}
		if len(out.Payload) > 0 {
			sent++
		}
	}
	b.StopTimer()
	perFrame := (cpuTime(b) - cpu0) / time.Duration(b.N)
	b.ReportMetric(float64(perFrame.Microseconds()), "cpu-us/frame")
	b.ReportMetric(float64(perFrame)/float64(audio.FrameDuration)*100, "%core")
	b.ReportMetric(float64(sent)/float64(b.N)*100, "%sent")
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
