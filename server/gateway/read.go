package gateway

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"github.com/embassy-project/embassy/server/cluster"
	"github.com/embassy-project/embassy/server/presence"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// readLoop reads, limits, validates and dispatches client messages until the connection ends or the
// client breaks a rule, in which case it is closed with the reason.
func (s *Session) readLoop() {
	s.conn.SetPongHandler(func(string) error {
		if s.closed.Load() {
			return nil // closing: the pump's linger deadline stands
		}
		return s.conn.SetReadDeadline(time.Now().Add(s.g.cfg.PongWait))
	})
	for {
		if s.closed.Load() {
			return // kicked, redirected or shutting down: a client that keeps talking is not heard
		}
		typ, data, err := s.readFrame()
		if err != nil {
			var ce closeError
			if errors.As(err, &ce) {
				s.fail(ce.code, ce.reason)
			}
			return
		}
		now := time.Now()
		if s.closed.Load() {
			return
		}
		_ = s.conn.SetReadDeadline(now.Add(s.g.cfg.PongWait))
		if !s.msgs.take(now) {
			s.fail(websocket.ClosePolicyViolation, fmt.Sprintf("rate limit: more than %.0f messages per second", s.g.cfg.MsgRate))
			return
		}
		if typ != websocket.BinaryMessage {
			s.fail(websocket.CloseUnsupportedData, "binary protobuf frames only")
			return
		}
		m, err := protocol.DecodeClient(data)
		if err != nil {
			s.fail(decodeCloseCode(err), err.Error())
			return
		}
		if err := s.dispatch(m, now); err != nil {
			s.fail(websocket.ClosePolicyViolation, err.Error())
			return
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
			s.refuse(pb.RefuseCode_REFUSE_RATE_LIMITED, 0, "slow down: too many room changes")
			return nil
		}
		s.join(v.Join.GetRoom())
	case *pb.ClientMessage_Move:
		s.g.metrics.MessageIn("move")
		if r == nil {
			s.refuse(pb.RefuseCode_REFUSE_INVALID, v.Move.GetSeq(), "join a room first")
			return nil
		}
		s.busy(r.Move(s.id, v.Move.GetSeq(), world.Dir{X: int8(v.Move.GetDx()), Y: int8(v.Move.GetDy())}), v.Move.GetSeq())
	case *pb.ClientMessage_WalkTo:
		s.g.metrics.MessageIn("walk_to")
		if r == nil {
			s.refuse(pb.RefuseCode_REFUSE_INVALID, v.WalkTo.GetSeq(), "join a room first")
			return nil
		}
		if !s.actions.take(now) {
			s.refuse(pb.RefuseCode_REFUSE_RATE_LIMITED, v.WalkTo.GetSeq(), "slow down: too many walk-to requests")
			return nil
		}
		s.busy(r.WalkTo(s.id, v.WalkTo.GetSeq(), world.Vec{X: v.WalkTo.GetX(), Y: v.WalkTo.GetY()}), v.WalkTo.GetSeq())
	case *pb.ClientMessage_Chat:
		s.g.metrics.MessageIn("chat")
		s.chat(v.Chat, now)
	case *pb.ClientMessage_Emote:
		s.g.metrics.MessageIn("emote")
		switch {
		case r == nil:
			s.refuse(pb.RefuseCode_REFUSE_INVALID, v.Emote.GetRef(), "join a room first")
		case !s.chats.take(now):
			s.refuse(pb.RefuseCode_REFUSE_RATE_LIMITED, v.Emote.GetRef(), s.chatLimitReason())
		default:
			s.busy(r.Emote(s.id, v.Emote.GetGesture()), v.Emote.GetRef())
		}
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
		s.refuse(pb.RefuseCode_REFUSE_NO_SUCH_ROOM, 0, fmt.Sprintf("there is no room %q", id))
		return
	case err != nil:
		s.refuse(pb.RefuseCode_REFUSE_BUSY, 0, "cannot find that room right now, please try again")
		s.log.Warn("locate room", "room", id, "err", err)
		return
	case url != "":
		s.redirect(ctx, url, id, spawn)
		return
	}
	if s.room.Load() != target && target.Occupants() >= target.Def().Capacity {
		s.refuse(pb.RefuseCode_REFUSE_ROOM_FULL, 0, fmt.Sprintf("%s is full (%d people)", target.Def().Name, target.Def().Capacity))
		s.sendMsg(&pb.ServerMessage{Msg: &pb.ServerMessage_Rooms{Rooms: &pb.RoomList{Rooms: s.g.rooms.Infos()}}})
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
		s.refuse(pb.RefuseCode_REFUSE_BUSY, 0, "that room is on another server that cannot be reached")
		return
	}
	token, err := s.g.tickets.Issue(ctx, cluster.Ticket{
		UserID: s.id, Name: s.profile.Name, Role: int32(s.profile.Role), Room: roomID, Spawn: spawn,
	})
	if err != nil {
		s.refuse(pb.RefuseCode_REFUSE_BUSY, 0, "cannot move you to that room right now, please try again")
		return
	}
	if cur := s.room.Load(); cur != nil {
		_ = cur.Leave(s.id)
	}
	s.sendMsg(&pb.ServerMessage{Msg: &pb.ServerMessage_Redirect{Redirect: &pb.Redirect{Url: url, Room: roomID, Ticket: token}}})
	s.moved.Store(true)
	s.fail(CloseMoved, "moved to the server that runs "+roomID)
}

// chat checks a chat message and hands it to the room, or to the recipient of a direct message.
func (s *Session) chat(c *pb.Chat, now time.Time) {
	text := strings.TrimSpace(c.GetText())
	if msg := protocol.ChatTextError(text); msg != "" {
		code := pb.RefuseCode_REFUSE_INVALID
		if strings.Contains(msg, "limit") {
			code = pb.RefuseCode_REFUSE_TOO_LONG
		}
		s.refuse(code, c.GetRef(), msg)
		return
	}
	if !s.chats.take(now) {
		s.refuse(pb.RefuseCode_REFUSE_RATE_LIMITED, c.GetRef(), s.chatLimitReason())
		return
	}
	r := s.room.Load()
	switch c.GetKind() {
	case pb.ChatKind_CHAT_DIRECT:
		s.direct(c.GetTo(), text, c.GetRef())
		return
	case pb.ChatKind_CHAT_ANNOUNCE:
		if s.profile.Role == pb.Role_ROLE_VISITOR {
			s.refuse(pb.RefuseCode_REFUSE_NOT_ALLOWED, c.GetRef(), "only diplomats and moderators can make announcements")
			return
		}
		if to := c.GetTo(); to != "" && (r == nil || to != r.ID()) {
			s.announceTo(to, text, c.GetRef())
			return
		}
	}
	if r == nil {
		s.refuse(pb.RefuseCode_REFUSE_INVALID, c.GetRef(), "join a room first")
		return
	}
	s.busy(r.Chat(s.id, c.GetKind(), text), c.GetRef())
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
	if err != nil {
		s.refuse(pb.RefuseCode_REFUSE_NO_SUCH_ROOM, ref, fmt.Sprintf("cannot announce in %q: %v", roomID, err))
		return
	}
	s.sendMsg(&pb.ServerMessage{Msg: &pb.ServerMessage_Chat{Chat: ev}}) // the sender's copy
}

// direct delivers a direct message to the named user on whichever node they are.
func (s *Session) direct(to, text string, ref uint32) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	e, err := s.g.store.ByName(ctx, strings.TrimSpace(to))
	if err != nil {
		if errors.Is(err, presence.ErrNotFound) {
			s.refuse(pb.RefuseCode_REFUSE_NO_SUCH_USER, ref, fmt.Sprintf("nobody called %q is online", to))
		} else {
			s.g.metrics.PresenceFailed()
			s.refuse(pb.RefuseCode_REFUSE_BUSY, ref, "cannot reach the directory right now, try again")
		}
		return
	}
	ev := &pb.ServerMessage{Msg: &pb.ServerMessage_Chat{Chat: &pb.ChatEvent{
		Kind: pb.ChatKind_CHAT_DIRECT, FromId: s.id, FromName: s.profile.Name, FromRole: s.profile.Role, Text: text, To: e.Name,
	}}}
	frame, _ := protocol.Encode(ev)
	if err := s.g.deliver(ctx, e, frame); err != nil {
		s.refuse(pb.RefuseCode_REFUSE_NO_SUCH_USER, ref, fmt.Sprintf("could not deliver to %s: %v", e.Name, err))
		return
	}
	if e.UserID != s.id {
		s.sendNow(frame) // the sender's copy confirms delivery
	}
}

// deliver sends a frame to a user on this node, or through the relay to their node.
func (g *Gateway) deliver(ctx context.Context, e presence.Entry, frame []byte) error {
	if local, ok := g.Local(e.UserID); ok {
		local.sendNow(frame)
		return nil
	}
	if g.relay == nil || e.Node == g.cfg.Node {
		return presence.ErrNotFound
	}
	return g.relay.Direct(ctx, e.Node, e.UserID, frame)
}

func (s *Session) chatLimitReason() string {
	return fmt.Sprintf("slow down: at most %.0f messages in a burst, then one every %.0f s", s.g.cfg.ChatBurst, 1/s.g.cfg.ChatRate)
}

// busy turns a room's "queue full" into a refusal the client can retry.
func (s *Session) busy(err error, ref uint32) {
	if err != nil {
		s.refuse(pb.RefuseCode_REFUSE_BUSY, ref, "the room is busy, please try again")
	}
}

func (s *Session) refuse(code pb.RefuseCode, ref uint32, reason string) {
	s.sendMsg(&pb.ServerMessage{Msg: &pb.ServerMessage_Refused{Refused: &pb.Refused{Code: code, Ref: ref, Reason: reason}}})
}

func (s *Session) sendMsg(m *pb.ServerMessage) {
	if b, err := protocol.Encode(m); err == nil {
		s.sendNow(b)
	}
}
