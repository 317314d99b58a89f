// Package sessiontest gives widget and scene tests a session without a server: a Source that
// delivers the messages a test pushes, serves the built-in embassy's files, and records the intents
// sent. End-to-end tests use a real server instead (internal/nodetest); this is for checking what a
// widget does with synthetic input, without a window. Only tests import it.
package sessiontest

import (
	"context"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/embassy-project/embassy/assets"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// Source is a session.Source fed by the test.
type Source struct {
	mu     sync.Mutex // guards everything below
	inbox  []session.Event
	sent   []string
	status session.Status
	seq    uint32
	api    map[string][]byte // the HTTP API's answers, by path
}

// New returns an online source.
func New() *Source { return &Source{status: session.Status{State: session.Online, Session: 1}} }

// Push queues a server message.
func (s *Source) Push(m *pb.ServerMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inbox = append(s.inbox, session.Event{Msg: m, At: time.Now(), Session: 1})
}

// Sent returns the intents sent so far, as text ("join gallery", "chat SAY hello", "move 1 0").
func (s *Source) Sent() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.sent...)
}

func (s *Source) record(format string, args ...any) uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, fmt.Sprintf(format, args...))
	s.seq++
	return s.seq
}

// SetAPI makes GET path (e.g. "api/events") answer body.
func (s *Source) SetAPI(path string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.api == nil {
		s.api = map[string][]byte{}
	}
	s.api[path] = body
}

// API implements session.API with the answers SetAPI gave; any other path is not found.
func (s *Source) API(_ context.Context, path string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.api[path]; ok {
		return b, nil
	}
	return nil, fs.ErrNotExist
}

// Drain implements session.Source.
func (s *Source) Drain(dst []session.Event) []session.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	dst = append(dst, s.inbox...)
	s.inbox = s.inbox[:0]
	return dst
}

// Status implements session.Source.
func (s *Source) Status() session.Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// SetStatus sets the connection's state, as a Link's changes when it loses the server.
func (s *Source) SetStatus(st session.Status) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status = st
}

// Sender implements session.Source.
func (s *Source) Sender() session.Sender { return sender{s} }

// World implements session.Source: the built-in embassy.
func (s *Source) World(*pb.Welcome) fs.FS { return assets.World }

// SetRoom implements session.Source.
func (s *Source) SetRoom(string) {}

type sender struct{ s *Source }

func (x sender) Join(room string) error { x.s.record("join %s", room); return nil }
func (x sender) Move(dx, dy int) (uint32, error) {
	return x.s.record("move %d %d", dx, dy), nil
}
func (x sender) WalkTo(px, py int32) (uint32, error) {
	return x.s.record("walk %d %d", px, py), nil
}
func (x sender) Chat(k pb.ChatKind, text, to string) (uint32, error) {
	return x.s.record("chat %s %s", k, text), nil
}
func (x sender) Emote(g pb.Gesture) (uint32, error) { return x.s.record("emote %s", g), nil }

// Request records "moderate MOD_KICK target=Ada room= reason=spam duration=0 value=0",
// "staff-query BANS", "event RAISE_HAND target= text= question=0" or
// "guide FOLLOW tour= target=Gabriela", and numbers the ref.
func (x sender) Request(m *pb.ClientMessage) (uint32, error) {
	var ref uint32
	switch v := m.Msg.(type) {
	case *pb.ClientMessage_Moderate:
		a := v.Moderate
		ref = x.s.record("moderate %s target=%s room=%s reason=%s duration=%d value=%d",
			a.GetAction(), a.GetTarget(), a.GetRoom(), a.GetReason(), a.GetDurationS(), a.GetValue())
		a.Ref = ref
	case *pb.ClientMessage_StaffQuery:
		ref = x.s.record("staff-query %s", v.StaffQuery.GetWhat())
		v.StaffQuery.Ref = ref
	case *pb.ClientMessage_EventAction:
		a := v.EventAction
		ref = x.s.record("event %s target=%s text=%s question=%d", a.GetKind(), a.GetTarget(), a.GetText(), a.GetQuestion())
		a.Ref = ref
	case *pb.ClientMessage_Guide:
		g := v.Guide
		ref = x.s.record("guide %s tour=%s target=%s", g.GetKind(), g.GetTour(), g.GetTarget())
		g.Ref = ref
	}
	return ref, nil
}

// Rooms is the built-in embassy's room list with made-up counts.
var Rooms = []*pb.RoomInfo{
	{Id: "entrance", Name: "Entrance Hall", Occupants: 3},
	{Id: "gallery", Name: "Exhibition Gallery", Occupants: 1},
	{Id: "reception", Name: "Reception Hall", Occupants: 0},
}

// Joined returns a session already in room (an embassy map file such as "entrance.tmx") at its spawn,
// with its map loaded, and the source feeding it.
func Joined(roomID, mapFile string) (*session.Session, *Source, error) {
	return JoinedAs(pb.Role_ROLE_VISITOR, roomID, mapFile)
}

// JoinedAs is Joined, welcomed with role.
func JoinedAs(role pb.Role, roomID, mapFile string) (*session.Session, *Source, error) {
	src := New()
	s := session.New(src, "Tester", &pb.Look{BodyRgb: 0x2f5d9e}, nil)
	def, err := world.LoadRoom(assets.World, mapFile)
	if err != nil {
		return nil, nil, err
	}
	spawn := def.Spawn("")
	src.Push(&pb.ServerMessage{Msg: &pb.ServerMessage_Welcome{Welcome: &pb.Welcome{
		UserId: "u1", Name: "Tester", Role: role, TickHz: 20, StepPerTick: uint32(world.StepPerTick(world.DefaultSpeed, 20)), WorldUrl: "/world/", Rooms: Rooms,
	}}})
	src.Push(&pb.ServerMessage{Msg: &pb.ServerMessage_Joined{Joined: &pb.Joined{
		Room: roomID, Name: def.Name, MapFile: mapFile, SelfSlot: 1, X: spawn.X, Y: spawn.Y,
	}}})
	deadline := time.Now().Add(10 * time.Second)
	for s.Model().Room == nil {
		if time.Now().After(deadline) {
			return nil, nil, fmt.Errorf("room %s did not load: %s", mapFile, s.Model().LoadErr)
		}
		s.Update(time.Now())
		time.Sleep(time.Millisecond)
	}
	return s, src, nil
}
