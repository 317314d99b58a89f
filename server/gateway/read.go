package gateway

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"github.com/embassy-project/embassy/server/cluster"
	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/moderation"
	"github.com/embassy-project/embassy/server/presence"
	"github.com/embassy-project/embassy/server/room"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// readLoop reads, limits, validates and dispatches client messages until the connection ends or the
// client breaks a rule, and returns why it stopped (unless the session was closed for another reason
// first: kicked, redirected, too slow, shutting down).
//
// Only pongs prove that a client is alive: they renew the read deadline, messages do not. A client
// that keeps sending but never reads never answers a ping (a WebSocket library answers while it
// reads), and is closed when the liveness window (PongWait) passes.
func (s *Session) readLoop() closeError {
	s.conn.SetPongHandler(func(string) error {
		if s.closed.Load() {
			return nil // closing: the pump's linger deadline stands
		}
		return s.conn.SetReadDeadline(time.Now().Add(s.g.cfg.PongWait))
	})
	for {
		if s.closed.Load() {
			return s.end // kicked, redirected or shutting down: a client that keeps talking is not heard
		}
		typ, data, err := s.readFrame()
		var ce closeError
		switch {
		case errors.As(err, &ce):
			return ce
		case err != nil:
			return readEnding(err, s.g.cfg.PongWait)
		}
		now := time.Now()
		if s.closed.Load() {
			return s.end
		}
		if !s.msgs.take(now) {
			return closeError{code: websocket.ClosePolicyViolation, reason: fmt.Sprintf("rate limit: more than %.0f messages per second", s.g.cfg.MsgRate), cause: causeRateLimited}
		}
		if typ != websocket.BinaryMessage {
			return closeWith(websocket.CloseUnsupportedData, "binary protobuf frames only")
		}
		m, err := protocol.DecodeClient(data)
		if err != nil {
			return decodeEnding(err)
		}
		if err := s.dispatch(m, now); err != nil {
			return closeWith(websocket.ClosePolicyViolation, err.Error())
		}
	}
}

// dispatch carries out one valid message. An error closes the session; refusals do not.
func (s *Session) dispatch(m *pb.ClientMessage, now time.Time) error {
	r := s.room.Load()
	switch v := m.Msg.(type) {
	case *pb.ClientMessage_Hello:
		s.g.metrics.MessageIn("hello")
		return errors.New("Hello sent twice")
	case *pb.ClientMessage_Ping:
		s.g.metrics.MessageIn("ping")
		s.sendMsg(&pb.ServerMessage{Msg: &pb.ServerMessage_Pong{Pong: &pb.Pong{
			ClientTime: v.Ping.GetClientTime(), ServerTimeMs: uint64(now.UnixMilli()),
		}}})
	case *pb.ClientMessage_Join:
		s.g.metrics.MessageIn("join")
		if !s.actions.take(now) {
			s.refuse(refusedRate, 0, "slow down: too many room changes", nil)
			return nil
		}
		s.join(v.Join.GetRoom())
	case *pb.ClientMessage_Move:
		s.g.metrics.MessageIn("move")
		if r == nil {
			s.refuse(refusedInvalid, v.Move.GetSeq(), "join a room first", nil)
			return nil
		}
		if v.Move.GetDx() != 0 || v.Move.GetDy() != 0 {
			s.unfollow(r) // walking off on your own leaves a guided tour
		}
		s.busy(r.Move(s.id, v.Move.GetSeq(), world.Dir{X: int8(v.Move.GetDx()), Y: int8(v.Move.GetDy())}), v.Move.GetSeq())
	case *pb.ClientMessage_WalkTo:
		s.g.metrics.MessageIn("walk_to")
		if r == nil {
			s.refuse(refusedInvalid, v.WalkTo.GetSeq(), "join a room first", nil)
			return nil
		}
		if !s.actions.take(now) {
			s.refuse(refusedRate, v.WalkTo.GetSeq(), "slow down: too many walk-to requests", nil)
			return nil
		}
		s.unfollow(r)
		s.busy(r.WalkTo(s.id, v.WalkTo.GetSeq(), world.Vec{X: v.WalkTo.GetX(), Y: v.WalkTo.GetY()}), v.WalkTo.GetSeq())
	case *pb.ClientMessage_Chat:
		s.g.metrics.MessageIn("chat")
		s.chat(v.Chat, now)
	case *pb.ClientMessage_Emote:
		s.g.metrics.MessageIn("emote")
		switch {
		case r == nil:
			s.refuse(refusedInvalid, v.Emote.GetRef(), "join a room first", nil)
		case !s.chats.take(now):
			s.refuse(refusedRate, v.Emote.GetRef(), s.chatLimitReason(), nil)
		default:
			s.busy(r.Emote(s.id, v.Emote.GetGesture()), v.Emote.GetRef())
		}
	case *pb.ClientMessage_VoiceJoin, *pb.ClientMessage_VoiceSignal, *pb.ClientMessage_VoiceLeave:
		s.dispatchVoice(m, now)
	case *pb.ClientMessage_Moderate:
		s.g.metrics.MessageIn("moderate")
		s.moderate(v.Moderate, now)
	case *pb.ClientMessage_StaffQuery:
		s.g.metrics.MessageIn("staff_query")
		s.staffQuery(v.StaffQuery, now)
	case *pb.ClientMessage_Guide:
		s.g.metrics.MessageIn("guide")
		s.guide(v.Guide, now)
	case *pb.ClientMessage_EventAction:
		s.g.metrics.MessageIn("event_action")
		s.eventAction(v.EventAction, now)
	}
	return nil
}

// join moves the session's avatar to another room (or respawns it in its own), wherever that room
// is run: here, or on another node, which the client is redirected to.
func (s *Session) join(id string) { s.goTo(id, "", "join") }

// goTo places the avatar in room id at spawn: in a room of this node, or by redirecting the client
// to the node that runs it.
func (s *Session) goTo(id, spawn, via string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	target, url, err := s.g.rooms.Locate(ctx, id)
	switch {
	case errors.Is(err, ErrNoSuchRoom):
		s.refuse(refusedNoRoom, 0, fmt.Sprintf("there is no room %q", id), nil)
		return
	case err != nil:
		s.refuse(refusedUnavailable, 0, sayDirectoryDown, err)
		return
	}
	if no := s.g.rooms.Admits(id, s.profile); (target == nil || s.room.Load() != target) && no != nil {
		kind := refusedRoomFull
		if no.GetRefused().GetCode() == pb.RefuseCode_REFUSE_NOT_ALLOWED {
			kind = refusedNotAllowed
		}
		s.refuse(kind, 0, no.GetRefused().GetReason(), nil)
		s.sendMsg(&pb.ServerMessage{Msg: &pb.ServerMessage_Rooms{Rooms: &pb.RoomList{Rooms: s.g.rooms.Infos()}}})
		return
	}
	if url != "" {
		s.redirect(ctx, url, id, spawn)
		return
	}
	// The avatar stays where it is until the target admits it; the room it leaves then notices (its
	// member has a new room) and drops it. Racing joins resolve the same way: the last admitted wins.
	seq := s.joinSeq.Add(1) // from now on, only this request may move the session
	s.busy(target.Join(s, s.profile, seq, spawn, via, nil, nil), 0)
}

// redirect sends the client to the node at url, with a ticket that keeps its identity.
func (s *Session) redirect(ctx context.Context, url, roomID, spawn string) {
	if s.g.tickets == nil {
		s.refuse(refusedUnavailable, 0, sayMoveDown, errors.New("a room on another node, but this node takes no tickets"))
		return
	}
	token, err := s.g.tickets.Issue(ctx, cluster.Ticket{
		UserID: s.id, Name: s.profile.Name, Role: int32(s.profile.Role), Room: roomID, Spawn: spawn, DeviceKey: s.deviceKey,
		SignedIn: s.profile.SignedIn, Invites: s.profile.Invites, Guiding: s.tourNow().guiding, Following: s.tourNow().following,
	})
	if err != nil {
		s.refuse(refusedUnavailable, 0, sayMoveDown, err)
		return
	}
	s.qmu.Lock()
	cur := s.room.Load()
	s.room.Store(nil) // frames from the room left behind are dropped from now on
	s.countIn(nil)
	s.qmu.Unlock()
	if cur != nil {
		_ = cur.Leave(s.id)
	}
	// Before the client hears where to go: the node there reads the counts on its arrival.
	if err := s.g.rooms.PublishCounts(ctx); err != nil {
		s.log.Debug("publish room counts", "err", err)
	}
	s.sendMsg(&pb.ServerMessage{Msg: &pb.ServerMessage_Redirect{Redirect: &pb.Redirect{Url: url, Room: roomID, Ticket: token}}})
	s.moved.Store(true)
	s.fail(CloseMoved, "moved to the server that runs "+roomID)
}

// chat checks a chat message and hands it to the room, or to the recipient of a direct message.
func (s *Session) chat(c *pb.Chat, now time.Time) {
	text := strings.TrimSpace(c.GetText())
	if msg := protocol.ChatTextError(text); msg != "" {
		kind := refusedInvalid
		if strings.Contains(msg, "limit") {
			kind = refusedTooLong
		}
		s.refuse(kind, c.GetRef(), msg, nil)
		return
	}
	if !s.chats.take(now) {
		s.refuse(refusedRate, c.GetRef(), s.chatLimitReason(), nil)
		return
	}
	if c.GetKind() == pb.ChatKind_CHAT_STAFF { // staff talk among themselves even when muted
		s.staffChat(text, c.GetRef())
		return
	}
	if why := s.mutes.Load().chatMuted(now); why != "" {
		s.refuse(refusedNotAllowed, c.GetRef(), why, nil)
		return
	}
	r := s.room.Load()
	if why := s.slowMode(r, c.GetKind(), now); why != "" {
		s.refuse(refusedRate, c.GetRef(), why, nil)
		return
	}
	s.lines.add(now, c.GetKind(), text)
	switch c.GetKind() {
	case pb.ChatKind_CHAT_DIRECT:
		s.direct(c.GetTo(), text, c.GetRef())
		return
	case pb.ChatKind_CHAT_ANNOUNCE:
		if err := moderation.Allowed(identity.RoleFromProto(s.profile.Role), moderation.Announce, identity.Visitor); err != nil {
			s.refuse(refusedNotAllowed, c.GetRef(), "only diplomats and moderators can make announcements", nil)
			return
		}
		if to := c.GetTo(); to != "" && (r == nil || to != r.ID()) {
			s.announceTo(to, text, c.GetRef())
			return
		}
	}
	if r == nil {
		s.refuse(refusedInvalid, c.GetRef(), "join a room first", nil)
		return
	}
	if err := r.Chat(s.id, c.GetKind(), text); err != nil {
		s.busy(err, c.GetRef())
		return
	}
	if c.GetKind() == pb.ChatKind_CHAT_ANNOUNCE {
		s.announced(r.ID(), text)
	}
}

// announceTo makes an announcement in another room, wherever it is run.
func (s *Session) announceTo(roomID, text string, ref uint32) {
	ev := &pb.ChatEvent{Kind: pb.ChatKind_CHAT_ANNOUNCE, FromId: s.id, FromName: s.profile.Name, FromRole: s.profile.Role, Text: text, To: roomID}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var err error
	if s.g.relay != nil {
		err = s.g.relay.Announce(ctx, roomID, ev)
	} else if r, _, lerr := s.g.rooms.Locate(ctx, roomID); lerr != nil {
		err = lerr
	} else {
		err = r.Announce(ev)
	}
	switch {
	case errors.Is(err, ErrNoSuchRoom):
		s.refuse(refusedNoRoom, ref, fmt.Sprintf("there is no room %q", roomID), nil)
		return
	case errors.Is(err, ErrRoomEmpty):
		s.refuse(refusedRoomEmpty, ref, fmt.Sprintf("nobody is in %q to hear it", roomID), nil)
		return
	case errors.Is(err, room.ErrBusy):
		s.refuse(refusedRoomBusy, ref, "the room is busy, please try again", nil)
		return
	case err != nil:
		s.refuse(refusedUnavailable, ref, sayRelayDown, err)
		return
	}
	s.sendMsg(&pb.ServerMessage{Msg: &pb.ServerMessage_Chat{Chat: ev}}) // the sender's copy
	s.announced(roomID, text)
}

// announced puts an announcement in the audit log, off the read loop (the store may take a while).
func (s *Session) announced(roomID, text string) {
	if s.g.mod == nil || !s.g.track() {
		return
	}
	actor := s.actor()
	go func() {
		defer s.g.wg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.g.mod.Announced(ctx, actor, roomID, text)
	}()
}

// direct delivers a direct message to the named user on whichever node they are.
func (s *Session) direct(to, text string, ref uint32) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	e, err := s.g.store.ByName(ctx, strings.TrimSpace(to))
	if err != nil {
		if errors.Is(err, presence.ErrNotFound) {
			s.refuse(refusedNoUser, ref, fmt.Sprintf("nobody called %q is online", to), nil)
		} else {
			s.g.metrics.PresenceFailed()
			s.refuse(refusedUnavailable, ref, sayPresenceDown, err)
		}
		return
	}
	ev := &pb.ServerMessage{Msg: &pb.ServerMessage_Chat{Chat: &pb.ChatEvent{
		Kind: pb.ChatKind_CHAT_DIRECT, FromId: s.id, FromName: s.profile.Name, FromRole: s.profile.Role, Text: text, To: e.Name,
	}}}
	frame, _ := protocol.Encode(ev)
	if err := s.g.Deliver(ctx, e, frame); errors.Is(err, presence.ErrNotFound) {
		s.refuse(refusedNoUser, ref, fmt.Sprintf("%s has just left", e.Name), nil)
		return
	} else if err != nil {
		s.refuse(refusedUnavailable, ref, sayRelayDown, err)
		return
	}
	if e.UserID != s.id {
		s.sendNow(frame) // the sender's copy confirms delivery
	}
}

// Deliver sends a frame to a user on this node, or through the relay to their node.
func (g *Gateway) Deliver(ctx context.Context, e presence.Entry, frame []byte) error {
	if local, ok := g.Local(e.UserID); ok {
		local.sendNow(frame)
		return nil
	}
	if g.relay == nil || e.Node == g.cfg.Node {
		return presence.ErrNotFound
	}
	return g.relay.Direct(ctx, e.Node, e.UserID, frame)
}

// slowMode says why a visitor may not chat in r yet, or "": in slow mode a visitor's lines in the
// room (not direct messages) are at least the room's seconds apart.
func (s *Session) slowMode(r *room.Room, kind pb.ChatKind, now time.Time) string {
	if r == nil || s.profile.Role != pb.Role_ROLE_VISITOR || kind == pb.ChatKind_CHAT_DIRECT {
		return ""
	}
	slow := time.Duration(r.Settings().SlowSeconds) * time.Second
	if slow <= 0 {
		return ""
	}
	if wait := s.lastChat.Add(slow).Sub(now); wait > 0 {
		return fmt.Sprintf("slow mode: one line every %d s here; wait %d s", int(slow/time.Second), int((wait+time.Second-1)/time.Second))
	}
	s.lastChat = now
	return ""
}

func (s *Session) chatLimitReason() string {
	return fmt.Sprintf("slow down: at most %.0f messages in a burst, then one every %.0f s", s.g.cfg.ChatBurst, 1/s.g.cfg.ChatRate)
}

// busy turns a room's "queue full" into a refusal the client can retry.
func (s *Session) busy(err error, ref uint32) {
	if err != nil {
		s.refuse(refusedRoomBusy, ref, "the room is busy, please try again", nil)
	}
}

// refuse tells the client a request was not carried out: reason is in words fit for a person, and
// detail (never sent) is what the log says about why. Every refusal is counted by kind.
func (s *Session) refuse(kind refusal, ref uint32, reason string, detail error) {
	s.g.refusals.note(kind, s.id, reason, detail)
	s.sendMsg(&pb.ServerMessage{Msg: &pb.ServerMessage_Refused{Refused: &pb.Refused{Code: kind.code, Ref: ref, Reason: reason}}})
}

func (s *Session) sendMsg(m *pb.ServerMessage) {
	if b, err := protocol.Encode(m); err == nil {
		s.sendNow(b)
	}
}
