// Package app starts the game the same way on every platform: the embassy under a given name (or
// an invitation's), else the join screen; voice joined with the microphone muted. The desktop main
// (cmd/embassy-client: flags and files) and the browser's (cmd/embassy-web: the page's address)
// read their options their own way and both call NewGame and Run. It reads no flags and no files.
package app

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/platform"
	"github.com/embassy-project/embassy/client/render"
	"github.com/embassy-project/embassy/client/scene"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/transport"
	"github.com/embassy-project/embassy/client/voice"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Options are what the game starts with, wherever they came from.
type Options struct {
	Server  string // the game WebSocket: ws:// or wss://
	Name    string // "" (without an Invite): the join screen
	Body    uint32 // the avatar's colours as 0xRRGGBB; 0: chosen from the name
	Accent  uint32
	Room    string // the room to join first; "": the arrival room
	Token   string // a sign-in token
	Invite  string // a signed invitation to an event: its guest enters under its name
	Voice   bool   // join voice on entering, the microphone muted
	Mic     string // the microphone by name; "": the system's default
	Speaker string // the speaker (output) by name; "": the system's default
	Client  string // the client's name and version, sent in Hello
}

// CheckServer says what is wrong with a server URL, or nil for a ws:// or wss:// one.
func CheckServer(server string) error {
	if !strings.HasPrefix(server, "ws://") && !strings.HasPrefix(server, "wss://") {
		return fmt.Errorf("must be a ws:// or wss:// URL, got %q", server)
	}
	return nil
}

// OptionsFromPage reads the browser's options from the page's address: ?name=, ?room=, ?invite=
// (the invitation's text itself), ?body= and ?accent= (colours, #rrggbb, as the landing page's
// form sends them), ?server= (default: the page's own server, see transport.SocketURL) and a
// sign-in token after the # (#token=..., never sent to the server; see platform.SignInToken,
// which in the browser also takes it off the address bar). Voice is on, so that the game says
// whether it works here.
func OptionsFromPage(page *url.URL) (Options, error) {
	q := page.Query()
	o := Options{
		Server: q.Get("server"), Name: strings.TrimSpace(q.Get("name")), Room: q.Get("room"),
		Invite: strings.TrimSpace(q.Get("invite")), Token: platform.SignInToken(page), Voice: true,
	}
	for _, c := range []struct {
		key string
		rgb *uint32
	}{{"body", &o.Body}, {"accent", &o.Accent}} {
		if v := q.Get(c.key); v != "" {
			rgb, err := strconv.ParseUint(strings.TrimPrefix(v, "#"), 16, 32)
			if err != nil || len(strings.TrimPrefix(v, "#")) != 6 {
				return o, fmt.Errorf("?%s= must be a colour as #rrggbb, got %q", c.key, v)
			}
			*c.rgb = uint32(rgb)
		}
	}
	if o.Server == "" {
		s, err := transport.SocketURL(page)
		if err != nil {
			return o, err
		}
		o.Server = s
	}
	if err := CheckServer(o.Server); err != nil {
		return o, fmt.Errorf("?server= %w", err)
	}
	return o, nil
}

// NewGame wires the game: straight into the embassy when o names the person (or carries a sign-in
// or an invitation, which name them), else the join screen. The game's words are also told to
// screen readers (session.Narrator into platform.Announcer).
func NewGame(o Options, hooks scene.Hooks, log *slog.Logger) (*scene.Game, error) {
	base, err := session.HTTPBase(o.Server)
	if err != nil {
		return nil, err
	}
	enter := func(e scene.Entry) (scene.Scene, error) {
		l := session.NewLink(session.Config{URL: o.Server, Name: e.Name, Look: e.Look, Token: o.Token, Invite: e.Invite, Room: e.Room,
			Client: o.Client, DeviceKey: deviceKey(o.Token, log)})
		w := scene.NewWorld(l, l.Run, e.Name, e.Look, log)
		session.NewNarrator(w.Session(), platform.NewAnnouncer(log))
		if o.Voice {
			startVoice(w.Session(), scene.VoiceConfig{Mic: o.Mic, Speaker: o.Speaker, Log: log})
		}
		return w, nil
	}
	if o.Name != "" || o.Invite != "" || o.Token != "" {
		name := cmp.Or(o.Name, claimedName(o.Token), scene.GuestName)
		k := render.LookFor(&pb.Profile{Name: name})
		look := &pb.Look{BodyRgb: cmp.Or(o.Body, k.Body), AccentRgb: cmp.Or(o.Accent, k.Accent), Sprite: k.Sprite}
		w, _ := enter(scene.Entry{Name: name, Look: look, Room: o.Room, Invite: o.Invite})
		return scene.New(w, hooks, log), nil
	}
	g := scene.New(nil, hooks, log)
	rooms := func(ctx context.Context) ([]*pb.RoomInfo, error) {
		return session.FetchRooms(ctx, transport.HTTP{}, base.JoinPath("api", "rooms").String())
	}
	join := scene.NewJoin(o.Server, rooms, enter, g)
	join.Paste = platform.Clipboard
	g.GoTo(join)
	return g, nil
}

// Run runs the game until it ends; the window's size, where there is a window, is the caller's.
func Run(g *scene.Game, vsync bool) error {
	ebiten.SetWindowTitle("Embassy")
	ebiten.SetVsyncEnabled(vsync)
	ebiten.SetRunnableOnUnfocused(true)
	ebiten.SetScreenClearedEveryFrame(false) // every scene fills the whole screen itself
	if err := ebiten.RunGame(g); err != nil {
		return err
	}
	return g.Err()
}

// startVoice gives the session a voice engine and joins voice with the microphone muted: you hear
// the people near you at once, and they hear you once you press M. Without WebRTC (a browser
// without RTCPeerConnection) it joins an engine that says why voice is off.
func startVoice(s *session.Session, cfg scene.VoiceConfig) {
	log := cfg.Log
	var eng session.VoiceEngine
	ve, err := scene.NewVoiceEngine(cfg)
	switch {
	case errors.Is(err, voice.ErrNoWebRTC):
		log.Info("voice off", "err", err)
		eng = noVoice{why: errors.New(msg.T("this browser has no WebRTC: voice is off"))}
	case err != nil:
		log.Info("voice off", "err", err)
		return
	default:
		eng = ve
	}
	s.SetVoiceEngine(eng)
	act := s.Actions()
	act.ToggleMute()
	act.ToggleVoice()
}

// noVoice is the voice engine of a build without voice: joining fails with why, which the voice
// bar shows ("Voice off: ...").
type noVoice struct{ why error }

func (n noVoice) Start(session.Sender) error             { return n.why }
func (noVoice) Stop()                                    {}
func (noVoice) Handle(*pb.ServerMessage)                 {}
func (noVoice) SetMicOpen(bool)                          {}
func (noVoice) SetSource(int, float32, float32)          {}
func (noVoice) Status() (connected bool, problem string) { return false, "" }

// claimedName returns the name a sign-in token claims, unchecked (the server checks it and names
// you in its Welcome): it only picks the avatar's colours before then. "" when there is none.
func claimedName(token string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return ""
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	var c struct {
		Name string `json:"name"`
	}
	if err != nil || json.Unmarshal(payload, &c) != nil {
		return ""
	}
	return c.Name
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
