package session

import (
	"time"

	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/predict"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// registerDefaults installs the handlers for the messages every game understands.
func (s *Session) registerDefaults() {
	s.On(&pb.ServerMessage_Welcome{}, s.onWelcome)
	s.On(&pb.ServerMessage_Joined{}, s.onJoined)
	s.On(&pb.ServerMessage_Snapshot{}, s.onSnapshot)
	s.On(&pb.ServerMessage_Chat{}, s.onChat)
	s.On(&pb.ServerMessage_Emote{}, s.onEmote)
	s.On(&pb.ServerMessage_Refused{}, s.onRefused)
	s.On(&pb.ServerMessage_Notice{}, s.onNotice)
	s.On(&pb.ServerMessage_Rooms{}, func(e Event) { s.m.Rooms = e.Msg.GetRooms().GetRooms() })
}

func (s *Session) onWelcome(e Event) {
	wl := e.Msg.GetWelcome()
	reconnected := s.session > 0
	s.session, s.m.Welcome = e.Session, wl
	hz := max(int(wl.GetTickHz()), 1)
	s.period = time.Second / time.Duration(hz)
	s.step = int32(wl.GetStepPerTick())
	if s.step <= 0 {
		s.step = world.StepPerTick(int(wl.GetSpeed()), hz)
	}
	s.stepper = predict.Stepper{Period: s.period}
	s.m.Interp = predict.NewInterp(s.period)
	s.m.Room = nil
	if len(wl.GetRooms()) > 0 {
		s.m.Rooms = wl.GetRooms()
	}
	if files := s.src.World(wl); files != s.files {
		s.files, s.maps = files, map[string]*RoomAssets{}
	}
	role := ""
	if b := RoleBadge(wl.GetRole()); b != "" {
		role = msg.T(" as %s", b)
	}
	if reconnected {
		s.m.tell(msg.T("Reconnected as %s%s.", wl.GetName(), role))
	} else {
		s.m.tell(msg.T("Welcome to the embassy, %s%s. Press Enter to chat, /help for commands.", wl.GetName(), role))
	}
}

func (s *Session) onJoined(e Event) {
	j := e.Msg.GetJoined()
	ra := s.maps[j.GetMapFile()]
	s.m.Room = &Room{ID: j.GetRoom(), Name: j.GetName(), Assets: ra}
	s.m.SelfSlot = j.GetSelfSlot()
	pos := world.Vec{X: j.GetX(), Y: j.GetY()}
	s.m.Pred = predict.New(ra.Def, pos, s.step)
	s.m.Interp.Join(j.GetSelfSlot(), j.GetTick(), pos)
	s.stepper = predict.Stepper{Period: s.period}
	s.m.Profiles = map[uint32]*pb.Profile{j.GetSelfSlot(): {
		Slot: j.GetSelfSlot(), UserId: s.m.Welcome.GetUserId(), Name: s.m.Welcome.GetName(), Role: s.m.Welcome.GetRole(), Look: s.m.Look,
	}}
	s.m.Bubbles = map[uint32]*Bubble{}
	s.moves.Reset()
	s.m.Target, s.pendingOpen, s.m.Exhibit = nil, nil, nil
	s.src.SetRoom(j.GetRoom())
	s.m.tell(msg.T("You are in the %s.", j.GetName()))
}

func (s *Session) onSnapshot(e Event) {
	if s.m.Room == nil {
		return
	}
	snap := e.Msg.GetSnapshot()
	for _, p := range snap.GetProfiles() {
		s.m.Profiles[p.GetSlot()] = p
	}
	selfPos, _, err := s.m.Interp.ApplySnapshot(snap, s.m.SelfSlot, s.step, e.At)
	if err != nil {
		s.log.Warn("bad snapshot", "err", err)
		return
	}
	s.m.Pred.Server(snap.GetTick(), snap.GetAckSeq(), selfPos)
}

func (s *Session) onChat(e Event) {
	ev := e.Msg.GetChat()
	if ev.GetKind() != pb.ChatKind_CHAT_ANNOUNCE && s.m.Blocked.Has(ev.GetFromName(), ev.GetFromId()) {
		return // blocked: announcements to the room still come through
	}
	entry := FormatChat(ev, s.m.Welcome.GetName())
	entry.At = e.At
	s.m.Chat.Add(entry)
	s.m.remember(ev.GetFromName())
	if k := ev.GetKind(); k == pb.ChatKind_CHAT_DIRECT || k == pb.ChatKind_CHAT_STAFF || ev.GetFromSlot() == 0 {
		return // no bubble for what the room must not see
	}
	s.m.Bubbles[ev.GetFromSlot()] = &Bubble{Text: ev.GetText(), Tone: entry.Tone, At: e.At, Until: e.At.Add(BubbleLife(ev.GetText()))}
}

func (s *Session) onEmote(e Event) {
	ev := e.Msg.GetEmote()
	name := msg.T("Someone")
	if p := s.m.Profiles[ev.GetSlot()]; p != nil {
		if s.m.Blocked.Has(p.GetName(), p.GetUserId()) {
			return
		}
		name = p.GetName()
	}
	s.m.Chat.Add(ChatEntry{At: e.At, Text: msg.T("%s %s.", name, GestureVerb(ev.GetGesture())), Tone: ToneEmote})
	s.m.Bubbles[ev.GetSlot()] = &Bubble{Text: GestureIcon(ev.GetGesture()), Tone: ToneEmote, At: e.At, Until: e.At.Add(3 * time.Second)}
}

func (s *Session) onRefused(e Event) {
	r := e.Msg.GetRefused()
	s.m.warn(r.GetReason())
	if r.GetCode() == pb.RefuseCode_REFUSE_UNREACHABLE {
		s.m.Target, s.pendingOpen = nil, nil
	}
}

func (s *Session) onNotice(e Event) {
	text := e.Msg.GetNotice().GetText()
	s.m.Chat.Add(ChatEntry{At: e.At, Text: msg.T("Notice: %s", text), Tone: ToneAnnounce})
	s.m.Notice = Notice{Text: text, At: e.At}
}

// BubbleLife is how long a chat bubble stays: long enough to read it.
func BubbleLife(text string) time.Duration {
	return min(4*time.Second+time.Duration(len(text))*60*time.Millisecond, 12*time.Second)
}
