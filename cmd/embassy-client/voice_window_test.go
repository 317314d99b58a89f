package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/client/audio"
	"github.com/embassy-project/embassy/client/platform"
	"github.com/embassy-project/embassy/client/voice"
	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/internal/pulsetest"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// The desktop client's whole voice path, against a real PulseAudio null sink and a real node: a
// bot beside the client speaks a 660 Hz tone, and what the client plays arrives at the sink's
// monitor; then the client unmutes (a script presses M), a 440 Hz tone is played into the sink, the
// client's microphone (the monitor) picks it up, and the bot hears it through the SFU.
func TestDesktopClientVoiceThroughASoundCard(t *testing.T) {
	pulse := pulsetest.Start(t)
	pulse.Setenv(t) // for this process's own recorder
	srv := nodetest.Start(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// The bot stands at the spawn, in voice, and can speak a tone or listen.
	var speaking atomic.Bool
	var bvp atomic.Pointer[voice.Call]
	bot, err := client.Dial(ctx, client.Options{URL: srv.WS(), Name: "Bot Singer", Client: "voice-window-test",
		OnMessage: func(m *pb.ServerMessage, _ time.Time) {
			if v := bvp.Load(); v != nil {
				v.Handle(m)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer bot.Close()
	eng, err := voice.NewEngine(voice.EngineConfig{Loopback: true})
	if err != nil {
		t.Fatal(err)
	}
	bv, err := voice.New(bot, voice.Config{Engine: eng, Playout: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bv.Close()
	bvp.Store(bv)
	if err := bot.Join(""); err != nil {
		t.Fatal(err)
	}
	if err := bot.WaitFor(ctx, func(v *client.View) bool { return v.Self() != nil }); err != nil {
		t.Fatal(err)
	}
	botCtx, stopBot := context.WithCancel(ctx)
	defer stopBot()
	heard := make(chan struct{}, 1)
	go botLoop(botCtx, bv, &speaking, heard)

	dir := t.TempDir()
	script := filepath.Join(dir, "voice.script")
	if err := os.WriteFile(script, []byte("wait-joined 1200\nwait 300\npress mute\nwait 7200\nquit\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := clientCommand(t, "-server", srv.WS(), "-name", "Listener", "-mic", pulsetest.Monitor, "-script", script, "-log-level", "info")
	cmd.Env = append(cmd.Env, pulse.Env()...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // xvfb-run, Xvfb and the client end together
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM); _ = cmd.Wait() }()
	start := time.Now()

	// The bot joins voice once the client is in the room, and speaks.
	if err := bot.WaitFor(ctx, func(v *client.View) bool { return v.ByName("Listener") != nil }); err != nil {
		t.Fatalf("the client never arrived: %v\n%s", err, out.String())
	}
	speaking.Store(true)

	// 1. What the client plays reaches the sink: record its monitor here and look for 660 Hz.
	mic, err := platform.OpenMicrophone(pulsetest.Monitor)
	if err != nil {
		t.Fatal(err)
	}
	defer mic.Close()
	if !waitTone(ctx, mic, 660, 440, 40*time.Second) {
		t.Fatalf("the bot's 660 Hz never came out of the client's speaker\nclient log:\n%s", out.String())
	}
	speaking.Store(false)
	t.Logf("the client played the bot's tone %.1f s after starting", time.Since(start).Seconds())

	// 2. A tone into the sound card reaches the bot through the client's microphone.
	pulse.PlayTone(t, 440, 0.5)
	select {
	case <-heard:
	case <-time.After(40 * time.Second):
		t.Fatalf("the bot never heard the 440 Hz played into the client's microphone\nclient log:\n%s", out.String())
	}
	t.Logf("the bot heard the client's microphone %.1f s after starting", time.Since(start).Seconds())
}

// botLoop speaks a 660 Hz tone while speaking is set, and listens on every slot for 440 Hz.
func botLoop(ctx context.Context, v *voice.Call, speaking *atomic.Bool, heard chan<- struct{}) {
	tone := audio.NewTone(0.5, 660)
	pcm := make([]int16, audio.FrameSamples)
	ears := make([][]int16, voice.Slots)
	tick := time.NewTicker(audio.FrameDuration)
	defer tick.Stop()
	joined := false
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			if !joined {
				v.Join()
				joined = true
			}
			_ = tone.ReadFrame(pcm)
			if speaking.Load() {
				_, _ = v.Send(pcm)
			}
			for i := range ears {
				if ears[i] == nil {
					ears[i] = make([]int16, audio.FrameSamples)
				}
				if v.Stream(i).ReadFrame(ears[i], now) && audio.HasTone(ears[i], 440, 660) {
					select {
					case heard <- struct{}{}:
					default:
					}
				}
			}
		}
	}
}

// waitTone records from mic until a frame clearly holds f and not other, or d passes.
func waitTone(ctx context.Context, mic audio.Capture, f, other float64, d time.Duration) bool {
	pcm := make([]int16, audio.FrameSamples)
	deadline := time.Now().Add(d)
	hits := 0
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if err := mic.ReadFrame(pcm); err != nil {
			return false
		}
		if audio.HasTone(pcm, f, other) {
			if hits++; hits >= 5 {
				return true
			}
		}
	}
	return false
}
