package room

import (
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// Chat delivers text from a member to those in the room who hear it: say and whisper by distance,
// shout to the whole room, announce to everyone (the caller checks the sender may announce). Zones
// apply (see world.Room.Hears). The sender receives its own message back as confirmation.
func (r *Room) Chat(userID string, kind pb.ChatKind, text string) error {
	return r.post(func() {
		a, ok := r.st.byID[userID]
		if !ok {
			return
		}
		ev := &pb.ServerMessage{Msg: &pb.ServerMessage_Chat{Chat: &pb.ChatEvent{
			Kind: kind, FromId: userID, FromName: a.prof.Name, FromSlot: a.slot, FromRole: a.prof.Role, Text: text,
		}}}
		if kind == pb.ChatKind_CHAT_ANNOUNCE {
			r.broadcast(ev, func(*avatar) bool { return true })
			r.record("announce", a.prof.Name, text)
			return
		}
		voice := world.Say
		switch kind {
		case pb.ChatKind_CHAT_WHISPER:
			voice = world.Whisper
		case pb.ChatKind_CHAT_SHOUT:
			voice = world.Shout
		}
		_, onStage := r.def.ZoneAt(a.Pos, world.ZoneStage)
		stage := r.stageCarries(a, onStage)
		r.broadcast(ev, func(o *avatar) bool { return o == a || r.def.HearsFrom(voice, a.Pos, o.Pos, stage) || r.follows(o, a) })
		if _, private := r.def.ZoneAt(a.Pos, world.ZonePrivate); stage && !private && voice != world.Whisper {
			r.record("chat", a.prof.Name, text) // the stage's talk is on the public record; private talk never
		}
	})
}

// Emote shows a gesture to those within talking range.
func (r *Room) Emote(userID string, g pb.Gesture) error {
	return r.post(func() {
		a, ok := r.st.byID[userID]
		if !ok {
			return
		}
		ev := &pb.ServerMessage{Msg: &pb.ServerMessage_Emote{Emote: &pb.EmoteEvent{Slot: a.slot, Gesture: g}}}
		r.broadcast(ev, func(o *avatar) bool { return o == a || r.def.Hears(world.Say, a.Pos, o.Pos) })
	})
}

// Announce sends a message from outside the room (a moderator or another node) to everyone in it.
func (r *Room) Announce(ev *pb.ChatEvent) error {
	return r.post(func() {
		r.broadcast(&pb.ServerMessage{Msg: &pb.ServerMessage_Chat{Chat: ev}}, func(*avatar) bool { return true })
		if ev.GetKind() == pb.ChatKind_CHAT_ANNOUNCE {
			r.record("announce", ev.GetFromName(), ev.GetText())
		}
	})
}

// broadcast encodes msg once and queues it for every avatar that passes the filter.
func (r *Room) broadcast(msg *pb.ServerMessage, to func(*avatar) bool) {
	b, err := protocol.Encode(msg)
	if err != nil {
		r.log.Error("encode broadcast", "err", err)
		return
	}
	for _, o := range r.st.byID {
		if to(o) {
			o.m.Send(r, b)
		}
	}
}
