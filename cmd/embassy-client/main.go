// Command embassy-client is the Embassy desktop client: walk the embassy, see people, read exhibits,
// chat.
//
//	embassy-client -server ws://HOST:8080/ws -name NAME
//
// Without -name (or -invite) it opens a join screen. For automation: -screenshot FILE -frames N, -script FILE, and
// -bench-avatars N to measure drawing without a server.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/automation"
	"github.com/embassy-project/embassy/client/platform"
	"github.com/embassy-project/embassy/client/render"
	"github.com/embassy-project/embassy/client/scene"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/transport"
	"github.com/embassy-project/embassy/shared/protocol/pb"
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
	mic                           string
	cpuProfile                    string
}

func (c config) validate() error {
	var errs []error
	if c.benchAvatars == 0 && !strings.HasPrefix(c.server, "ws://") && !strings.HasPrefix(c.server, "wss://") {
		errs = append(errs, fmt.Errorf("-server must be a ws:// or wss:// URL, got %q", c.server))
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
	ebiten.SetWindowTitle("Embassy")
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetVsyncEnabled(c.vsync)
	ebiten.SetRunnableOnUnfocused(true)
	ebiten.SetScreenClearedEveryFrame(false) // every scene fills the whole screen itself
	if err := ebiten.RunGame(g); err != nil {
		fmt.Fprintln(stderr, "embassy-client:", err)
		return 1
	}
	if err := g.Err(); err != nil {
		fmt.Fprintln(stderr, "embassy-client:", err)
		return 1
	}
	return 0
}

// newGame wires the game: the drawing benchmark, the embassy under a given name, or the join screen;
// with a script's runner or a screenshot after N frames as hooks.
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
	if _, err := session.HTTPBase(c.server); err != nil {
		return nil, err
	}
	enter := func(e scene.Entry) (scene.Scene, error) {
		l := session.NewLink(session.Config{URL: c.server, Name: e.Name, Look: e.Look, Token: c.token, Invite: e.Invite, Room: e.Room,
			Client: clientName, DeviceKey: deviceKey(c.token, log)})
		w := scene.NewWorld(l, l.Run, e.Name, e.Look, log)
		if c.voice {
			startVoice(w.Session(), c.mic, log)
		}
		return w, nil
	}
	if c.name != "" || c.invite != "" { // an invitation names its guest
		name := cmp.Or(c.name, scene.GuestName)
		k := render.LookFor(&pb.Profile{Name: name})
		w, _ := enter(scene.Entry{Name: name, Look: &pb.Look{BodyRgb: k.Body, AccentRgb: k.Accent, Sprite: k.Sprite}, Room: c.room, Invite: c.invite})
		return scene.New(w, hooks, log), nil
	}
	g := scene.New(nil, hooks, log)
	base, _ := session.HTTPBase(c.server)
	rooms := func(ctx context.Context) ([]*pb.RoomInfo, error) {
		return session.FetchRooms(ctx, transport.HTTP{}, base.JoinPath("api", "rooms").String())
	}
	join := scene.NewJoin(c.server, rooms, enter, g)
	join.Paste = platform.Clipboard
	g.GoTo(join)
	return g, nil
}

// startVoice gives the session a voice engine and joins voice with the microphone muted: you hear
// the people near you at once, and they hear you once you press M. Without WebRTC in this build,
// the game says voice is not available.
func startVoice(s *session.Session, mic string, log *slog.Logger) {
	eng, err := scene.NewVoiceEngine(scene.VoiceConfig{Mic: mic, Log: log})
	if err != nil {
		log.Info("voice off", "err", err)
		return
	}
	s.SetVoiceEngine(eng)
	act := s.Actions()
	act.ToggleMute()
	act.ToggleVoice()
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

// deviceKey returns this device's key for a guest (a signed-in person needs none), or "" when it
// cannot be kept.
func deviceKey(token string, log *slog.Logger) string {
	if token != "" {
		return ""
	}
	k, err := platform.DeviceKey()
	if err != nil {
		log.Info("no device key", "err", err)
		return ""
	}
	return k
}
