package client

import (
	"cmp"
	"slices"
	"time"

	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// MaxChatLines is how much chat history a View keeps.
const MaxChatLines = 200

// Avatar is another person (or yourself) as the client last heard from the server.
type Avatar struct {
	Slot    uint32
	Profile *pb.Profile
	Pos     world.Vec // authoritative position
	Dir     world.Dir // last movement direction, for animation
	Updated time.Time // when Pos last changed
	Emote   *pb.EmoteEvent
	EmoteAt time.Time
}

// ChatLine is one line of chat history.
type ChatLine struct {
	At    time.Time
	Event *pb.ChatEvent // nil for refusals and notices
	Err   *pb.Refused   // a refusal from the server
	Note  string        // a server notice
	Mod   *pb.ModResult // the answer to a moderation request
	Staff *pb.ModNotice // moderation that concerns you or your room, or a report (moderators)
}

// View is the client's picture of the world, rebuilt from server messages.
type View struct {
	Welcome  *pb.Welcome
	Room     string
	RoomName string
	MapFile  string
	SelfSlot uint32
	Tick     uint32
	Ack      uint32                 // last intent seq the server applied
	Avatars  map[uint32]*Avatar     // in view, including yourself
	Profiles map[uint32]*pb.Profile // every profile of this room the server told us
	Rooms    []*pb.RoomInfo
	Chat     []ChatLine
	Staff    *pb.StaffData // the latest answer to a StaffQuery
	Joins    int           // how many Joined messages arrived (a test can wait for the next one)

	VoiceSlots [9]uint32 // voice: the avatar each receiving slot carries (0: nobody); slot 8 is the stage
	Speaking   []uint32  // voice: the avatars in view speaking now

	list      []*Avatar // Avatars sorted by slot: the view list Snapshot.moves refers to
	listStale bool      // Avatars changed since list was built
}

// NewView returns an empty view; Apply feeds it server messages. Client keeps one for you; the game,
// tests and fuzzers use their own.
func NewView() *View {
	v := &View{}
	v.init()
	return v
}

func (v *View) init() {
	v.listStale = true
	v.Avatars = make(map[uint32]*Avatar)
	v.Profiles = make(map[uint32]*pb.Profile)
}

// Self returns your own avatar, or nil before you have joined a room.
func (v *View) Self() *Avatar { return v.Avatars[v.SelfSlot] }

// ByName returns the avatar in view with that name.
func (v *View) ByName(name string) *Avatar {
	for _, a := range v.Avatars {
		if a.Profile != nil && a.Profile.Name == name {
			return a
		}
	}
	return nil
}

// Apply updates the view with one server message received at `at`; an error means the server broke
// the protocol (the view may then be partly updated).
func (v *View) Apply(m *pb.ServerMessage, at time.Time) error {
	switch x := m.Msg.(type) {
	case *pb.ServerMessage_Welcome:
		v.Welcome, v.Rooms = x.Welcome, x.Welcome.GetRooms()
	case *pb.ServerMessage_Joined:
		j := x.Joined
		v.Room, v.RoomName, v.MapFile, v.SelfSlot, v.Tick = j.Room, j.Name, j.MapFile, j.SelfSlot, j.Tick
		v.init()
		v.Profiles[j.SelfSlot] = &pb.Profile{Slot: j.SelfSlot, UserId: v.Welcome.GetUserId(), Name: v.Welcome.GetName(), Role: v.Welcome.GetRole()}
		v.Avatars[j.SelfSlot] = &Avatar{Slot: j.SelfSlot, Profile: v.Profiles[j.SelfSlot], Pos: world.Vec{X: j.X, Y: j.Y}, Updated: at}
		v.Joins++
	case *pb.ServerMessage_Snapshot:
		return v.applySnapshot(x.Snapshot, at)
	case *pb.ServerMessage_Chat:
		v.addChat(ChatLine{At: at, Event: x.Chat})
	case *pb.ServerMessage_Refused:
		v.addChat(ChatLine{At: at, Err: x.Refused})
	case *pb.ServerMessage_Notice:
		v.addChat(ChatLine{At: at, Note: x.Notice.GetText()})
	case *pb.ServerMessage_ModResult:
		v.addChat(ChatLine{At: at, Mod: x.ModResult})
	case *pb.ServerMessage_ModNotice:
		v.addChat(ChatLine{At: at, Staff: x.ModNotice})
	case *pb.ServerMessage_StaffData:
		v.Staff = x.StaffData
	case *pb.ServerMessage_Emote:
		if a := v.Avatars[x.Emote.GetSlot()]; a != nil {
			a.Emote, a.EmoteAt = x.Emote, at
		}
	case *pb.ServerMessage_Rooms:
		v.Rooms = x.Rooms.GetRooms()
	case *pb.ServerMessage_VoiceSlots:
		for _, s := range x.VoiceSlots.GetSlots() {
			if i := s.GetIndex(); i < uint32(len(v.VoiceSlots)) {
				v.VoiceSlots[i] = s.GetAvatar()
			}
		}
	case *pb.ServerMessage_VoiceActivity:
		v.Speaking = x.VoiceActivity.GetSpeaking()
	}
	return nil
}

func (v *View) applySnapshot(s *pb.Snapshot, at time.Time) error {
	v.Tick, v.Ack = s.GetTick(), s.GetAckSeq()
	for _, p := range s.GetProfiles() {
		v.Profiles[p.GetSlot()] = p
	}
	if len(s.GetLeave()) > 0 || len(s.GetEnter()) > 0 {
		v.listStale = true
	}
	for _, slot := range s.GetLeave() {
		delete(v.Avatars, slot)
	}
	for _, e := range s.GetEnter() {
		v.Avatars[e.GetSlot()] = &Avatar{
			Slot: e.GetSlot(), Profile: v.Profiles[e.GetSlot()], Pos: world.Vec{X: e.GetX(), Y: e.GetY()},
			Dir: world.Dir{X: int8(e.GetDx()), Y: int8(e.GetDy())}, Updated: at,
		}
	}
	if len(s.GetMoves()) == 0 {
		return nil
	}
	list := v.viewList()
	return protocol.DecodeMoves(s.GetMoves(), len(list), int32(v.Welcome.GetStepPerTick()), func(mv protocol.Moved) {
		a := list[mv.Index]
		old := a.Pos
		if mv.Abs {
			a.Pos = world.Vec{X: mv.X, Y: mv.Y}
		} else {
			a.Pos = a.Pos.Add(world.Vec{X: mv.X, Y: mv.Y})
		}
		a.Dir = world.DirOf(a.Pos.Sub(old))
		a.Updated = at
	})
}

// viewList returns the avatars in view (yourself included) in increasing slot order: what
// Snapshot.moves refers to. It is rebuilt only when someone entered or left.
func (v *View) viewList() []*Avatar {
	if !v.listStale && len(v.list) == len(v.Avatars) {
		return v.list
	}
	list := v.list[:0]
	for _, a := range v.Avatars {
		list = append(list, a)
	}
	slices.SortFunc(list, func(x, y *Avatar) int { return cmp.Compare(x.Slot, y.Slot) })
	v.list, v.listStale = list, false
	return list
}

func (v *View) addChat(l ChatLine) {
	if len(v.Chat) >= MaxChatLines {
		copy(v.Chat, v.Chat[1:])
		v.Chat = v.Chat[:len(v.Chat)-1]
	}
	v.Chat = append(v.Chat, l)
}
