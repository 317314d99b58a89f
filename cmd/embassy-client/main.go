// Command embassy-client is the Embassy desktop client: walk the embassy, see people, read exhibits,
// chat.
//
//	embassy-client -server ws://HOST:8080/ws -name NAME
//
// Without -name (or -invite) it opens a join screen. For automation: -screenshot FILE -frames N, -script FILE, and
// -bench-avatars N to measure drawing without a server.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/app"
	"github.com/embassy-project/embassy/client/automation"
	"github.com/embassy-project/embassy/client/platform"
	"github.com/embassy-project/embassy/client/scene"
)

// clientName is sent in Hello.
const clientName = "embassy-client/0.2"

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// config is everything the client starts with.
type config struct {
	server, name, room, tokenFile string
	token                         string // from EMBASSY_TOKEN or -token-file, never a flag
	inviteFile, invite            string // -invite FILE: a signed invitation to an event
	width, height                 int
	screenshot, script            string
	frames                        int
	benchAvatars, benchFrames     int
	vsync                         bool
	logLevel                      string
	voice                         bool
	mic, speaker                  string
	audioDevices                  bool
	cpuProfile                    string
}

func (c config) validate() error {
	var errs []error
	if err := app.CheckServer(c.server); c.benchAvatars == 0 && err != nil {
		errs = append(errs, fmt.Errorf("-server %w", err))
	}
	if c.screenshot != "" && c.frames < 1 {
		errs = append(errs, errors.New("-screenshot needs -frames N (N >= 1)"))
	}
	if c.width < 320 || c.height < 240 {
		errs = append(errs, fmt.Errorf("window must be at least 320x240, got %dx%d", c.width, c.height))
	}
	if c.benchAvatars < 0 || c.benchAvatars > 5000 {
		errs = append(errs, fmt.Errorf("-bench-avatars must be 0..5000, got %d", c.benchAvatars))
	}
	return errors.Join(errs...)
}

func parseConfig(args []string, getenv func(string) string) (config, error) {
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	var c config
	fs := flag.NewFlagSet("embassy-client", flag.ContinueOnError)
	fs.StringVar(&c.server, "server", env("EMBASSY_SERVER", "ws://127.0.0.1:8080/ws"), "server WebSocket URL (EMBASSY_SERVER)")
	fs.StringVar(&c.name, "name", env("EMBASSY_NAME", ""), "your display name; empty shows the join screen (EMBASSY_NAME)")
	fs.StringVar(&c.room, "room", env("EMBASSY_ROOM", ""), "room to join first, default the arrival room (EMBASSY_ROOM)")
	fs.StringVar(&c.inviteFile, "invite", env("EMBASSY_INVITE_FILE", ""), "file holding a signed invitation to an event; without a sign-in you enter under its name (EMBASSY_INVITE_FILE)")
	fs.StringVar(&c.tokenFile, "token-file", env("EMBASSY_TOKEN_FILE", ""), "file holding a diplomat/moderator token (or set EMBASSY_TOKEN)")
	fs.IntVar(&c.width, "width", 1280, "window width")
	fs.IntVar(&c.height, "height", 800, "window height")
	fs.StringVar(&c.screenshot, "screenshot", "", "write the screen to this PNG after -frames frames, then exit")
	fs.IntVar(&c.frames, "frames", 0, "frames to run before -screenshot")
	fs.StringVar(&c.script, "script", "", "automation script (wait, wait-joined, walk, move, say, open-exhibit, close, screenshot, quit)")
	fs.IntVar(&c.benchAvatars, "bench-avatars", 0, "draw this many wandering avatars offline, report frame times, exit")
	fs.IntVar(&c.benchFrames, "bench-frames", 600, "frames measured by -bench-avatars")
	fs.BoolVar(&c.vsync, "vsync", true, "wait for vertical sync (the benchmark turns it off)")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile to this file")
	fs.BoolVar(&c.voice, "voice", envBool(getenv("EMBASSY_VOICE"), true), "join voice on entering, microphone muted until you press M (EMBASSY_VOICE)")
	fs.StringVar(&c.mic, "mic", env("EMBASSY_MIC", ""), "microphone to use, by name; empty: the system's default (EMBASSY_MIC)")
	fs.StringVar(&c.speaker, "speaker", env("EMBASSY_SPEAKER", ""), "speaker (voice output) to use, by name; empty: the system's default (EMBASSY_SPEAKER)")
	fs.BoolVar(&c.audioDevices, "audio-devices", false, "list the microphones and speakers -mic and -speaker take, then exit")
	fs.StringVar(&c.logLevel, "log-level", env("EMBASSY_LOG_LEVEL", "info"), "debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	c.token = getenv("EMBASSY_TOKEN")
	if c.tokenFile != "" {
		b, err := os.ReadFile(c.tokenFile)
		if err != nil {
			return c, fmt.Errorf("token file: %w", err)
		}
		c.token = strings.TrimSpace(string(b))
	}
	if c.inviteFile != "" {
		b, err := os.ReadFile(c.inviteFile)
		if err != nil {
			return c, fmt.Errorf("invitation file: %w", err)
		}
		c.invite = strings.TrimSpace(string(b))
	}
	if c.benchAvatars > 0 {
		c.vsync = false
	}
	return c, c.validate()
}

func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	c, err := parseConfig(args, getenv)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "embassy-client:", err)
		return 2
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		fmt.Fprintln(stderr, "embassy-client: -log-level:", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if c.audioDevices {
		return listAudioDevices(stdout, stderr)
	}

	var steps []automation.Step
	if c.script != "" {
		f, err := os.Open(c.script)
		if err != nil {
			fmt.Fprintln(stderr, "embassy-client:", err)
			return 2
		}
		steps, err = automation.ParseScript(f)
		f.Close()
		if err != nil {
			fmt.Fprintln(stderr, "embassy-client:", err)
			return 2
		}
	}
	if err := platform.CheckDisplay(getenv); err != nil {
		fmt.Fprintln(stderr, "embassy-client:", err)
		return 1
	}
	if c.cpuProfile != "" {
		f, err := os.Create(c.cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, "embassy-client:", err)
			return 2
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "embassy-client:", err)
			return 2
		}
		defer pprof.StopCPUProfile()
	}
	g, err := newGame(c, steps, stdout, log)
	if err != nil {
		fmt.Fprintln(stderr, "embassy-client:", err)
		return 1
	}
	defer g.Close()

	ebiten.SetWindowSize(c.width, c.height)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	if err := app.Run(g, c.vsync); err != nil {
		fmt.Fprintln(stderr, "embassy-client:", err)
		return 1
	}
	return 0
}

// newGame wires the game: the drawing benchmark, else the embassy (app.NewGame); with a script's
// runner or a screenshot after N frames as hooks.
func newGame(c config, steps []automation.Step, stdout io.Writer, log *slog.Logger) (*scene.Game, error) {
	var hooks scene.Hooks
	switch {
	case len(steps) > 0:
		hooks.Tick = automation.NewRunner(steps).Tick
	case c.screenshot != "":
		hooks.Tick = automation.NewRunner([]automation.Step{
			{Kind: automation.StepWait, N: c.frames}, {Kind: automation.StepScreenshot, File: c.screenshot}, {Kind: automation.StepQuit},
		}).Tick
	}
	if c.benchAvatars > 0 {
		b, err := automation.NewBench(c.benchAvatars, c.benchFrames, stdout)
		if err != nil {
			return nil, err
		}
		hooks.Drawn = b.Drawn
		return scene.New(scene.NewWorld(b, nil, "You", nil, log), hooks, log), nil
	}
	return app.NewGame(app.Options{Server: c.server, Name: c.name, Room: c.room, Token: c.token, Invite: c.invite,
		Voice: c.voice, Mic: c.mic, Speaker: c.speaker, Client: clientName}, hooks, log)
}

// envBool reads a boolean from the environment's text; anything else keeps def.
func envBool(v string, def bool) bool {
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on":
		return true
	case "0", "false", "no", "off":
		return false
	}
	return def
}

// listAudioDevices prints the microphones and speakers, each by the id and the name -mic and
// -speaker take.
func listAudioDevices(stdout, stderr io.Writer) int {
	for _, kind := range []struct {
		title string
		list  func() ([]platform.AudioDevice, error)
	}{{"microphones (-mic)", platform.ListMicrophones}, {"speakers (-speaker)", platform.ListSpeakers}} {
		devices, err := kind.list()
		if err != nil {
			fmt.Fprintln(stderr, "embassy-client:", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s:\n", kind.title)
		if len(devices) == 0 {
			fmt.Fprintln(stdout, "  none (this platform chooses its own)")
		}
		for _, d := range devices {
			fmt.Fprintf(stdout, "  %s\t%s\n", d.ID, d.Name)
		}
	}
	return 0
}
