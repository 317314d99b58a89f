//go:build (linux && !android) || freebsd || openbsd || netbsd || dragonfly

package platform

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/audio"
	"github.com/embassy-project/embassy/internal/pulsetest"
	"github.com/embassy-project/embassy/internal/realpart"
)

// Ebiten opens the audio device from its game loop, so the speaker is tested in a real (tiny) game
// under a display: this test binary re-executes itself as that game, under the current X display
// or under xvfb-run, pointed at the test's PulseAudio daemon.
const (
	asSpeakerGameEnv = "EMBASSY_TEST_SPEAKER_GAME" // set: run the game, playing this frequency (Hz)
	speakerGameFor   = 30 * time.Second            // the game ends by itself after this long at most
)

func TestMain(m *testing.M) {
	if f := os.Getenv(asSpeakerGameEnv); f != "" {
		if err := runSpeakerGame(f); err != nil {
			fmt.Fprintln(os.Stderr, "speaker game:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runSpeakerGame plays a tone of freq Hz through a Mixer and OpenSpeaker in a running Ebiten game.
func runSpeakerGame(freq string) error {
	f, err := strconv.ParseFloat(freq, 64)
	if err != nil {
		return err
	}
	mixer := audio.NewMixer(toneStream{audio.NewTone(0.5, f)})
	mixer.SetSource(0, 1, 0)
	speaker, err := OpenSpeaker(mixer, 0)
	if err != nil {
		return err
	}
	defer speaker.Close()
	g := &speakerGame{end: time.Now().Add(speakerGameFor)}
	go func() { // the test closes our stdin when it has heard enough
		_, _ = io.Copy(io.Discard, os.Stdin)
		g.quit.Store(true)
	}()
	ebiten.SetWindowSize(64, 64)
	ebiten.SetRunnableOnUnfocused(true)
	err = ebiten.RunGame(g)
	if errors.Is(err, ebiten.Termination) {
		return nil
	}
	return err
}

type toneStream struct{ *audio.Tone }

func (s toneStream) ReadFrame(pcm []int16, _ time.Time) bool { _ = s.Tone.ReadFrame(pcm); return true }

type speakerGame struct {
	end  time.Time
	quit atomic.Bool
}

func (g *speakerGame) Update() error {
	if g.quit.Load() || time.Now().After(g.end) {
		return ebiten.Termination
	}
	return nil
}
func (g *speakerGame) Draw(*ebiten.Image)         {}
func (g *speakerGame) Layout(int, int) (int, int) { return 64, 64 }

// What the speaker plays (a Mixer's stereo PCM through Ebiten's audio and oto) reaches the
// PulseAudio sink: its monitor, recorded with the microphone capture, holds the tone.
func TestSpeakerPlaysIntoTheSink(t *testing.T) {
	ps := pulsetest.Start(t)
	ps.Setenv(t)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var cmd *exec.Cmd
	if os.Getenv("DISPLAY") != "" {
		cmd = exec.Command(self)
	} else if xvfb, err := exec.LookPath("xvfb-run"); err == nil {
		cmd = exec.Command(xvfb, "-a", "-s", "-screen 0 640x480x24", self)
	} else {
		realpart.Missing(t, "no X display", "xvfb", "xauth") // or set DISPLAY
	}
	cmd.Env = append(os.Environ(), asSpeakerGameEnv+"=660")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	stop, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.WaitDelay = 5 * time.Second
	mic, err := OpenMicrophone(pulsetest.Monitor)
	if err != nil {
		t.Fatal(err)
	}
	defer mic.Close()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var ended bool
	var gameErr error
	end := func() { // closing stdin ends the game, then xvfb-run and its Xvfb
		if ended {
			return
		}
		ended = true
		stop.Close()
		select {
		case gameErr = <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			gameErr = fmt.Errorf("did not end when told to (killed: %v)", <-exited)
		}
	}
	defer end()

	took, ok := findTone(t, mic, 660, 440, 15*time.Second)
	end() // before reading its output, which it writes while it runs
	if !ok {
		t.Fatalf("no 660 Hz at the sink's monitor within 15 s; the game ended with %v, saying: %s", gameErr, out.String())
	}
	if gameErr != nil {
		t.Errorf("the speaker game: %v: %s", gameErr, out.String())
	}
	t.Logf("660 Hz at the sink %v after the game started", took)
}
