package gateway

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"

	"github.com/embassy-project/embassy/server/cluster"
	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/presence"
	"github.com/embassy-project/embassy/server/room"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// Session is one connected client. Its read loop (run) is its goroutine, joined briefly by one that
// follows a door to a room elsewhere; a pump shared with other sessions writes for it. Rooms reach it
// only through the room.Member methods, which never block.
type Session struct {
	g    *Gateway
	conn *websocket.Conn
	log  *slog.Logger

	id      string
	profile room.Profile

	pump      *pump
	qmu       sync.Mutex // guards q, spare, queued, ping, counted, listAfter, and changes of room (read without it)
	q         [][]byte   // frames waiting for the pump; a nil frame stands for a fresh room list
	spare     [][]byte   // an emptied q kept for reuse
	queued    bool       // the pump has this session on its ready list
	ping      bool       // the pump should send a ping
	counted   *room.Room // the room this session is counted in (Gateway.Occupants); nil once closed
	listAfter *room.Room // a room that has just admitted the session: a room list follows its next frame, Joined
	dead      bool       // owned by the pump: the connection is closed, write nothing more
	failOnce  sync.Once
	end       closeError // why the session ends, written before closed is set
	closed    atomic.Bool
	moved     atomic.Bool // redirected to another node: its presence now belongs there
	room      atomic.Pointer[room.Room]
	joinSeq   atomic.Uint64   // number of the latest room change asked for (see room.Member.Enter)
	resume    *cluster.Ticket // from Hello: where a redirected client goes first

	deviceKey            string // a guest's device key from Hello, for bans
	msgs, chats, actions bucket // owned by the read loop
	voiceJoins           bucket // owned by the read loop
	mods                 bucket // moderation requests and staff queries; owned by the read loop
	inVoice              atomic.Bool

	lines     recentLines           // the person's last chat lines, for reports
	mutes     atomic.Pointer[mutes] // chat and voice mutes in force (LoadMutes)
	muteMu    sync.Mutex            // guards muteTimer
	muteTimer *time.Timer           // lifts a timed voice mute at the SFU
	lastChat  time.Time             // owned by the read loop: for slow mode
	welcomed  atomic.Bool           // the Welcome is queued: nothing may go out before it
	tourMu    sync.Mutex            // guards tour
	tour      tourRole              // leading or following a guided tour
}

func newSession(g *Gateway, conn *websocket.Conn) *Session {
	return &Session{
		g: g, conn: conn, log: g.log,
		pump: g.pumps[g.nextPump.Add(1)%uint32(len(g.pumps))],
		msgs: newBucket(g.cfg.MsgRate, g.cfg.MsgBurst), chats: newBucket(g.cfg.ChatRate, g.cfg.ChatBurst),
		actions:    newBucket(g.cfg.ActionRate, g.cfg.ActionBurst),
		voiceJoins: newBucket(float64(time.Second)/float64(voiceJoinEvery), 3),
		mods:       newBucket(5, 20),
	}
}

// Send implements room.Member: it queues a frame, or drops this client if its queue is full. A frame
// from a room the session has left is dropped, so it can never follow the next room's Joined. The
// frame goes out at the room's next Gateway.Flush, so a room's whole tick is written in one go.
func (s *Session) Send(from *room.Room, frame []byte) bool {
	if from == nil { // only refusals come from no room (room.Room.sendTo)
		s.g.refusals.noteRoomRefusal(s.id, frame)
	}
	return s.enqueue(from, frame, false)
}

// sendNow queues a frame and wakes the pump at once (for the session's own replies).
func (s *Session) sendNow(frame []byte) bool { return s.enqueue(nil, frame, true) }

func (s *Session) enqueue(from *room.Room, frame []byte, wake bool) bool {
	if s.closed.Load() {
		return false
	}
	s.qmu.Lock()
	if from != nil && from != s.room.Load() {
		s.qmu.Unlock()
		return false
	}
	if len(s.q) >= s.g.cfg.OutQueue {
		s.qmu.Unlock()
		s.g.metrics.SlowClientDropped()
		s.fail(CloseTooSlow, "too slow: the connection could not keep up with the room")
		return false
	}
	s.q = append(s.q, frame)
	if from != nil && from == s.listAfter {
		// The room that has just admitted the session sends Joined first, at once: the room list
		// follows it, built when the pump writes it, so it counts this move (see occupancy).
		s.q = append(s.q, nil)
		s.listAfter = nil
	}
	schedule := !s.queued
	s.queued = true
	s.qmu.Unlock()
	if schedule {
		s.pump.schedule(s, wake)
	} else if wake {
		s.pump.kick()
	}
	return true // counted in metrics by the pump (flush), off the room's tick
}

// requestPing asks the pump to ping the client.
func (s *Session) requestPing() {
	s.qmu.Lock()
	s.ping = true
	schedule := !s.queued
	s.queued = true
	s.qmu.Unlock()
	if schedule {
		s.pump.schedule(s, true)
	}
}

// Closed implements room.Member.
func (s *Session) Closed() bool { return s.closed.Load() }

// Enter implements room.Member: only the latest join request may move the session.
func (s *Session) Enter(r *room.Room, seq uint64) bool {
	s.qmu.Lock() // orders the change against frames being queued from the old room
	if seq != s.joinSeq.Load() {
		s.qmu.Unlock()
		return false
	}
	old := s.room.Load()
	if old != r {
		s.listAfter = r
	}
	s.room.Store(r)
	s.countIn(r)
	s.qmu.Unlock()
	s.voiceMoved(old, r)
	if old != r {
		s.tourIn(r)
	}
	if s.g.writer != nil {
		s.g.writer.SetRoom(s.id, r.ID())
	}
	return true
}

// Elsewhere implements room.Member: the avatar walked through a door to a room another node runs,
// or its room moved away. Finding it may take a Redis round trip, so it happens off the room's
// goroutine.
func (s *Session) Elsewhere(roomID, spawn string) {
	s.qmu.Lock()
	s.room.Store(nil)
	s.countIn(nil)
	s.qmu.Unlock()
	if !s.g.track() {
		return // shutting down: nowhere to go
	}
	go func() {
		defer s.g.wg.Done()
		s.goTo(roomID, spawn, "door")
	}()
}

// countIn counts the session in room r (nil: in none) from now on. A closed session counts nowhere.
// The caller holds qmu.
func (s *Session) countIn(r *room.Room) {
	if s.closed.Load() {
		r = nil
	}
	s.g.occ.move(s.counted, r)
	s.counted = r
}

// Room implements room.Member.
func (s *Session) Room() *room.Room { return s.room.Load() }

// Deliver queues a frame from another node (a direct message) and sends it at once.
func (s *Session) Deliver(frame []byte) { s.sendNow(frame) }

// Kick closes the session with the kicked (or banned) close code and a reason the client shows.
func (s *Session) Kick(reason string, banned bool) {
	if banned {
		s.finish(closeError{code: CloseBanned, reason: truncateReason(reason), cause: causeBanned})
		return
	}
	s.fail(CloseKicked, reason)
}

// fail ends the session with a close code and reason (plain words: the client may show them); the
// first call wins. The pump sends the close frame and closes the connection, so fail never blocks
// and may be called from a room's goroutine.
func (s *Session) fail(code int, reason string) { s.finish(closeWith(code, reason)) }

// finish is fail with the cause and detail spelled out.
func (s *Session) finish(e closeError) {
	s.failOnce.Do(func() {
		s.end = e
		s.closed.Store(true)
		s.qmu.Lock()
		s.queued = true
		s.countIn(nil)
		s.qmu.Unlock()
		s.pump.schedule(s, true)
	})
}

// run is the session's life: handshake, then the read loop; it returns when the session is over.
// registered is called once the session no longer counts as handshaking.
func (s *Session) run(registered func()) {
	defer s.conn.Close()
	// readFrame enforces MaxClientFrame with a reason; this is only a backstop.
	s.conn.SetReadLimit(hardReadLimit)
	hello, err := s.handshake()
	if err != nil {
		s.closeNow(err)
		return
	}
	ok := s.g.register(s)
	registered()
	if !ok {
		s.closeNow(closeWith(websocket.CloseGoingAway, "server is shutting down"))
		return
	}
	s.g.metrics.SessionOpened()
	s.sendNow(s.welcome(hello))
	s.welcomed.Store(true) // from now on other frames may follow the Welcome (RoomsChanged)
	if s.resume != nil {
		s.goTo(s.resume.Room, s.resume.Spawn, "door")
	}
	s.finish(s.readLoop()) // unless something else ended the session first

	s.drain()
	s.endVoiceMute()
	s.leaveVoice()
	if r := s.room.Load(); r != nil {
		_ = r.Leave(s.id) // the room also sweeps closed members if its queue is full
	}
	s.g.unregister(s)
	if newer, ok := s.g.Local(s.id); !ok || newer == s {
		// Only when no newer session of the same user (back through a redirect) has taken over here.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := s.g.store.Remove(ctx, s.id); err != nil && !s.moved.Load() {
			s.g.metrics.PresenceFailed()
			s.log.Warn("presence remove failed", "err", err)
		}
		cancel()
	}
	s.g.metrics.SessionClosed(s.end.cause)
	s.logEnd("session ended", s.end)
}

// logEnd logs how a session ended: at debug level when that is ordinary (the client left, was
// moved, the server is stopping), else at info, with the detail only the log sees.
func (s *Session) logEnd(msg string, e closeError) {
	level := slog.LevelInfo
	switch e.cause {
	case causeNormal, causeRedirected, causeShutdown, causeReset:
		level = slog.LevelDebug
	}
	attrs := []any{"cause", e.cause, "code", e.code, "reason", e.reason}
	if e.detail != nil {
		attrs = append(attrs, "err", e.detail)
	}
	s.log.Log(context.Background(), level, msg, attrs...)
}

// closeNow ends a session that has no write loop (the handshake failed).
func (s *Session) closeNow(err error) {
	var ce closeError
	if !errors.As(err, &ce) {
		ce = closeError{code: websocket.CloseInternalServerErr, reason: "the embassy could not let you in", cause: causeOther, detail: err}
	}
	if ce.code != websocket.CloseAbnormalClosure { // a broken connection cannot be told anything
		msg := websocket.FormatCloseMessage(ce.code, truncateReason(ce.reason))
		_ = s.conn.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
	}
	s.drain()
	s.g.metrics.SessionRejected(ce.cause)
	s.logEnd("connection turned away at the handshake", ce)
}

// hardReadLimit is gorilla's own frame limit, above MaxClientFrame: past it gorilla closes without a
// reason, so readFrame checks MaxClientFrame first and says why.
const hardReadLimit = 64 << 10

// lingerTime is how long a closing session keeps reading so that its close frame reaches a client
// that is still sending (closing a socket with unread input resets it and loses the frame).
const lingerTime = 2 * time.Second

// drain discards input until the client closes its end or lingerTime passes. Call after the close
// frame has been (or is being) written.
func (s *Session) drain() {
	raw := s.conn.UnderlyingConn()
	_ = raw.SetReadDeadline(time.Now().Add(lingerTime))
	_, _ = io.Copy(io.Discard, raw)
}

// readFrame reads one message of at most MaxSignalFrame bytes (DecodeClient holds every message but
// voice signalling to MaxClientFrame).
func (s *Session) readFrame() (int, []byte, error) {
	typ, r, err := s.conn.NextReader()
	if err != nil {
		return 0, nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, protocol.MaxSignalFrame+1))
	if err != nil {
		return 0, nil, err
	}
	if len(data) > protocol.MaxSignalFrame {
		return 0, nil, closeWith(websocket.CloseMessageTooBig, fmt.Sprintf("message too large: limit %d bytes", protocol.MaxClientFrame))
	}
	return typ, data, nil
}

func (s *Session) handshake() (*pb.Hello, error) {
	_ = s.conn.SetReadDeadline(time.Now().Add(s.g.cfg.HelloTimeout))
	_, data, err := s.readFrame()
	var ce closeError
	var ne net.Error
	switch {
	case errors.As(err, &ce):
		return nil, ce
	case errors.As(err, &ne) && ne.Timeout():
		return nil, closeError{code: CloseHello, reason: fmt.Sprintf("no Hello within %g s", s.g.cfg.HelloTimeout.Seconds()), cause: causeNoHello, detail: err}
	case err != nil:
		return nil, readEnding(err, s.g.cfg.PongWait)
	}
	m, err := protocol.DecodeClient(data)
	if err != nil {
		return nil, decodeEnding(err)
	}
	h := m.GetHello()
	switch {
	case h == nil:
		return nil, closeWith(CloseHello, "the first message must be Hello")
	case h.GetProtocolVersion() != protocol.Version:
		return nil, closeWith(CloseVersion, fmt.Sprintf("protocol version %d not supported, this server speaks %d", h.GetProtocolVersion(), protocol.Version))
	}
	if h.GetTicket() != "" {
		return h, s.resumeTicket(h)
	}
	who, err := s.signIn(h)
	if err != nil {
		return nil, err
	}
	if err := s.checkBan(who, h.GetDeviceKey()); err != nil {
		return nil, err
	}
	role := who.role.Proto()
	s.id, s.deviceKey = who.userID, h.GetDeviceKey()
	if s.id == "" {
		s.id = newUserID()
	}
	s.log = s.g.log.With("user_id", s.id)
	if err := s.loadMutesAtDoor(); err != nil { // before presence: online means registered soon after
		return nil, err
	}
	name, err := s.claimName(who.name, role)
	if errors.Is(err, errNoFreeName) {
		return nil, closeError{code: websocket.ClosePolicyViolation, reason: "that name is taken, and so are its variants; please choose another", cause: causeNameTaken, detail: err}
	}
	if err != nil {
		return nil, s.presenceDown(err)
	}
	s.profile = room.Profile{UserID: s.id, Name: name, Role: role, Look: h.GetLook(), SignedIn: who.signed, Invites: who.invites}
	_ = s.conn.SetReadDeadline(time.Now().Add(s.g.cfg.PongWait))
	return h, nil
}

// loadMutesAtDoor applies the person's mutes before they are let in: a store that cannot answer
// turns them away to try again, as the ban check does, so that a mute never lapses.
func (s *Session) loadMutesAtDoor() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.LoadMutes(ctx); err != nil {
		return s.presenceDown(err)
	}
	return nil
}

// resumeTicket restores the identity a redirect's ticket carries.
func (s *Session) resumeTicket(h *pb.Hello) error {
	if s.g.tickets == nil {
		return closeError{code: websocket.ClosePolicyViolation, reason: "this server does not accept tickets", cause: causeBadTicket}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	t, err := s.g.tickets.Redeem(ctx, h.GetTicket())
	if errors.Is(err, cluster.ErrBadTicket) {
		return closeError{code: websocket.ClosePolicyViolation, reason: "this pass to another hall has expired or was used; please connect again", cause: causeBadTicket, detail: err}
	}
	if err != nil {
		return s.presenceDown(err)
	}
	s.id, s.resume, s.deviceKey = t.UserID, &t, t.DeviceKey
	s.tour = tourRole{guiding: t.Guiding, following: t.Following}
	s.log = s.g.log.With("user_id", s.id)
	if err := s.loadMutesAtDoor(); err != nil {
		return err
	}
	role := pb.Role(t.Role)
	if err := s.g.store.Add(ctx, presence.Entry{
		UserID: s.id, Name: t.Name, Role: roleName(role), Node: s.g.cfg.Node, Since: time.Now().UTC(), DeviceKey: s.deviceKey,
	}); err != nil {
		return s.presenceDown(err)
	}
	// Counts of the room the visitor came from (another node's) must not count them any more.
	if err := s.g.rooms.RefreshCounts(ctx); err != nil {
		s.log.Debug("refresh room counts", "err", err)
	}
	s.profile = room.Profile{UserID: s.id, Name: t.Name, Role: role, Look: h.GetLook(), SignedIn: t.SignedIn, Invites: t.Invites}
	_ = s.conn.SetReadDeadline(time.Now().Add(s.g.cfg.PongWait))
	return nil
}

// presenceDown turns a visitor away because presence cannot be reached: in plain words to them, with
// the error in the log and the refusal counted.
func (s *Session) presenceDown(err error) closeError {
	s.g.metrics.PresenceFailed()
	s.g.refusals.note(refusedUnavailable, s.id, sayPresenceDown, err)
	return closeError{code: websocket.CloseTryAgainLater, reason: sayPresenceDown, cause: causeUnavailable, detail: err}
}

// maxNameTries bounds the presence writes one Hello may cost when its name is taken.
const maxNameTries = 10

// errNoFreeName: a name and all the variants tried are taken.
var errNoFreeName = errors.New("no free variant of the name")

// claimName puts the user online under name, or "name (2)", "name (3)"... if it is taken.
func (s *Session) claimName(name string, role pb.Role) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	base := name
	for n := 2; n <= maxNameTries; n++ {
		err := s.g.store.Add(ctx, presence.Entry{
			UserID: s.id, Name: name, Role: roleName(role), Node: s.g.cfg.Node, Since: time.Now().UTC(), DeviceKey: s.deviceKey,
		})
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, presence.ErrNameTaken) {
			return "", err
		}
		suffix := fmt.Sprintf(" (%d)", n)
		name = truncateRunes(base, protocol.MaxNameLen-len(suffix)) + suffix
	}
	return "", fmt.Errorf("%w %q", errNoFreeName, base)
}

func (s *Session) welcome(h *pb.Hello) []byte {
	b, _ := protocol.Encode(&pb.ServerMessage{Msg: &pb.ServerMessage_Welcome{Welcome: &pb.Welcome{
		ProtocolVersion: protocol.Version, UserId: s.id, Name: s.profile.Name, Role: s.profile.Role,
		TickHz: uint32(s.g.cfg.TickHz), Speed: uint32(s.g.cfg.Speed), UnitsPerTile: world.Unit,
		WorldUrl: s.g.cfg.WorldURL, Rooms: s.g.rooms.Infos(), Node: s.g.cfg.Node,
		StepPerTick: uint32(world.StepPerTick(s.g.cfg.Speed, s.g.cfg.TickHz)),
	}}})
	return b
}

func newUserID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func roleName(r pb.Role) string { return identity.RoleFromProto(r).String() }

// truncateReason keeps a close reason within the 123 bytes a close frame allows.
func truncateReason(s string) string {
	for len(s) > 120 {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}
