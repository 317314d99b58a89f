package node

import (
	"context"
	"encoding/json"
	"errors"
	"github.com/embassy-project/embassy/internal/redistest"
	"github.com/embassy-project/embassy/internal/signintest"
	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/store"
	"github.com/embassy-project/embassy/shared/names"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"google.golang.org/protobuf/proto"

	"github.com/embassy-project/embassy/assets"
	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/server/room"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// testServer is a real node serving on a loopback port.
type testServer struct {
	n      *Node
	base   string // http://127.0.0.1:port
	ws     string // ws://127.0.0.1:port/ws
	cancel context.CancelFunc
	done   chan error
}

func startServer(t *testing.T, mutate ...func(*Config)) *testServer {
	t.Helper()
	return startServerLogging(t, io.Discard, mutate...)
}

// startServerLogging starts a node that writes its log (debug level and up) to logs.
func startServerLogging(t *testing.T, logs io.Writer, mutate ...func(*Config)) *testServer {
	t.Helper()
	cfg := Defaults()
	cfg.DataDir, cfg.Secret = t.TempDir(), testSecret
	for _, m := range mutate {
		m(&cfg)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Advertise = "ws://" + ln.Addr().String() + "/ws"
	level := slog.LevelDebug
	if logs == io.Discard {
		level = slog.LevelError // nobody reads it: spare the formatting
	}
	n, err := New(cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: level})))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{n: n, base: "http://" + ln.Addr().String(), ws: "ws://" + ln.Addr().String() + "/ws", cancel: cancel, done: make(chan error, 1)}
	go func() { ts.done <- n.Run(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-ts.done; err != nil {
			t.Errorf("server stopped with %v", err)
		}
	})
	return ts
}

func dial(t *testing.T, ts *testServer, name string) *client.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, client.Options{URL: ts.ws, Name: name, Client: "node-test"})
	if err != nil {
		t.Fatalf("dial %s: %v", name, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func joinRoom(t *testing.T, c *client.Client, room string) {
	t.Helper()
	var before int
	c.View(func(v *client.View) { before = v.Joins })
	if err := c.Join(room); err != nil {
		t.Fatal(err)
	}
	wait(t, c, "join "+room, func(v *client.View) bool { return v.Joins > before && v.Room == room })
}

func wait(t *testing.T, c *client.Client, what string, cond func(v *client.View) bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := c.WaitFor(ctx, cond); err != nil {
		var notes []string
		c.View(func(v *client.View) {
			for _, l := range v.Chat {
				if l.Err != nil {
					notes = append(notes, l.Err.GetReason())
				}
			}
		})
		t.Fatalf("%s: waiting for %s: %v (refusals: %q)", c.Welcome().GetName(), what, err, notes)
	}
}

func sees(name string) func(v *client.View) bool {
	return func(v *client.View) bool { return v.ByName(name) != nil }
}

func heard(text string) func(v *client.View) bool {
	return func(v *client.View) bool {
		for _, l := range v.Chat {
			if l.Event != nil && l.Event.Text == text {
				return true
			}
		}
		return false
	}
}

func refusedWith(code pb.RefuseCode) func(v *client.View) bool {
	return func(v *client.View) bool {
		for _, l := range v.Chat {
			if l.Err != nil && l.Err.Code == code {
				return true
			}
		}
		return false
	}
}

func closedWith(t *testing.T, c *client.Client, code int) *client.CloseError {
	t.Helper()
	select {
	case <-c.Done():
	case <-time.After(10 * time.Second):
		t.Fatalf("connection still open, want close %d", code)
	}
	var ce *client.CloseError
	if !errors.As(c.Err(), &ce) || ce.Code != code || ce.Reason == "" {
		t.Fatalf("connection ended with %v, want close code %d with a reason", c.Err(), code)
	}
	return ce
}

// TestVisitorsSeeMoveChatAndLeave is the end-to-end story of issue 2: two visitors join, see each
// other move, chat reaches only those in range, a direct message arrives, leaving is seen, and a
// flood of malformed frames from a third client leaves the other two untouched.
func TestVisitorsSeeMoveChatAndLeave(t *testing.T) {
	ts := startServer(t)
	alice, bob, carol := dial(t, ts, "Alice"), dial(t, ts, "Bob"), dial(t, ts, "Carol")
	for _, c := range []*client.Client{alice, bob, carol} {
		joinRoom(t, c, "reception")
	}
	wait(t, alice, "bob in view", sees("Bob"))
	wait(t, bob, "alice in view", sees("Alice"))

	// Alice walks east; Bob sees her at exactly the position the server holds for her.
	if _, err := alice.Move(1, 0); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	seq, _ := alice.Move(0, 0)
	wait(t, alice, "move acked", func(v *client.View) bool { return v.Ack >= seq })
	var alicePos world.Vec
	alice.View(func(v *client.View) { alicePos = v.Self().Pos })
	wait(t, bob, "alice's final position", func(v *client.View) bool {
		a := v.ByName("Alice")
		return a != nil && a.Pos == alicePos
	})
	var spawn world.Vec
	bob.View(func(v *client.View) { spawn = v.Self().Pos })
	if alicePos.X <= spawn.X {
		t.Fatalf("alice at %v did not move east of the spawn %v", alicePos, spawn)
	}

	// Carol walks 14 m away: beyond a whisper (10 m), within talk (20 m).
	def := ts.n.World().Rooms["reception"]
	target := farWalkable(t, def, spawn, 14)
	seq, _ = carol.WalkTo(target.X, target.Y)
	wait(t, carol, "walk 14 m away", func(v *client.View) bool { return v.Ack >= seq && v.Self().Pos == target })
	if _, err := bob.Chat(pb.ChatKind_CHAT_WHISPER, "psst, just us", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.Chat(pb.ChatKind_CHAT_SAY, "welcome to the reception", ""); err != nil {
		t.Fatal(err)
	}
	wait(t, carol, "say from 14 m", heard("welcome to the reception"))
	wait(t, alice, "say nearby", heard("welcome to the reception"))
	wait(t, alice, "whisper nearby", heard("psst, just us"))
	carol.View(func(v *client.View) {
		if heard("psst, just us")(v) {
			t.Error("carol heard a whisper from 14 m away")
		}
	})

	// A direct message reaches only its recipient, wherever they are.
	if _, err := alice.Chat(pb.ChatKind_CHAT_DIRECT, "meet me at the gallery", "carol"); err != nil {
		t.Fatal(err)
	}
	wait(t, carol, "direct message", heard("meet me at the gallery"))
	if _, err := alice.Chat(pb.ChatKind_CHAT_DIRECT, "hello?", "nobody-here"); err != nil {
		t.Fatal(err)
	}
	wait(t, alice, "refusal for an unknown recipient", refusedWith(pb.RefuseCode_REFUSE_NO_SUCH_USER))

	// Mallory floods malformed frames: she is closed with a reason, the others notice nothing.
	mallory := dial(t, ts, "Mallory")
	joinRoom(t, mallory, "reception")
	for i := 0; i < 50; i++ {
		if err := mallory.SendRaw([]byte{0xff, 0xff, 0xff, 0x01, byte(i)}); err != nil {
			break // closed already
		}
	}
	closedWith(t, mallory, websocket.CloseInvalidFramePayloadData)
	bob.View(func(v *client.View) {
		for _, l := range v.Chat {
			if l.Err != nil || l.Note != "" {
				t.Errorf("bob got %v / %q during mallory's flood", l.Err, l.Note)
			}
		}
	})
	seq, _ = bob.Move(0, 1)
	wait(t, bob, "bob still moves after the flood", func(v *client.View) bool { return v.Ack >= seq })
	if alice.Err() != nil || bob.Err() != nil {
		t.Fatalf("alice (%v) or bob (%v) lost their connection", alice.Err(), bob.Err())
	}

	// Leaving is seen.
	_ = bob.Close()
	wait(t, alice, "bob gone", func(v *client.View) bool { return v.ByName("Bob") == nil })
}

// closeFrame reads conn until the server's close frame, and returns it.
func closeFrame(t *testing.T, conn *websocket.Conn) *websocket.CloseError {
	t.Helper()
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, _, err := conn.ReadMessage()
		if err == nil {
			continue
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) {
			t.Fatalf("read error %v, want a close frame", err)
		}
		return ce
	}
}

// farWalkable finds a walkable tile centre about dist metres from p with a path to it.
func farWalkable(t *testing.T, def *world.Room, p world.Vec, dist int32) world.Vec {
	t.Helper()
	for _, d := range [][2]int32{{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {-1, -1}} {
		c := p.Tile()
		target := world.Tile{X: c.X + d[0]*dist, Y: c.Y + d[1]*dist}.Center()
		if _, ok := def.FindPath(p, target); ok && target.Dist2(p) >= int64(world.Meters(12)*world.Meters(12)) && target.Dist2(p) <= int64(world.Meters(19)*world.Meters(19)) {
			return target
		}
	}
	t.Fatal("no walkable tile 14 m from the spawn")
	return world.Vec{}
}

func TestBadClientsAreClosedWithReasons(t *testing.T) {
	ts := startServer(t)
	bystander := dial(t, ts, "Bystander")
	joinRoom(t, bystander, "entrance")

	raw := func(t *testing.T) *websocket.Conn {
		conn, _, err := websocket.DefaultDialer.Dial(ts.ws, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		return conn
	}
	expectClose := func(t *testing.T, conn *websocket.Conn, code int) {
		t.Helper()
		if ce := closeFrame(t, conn); ce.Code != code || ce.Text == "" {
			t.Fatalf("closed with %v, want close %d with a reason", ce, code)
		}
	}
	send := func(t *testing.T, conn *websocket.Conn, m *pb.ClientMessage) {
		b, err := proto.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := conn.WriteMessage(websocket.BinaryMessage, b); err != nil {
			t.Fatal(err)
		}
	}
	hello := func(v uint32, name string) *pb.ClientMessage {
		return &pb.ClientMessage{Msg: &pb.ClientMessage_Hello{Hello: &pb.Hello{ProtocolVersion: v, Name: name}}}
	}

	t.Run("wrong protocol version", func(t *testing.T) {
		conn := raw(t)
		send(t, conn, hello(99, "Future"))
		expectClose(t, conn, 4000)
	})
	t.Run("first message is not hello", func(t *testing.T) {
		conn := raw(t)
		send(t, conn, &pb.ClientMessage{Msg: &pb.ClientMessage_Join{Join: &pb.Join{}}})
		expectClose(t, conn, 4002)
	})
	t.Run("name with control characters", func(t *testing.T) {
		conn := raw(t)
		send(t, conn, hello(protocol.Version, "evil\u202ename"))
		expectClose(t, conn, websocket.ClosePolicyViolation)
	})
	t.Run("bad role token", func(t *testing.T) {
		conn := raw(t)
		send(t, conn, &pb.ClientMessage{Msg: &pb.ClientMessage_Hello{Hello: &pb.Hello{ProtocolVersion: protocol.Version, Name: "Imposter", Token: "guess"}}})
		expectClose(t, conn, websocket.ClosePolicyViolation)
	})
	t.Run("oversized frame", func(t *testing.T) {
		conn := raw(t)
		send(t, conn, hello(protocol.Version, "Big"))
		_ = conn.WriteMessage(websocket.BinaryMessage, make([]byte, protocol.MaxClientFrame+1))
		expectClose(t, conn, websocket.CloseMessageTooBig)
	})
	t.Run("text frame", func(t *testing.T) {
		conn := raw(t)
		send(t, conn, hello(protocol.Version, "Texter"))
		_ = conn.WriteMessage(websocket.TextMessage, []byte(`{"join":{}}`))
		expectClose(t, conn, websocket.CloseUnsupportedData)
	})
	t.Run("invalid move", func(t *testing.T) {
		conn := raw(t)
		send(t, conn, hello(protocol.Version, "Runner"))
		send(t, conn, &pb.ClientMessage{Msg: &pb.ClientMessage_Move{Move: &pb.Move{Seq: 1, Dx: 5}}})
		expectClose(t, conn, websocket.ClosePolicyViolation)
	})
	t.Run("message flood", func(t *testing.T) {
		conn := raw(t)
		send(t, conn, hello(protocol.Version, "Flooder"))
		ping := &pb.ClientMessage{Msg: &pb.ClientMessage_Ping{Ping: &pb.Ping{}}}
		b, _ := proto.Marshal(ping)
		for i := 0; i < 500; i++ {
			if conn.WriteMessage(websocket.BinaryMessage, b) != nil {
				break
			}
		}
		expectClose(t, conn, websocket.ClosePolicyViolation)
	})
	t.Run("chat too fast is refused, not closed", func(t *testing.T) {
		c := dial(t, ts, "Chatty")
		joinRoom(t, c, "entrance")
		for i := 0; i < 10; i++ {
			if _, err := c.Chat(pb.ChatKind_CHAT_SAY, "spam", ""); err != nil {
				t.Fatal(err)
			}
		}
		wait(t, c, "rate-limit refusal", refusedWith(pb.RefuseCode_REFUSE_RATE_LIMITED))
		if _, err := c.Chat(pb.ChatKind_CHAT_SAY, strings.Repeat("x", protocol.MaxChatLen+1), ""); err != nil {
			t.Fatal(err)
		}
		wait(t, c, "too-long refusal", refusedWith(pb.RefuseCode_REFUSE_TOO_LONG))
		if c.Err() != nil {
			t.Fatalf("chatty was disconnected: %v", c.Err())
		}
	})
	t.Run("visitors cannot announce", func(t *testing.T) {
		c := dial(t, ts, "Visitor")
		joinRoom(t, c, "entrance")
		_, _ = c.Chat(pb.ChatKind_CHAT_ANNOUNCE, "attention please", "")
		wait(t, c, "not-allowed refusal", refusedWith(pb.RefuseCode_REFUSE_NOT_ALLOWED))
	})
	if bystander.Err() != nil {
		t.Fatalf("the bystander was disconnected: %v", bystander.Err())
	}
	seq, _ := bystander.Move(1, 0)
	wait(t, bystander, "bystander still served", func(v *client.View) bool { return v.Ack >= seq })
}

func TestDiplomatAnnouncesAndNamesAreUnique(t *testing.T) {
	ts := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dip, err := client.Dial(ctx, client.Options{URL: ts.ws, Name: "Ambassador", Token: staffToken(t, "Ambassador", identity.Diplomat)})
	if err != nil {
		t.Fatal(err)
	}
	defer dip.Close()
	if dip.Welcome().GetRole() != pb.Role_ROLE_DIPLOMAT {
		t.Fatalf("role = %v, want diplomat", dip.Welcome().GetRole())
	}
	// A visitor may not pass for the signed-in member of staff: not in other case, not with a digit
	// for a letter, not in Cyrillic.
	for _, fake := range []string{"ambassador", "Ambassad0r", "Аmbassador"} {
		_, err := client.Dial(ctx, client.Options{URL: ts.ws, Name: fake})
		var ce *client.CloseError
		if !errors.As(err, &ce) || !strings.Contains(ce.Reason, "too close to a member of staff") {
			t.Errorf("visitor %q: %v, want a refusal naming the look-alike", fake, err)
		}
	}
	// Two visitors with the same name in other case: the second gets a variant.
	first := dial(t, ts, "Ada")
	guest := dial(t, ts, "ada")
	if got := guest.Welcome().GetName(); got == "ada" || got == "Ada" {
		t.Fatalf("second visitor got the taken name %q (first %q)", got, first.Welcome().GetName())
	}
	joinRoom(t, dip, "gallery")
	joinRoom(t, guest, "gallery")
	_, _ = dip.Chat(pb.ChatKind_CHAT_ANNOUNCE, "The reception starts in five minutes", "")
	wait(t, guest, "announcement", heard("The reception starts in five minutes"))
	eventually(t, "the announcement in the audit log", 5*time.Second, func() bool {
		page, err := ts.n.Store().Audit(ctx, store.AuditQuery{Action: "announce"})
		return err == nil && len(page.Entries) == 1 && page.Entries[0].Actor.Name == "Ambassador" &&
			page.Entries[0].Room == "gallery" && page.Entries[0].Reason == "The reception starts in five minutes"
	})
}

func TestHTTPEndpoints(t *testing.T) {
	ts := startServer(t)
	c := dial(t, ts, "Visitor")
	joinRoom(t, c, "gallery")
	getJSON := func(path string, v any) {
		t.Helper()
		resp, err := http.Get(ts.base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("GET %s: %s %s", path, resp.Status, resp.Header.Get("Content-Type"))
		}
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
	var health map[string]any
	getJSON("/healthz", &health)
	if health["ok"] != true {
		t.Errorf("healthz = %v", health)
	}
	var rooms []struct {
		ID        string `json:"id"`
		Occupants int    `json:"occupants"`
		Capacity  int    `json:"capacity"`
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		getJSON("/api/rooms", &rooms)
		if len(rooms) == 6 && rooms[1].ID == "gallery" && rooms[1].Occupants == 1 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(rooms) != 6 || rooms[1].ID != "gallery" || rooms[1].Occupants != 1 {
		t.Errorf("/api/rooms = %+v, want 6 rooms with one visitor in the gallery", rooms)
	}
	// Anyone sees how many are where; only staff see who.
	var counts struct {
		Total int
		Rooms map[string]int
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		getJSON("/api/online", &counts)
		if counts.Rooms["gallery"] == 1 || time.Now().After(deadline) {
			break
		}
	}
	if counts.Total != 1 || counts.Rooms["gallery"] != 1 {
		t.Errorf("anonymous /api/online = %+v, want one person in the gallery, and no names", counts)
	}
	online := staffOnline(t, ts)
	if len(online) != 1 || online[0].Name != "Visitor" || online[0].Room != "gallery" {
		t.Errorf("staff /api/online = %+v, want Visitor in the gallery", online)
	}
	for path, want := range map[string]string{
		"/metrics":            "embassy_connected_clients 1",
		"/world/entrance.tmx": "<map",
	} {
		resp, err := http.Get(ts.base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("GET %s: %s, body lacks %q", path, resp.Status, want)
		}
	}
}

func TestShutdownTellsClients(t *testing.T) {
	ts := startServer(t)
	c := dial(t, ts, "LastGuest")
	joinRoom(t, c, "entrance")
	ts.cancel()
	ce := closedWith(t, c, websocket.CloseGoingAway)
	if !strings.Contains(ce.Reason, "shutting down") {
		t.Errorf("close reason %q does not say the server is shutting down", ce.Reason)
	}
}

func TestSlowClientIsDroppedWithoutHurtingOthers(t *testing.T) {
	ts := startServer(t)
	fast := dial(t, ts, "Fast")
	joinRoom(t, fast, "entrance")
	// A raw client that says hello and then never reads.
	conn, _, err := websocket.DefaultDialer.Dial(ts.ws, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	b, _ := proto.Marshal(&pb.ClientMessage{Msg: &pb.ClientMessage_Hello{Hello: &pb.Hello{ProtocolVersion: protocol.Version, Name: "Sloth"}}})
	if err := conn.WriteMessage(websocket.BinaryMessage, b); err != nil {
		t.Fatal(err)
	}
	var sloth interface{ Closed() bool }
	for deadline := time.Now().Add(5 * time.Second); sloth == nil && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if e, err := ts.n.store.ByName(context.Background(), "Sloth"); err == nil {
			if s, ok := ts.n.gw.Local(e.UserID); ok {
				sloth = s
			}
		}
	}
	if sloth == nil {
		t.Fatal("sloth never connected")
	}
	s, _ := sloth.(interface {
		Send(*room.Room, []byte) bool
		Closed() bool
	})
	big := make([]byte, 256<<10) // far more than its socket buffers hold
	for i := 0; i < 1000 && !s.Closed(); i++ {
		s.Send(nil, big)
		time.Sleep(time.Millisecond)
	}
	if !s.Closed() {
		t.Fatal("a client that never reads was not dropped")
	}
	eventually(t, "the slow client counted as too slow", 5*time.Second, func() bool {
		return counter(t, ts, "embassy_sessions_closed_total", "too_slow") == 1
	})
	seq, _ := fast.Move(1, 0)
	wait(t, fast, "fast client still served", func(v *client.View) bool { return v.Ack >= seq })
}

func TestFullRoomRefusesAndOffersTheRoomList(t *testing.T) {
	ts := startServer(t)
	capacity := ts.n.World().Rooms["ambassador"].Capacity
	for i := 0; i < capacity; i++ {
		joinRoom(t, dial(t, ts, "Guest "+string(rune('A'+i))), "ambassador")
	}
	eventually(t, "the office to fill", 5*time.Second, func() bool {
		r, _ := ts.n.Room("ambassador")
		return r.Occupants() == capacity
	})
	lists := make(chan *pb.RoomList, 4)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	late, err := client.Dial(ctx, client.Options{URL: ts.ws, Name: "Latecomer", OnMessage: func(m *pb.ServerMessage, _ time.Time) {
		if l := m.GetRooms(); l != nil {
			lists <- l
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer late.Close()
	if err := late.Join("ambassador"); err != nil {
		t.Fatal(err)
	}
	wait(t, late, "room-full refusal", refusedWith(pb.RefuseCode_REFUSE_ROOM_FULL))
	select {
	case l := <-lists:
		if len(l.Rooms) != len(ts.n.World().Ordered) {
			t.Errorf("room list has %d rooms, want all %d", len(l.Rooms), len(ts.n.World().Ordered))
		}
	case <-ctx.Done():
		t.Fatal("no room list came with the refusal")
	}
	if late.Err() != nil {
		t.Fatalf("refused visitor was disconnected: %v", late.Err())
	}
}

// TestRacingJoinsLeaveOneAvatar sends joins in quick succession (and one back to the start): the
// visitor must end up in exactly one room, the last one, with a view the server agrees with.
func TestRacingJoinsLeaveOneAvatar(t *testing.T) {
	ts := startServer(t)
	c := dial(t, ts, "Hopper")
	joinRoom(t, c, "entrance")
	for _, r := range []string{"gallery", "reception", "consular", "entrance", "gallery"} {
		if err := c.Join(r); err != nil {
			t.Fatal(err)
		}
	}
	onlyInGallery := func() bool {
		total := 0
		for _, r := range ts.n.Infos() {
			total += int(r.Occupants)
		}
		g, _ := ts.n.Room("gallery")
		return total == 1 && g.Occupants() == 1
	}
	wait(t, c, "arrival in the last room", func(v *client.View) bool { return v.Room == "gallery" })
	eventually(t, "only the gallery holds the visitor", 5*time.Second, onlyInGallery)
	time.Sleep(300 * time.Millisecond) // a few ticks: nothing superseded may still arrive
	if !onlyInGallery() {
		t.Fatalf("rooms after the joins settled: %v", ts.n.Infos())
	}
	c.View(func(v *client.View) {
		if v.Room != "gallery" {
			t.Fatalf("client is in %q, asked last for the gallery", v.Room)
		}
	})
	seq, _ := c.Move(1, 0)
	wait(t, c, "moves still acked", func(v *client.View) bool { return v.Ack >= seq })
	if c.Err() != nil {
		t.Fatalf("the client broke off: %v", c.Err())
	}
}

// TestKickedClientThatKeepsTalkingIsGone kicks a client that ignores the close frame and keeps
// sending: it must stop being heard and leave presence.
func TestKickedClientThatKeepsTalkingIsGone(t *testing.T) {
	ts := startServer(t)
	conn, _, err := websocket.DefaultDialer.Dial(ts.ws, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	hello, _ := proto.Marshal(&pb.ClientMessage{Msg: &pb.ClientMessage_Hello{Hello: &pb.Hello{ProtocolVersion: protocol.Version, Name: "Stubborn"}}})
	ping, _ := proto.Marshal(&pb.ClientMessage{Msg: &pb.ClientMessage_Ping{Ping: &pb.Ping{}}})
	if err := conn.WriteMessage(websocket.BinaryMessage, hello); err != nil {
		t.Fatal(err)
	}
	var id string
	eventually(t, "stubborn online", 5*time.Second, func() bool {
		e, err := ts.n.store.ByName(context.Background(), "Stubborn")
		id = e.UserID
		return err == nil
	})
	if err := ts.n.gw.Kick(context.Background(), id, "removed by a moderator", false); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() { // never reads, keeps talking
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
				if conn.WriteMessage(websocket.BinaryMessage, ping) != nil {
					return
				}
			}
		}
	}()
	eventually(t, "stubborn gone from the node and presence", 5*time.Second, func() bool {
		_, local := ts.n.gw.Local(id)
		_, err := ts.n.store.ByName(context.Background(), "Stubborn")
		return !local && err != nil
	})
}

// TestWorldFromDisk loads a ministry's own embassy from a directory instead of the embedded one.
func TestWorldFromDisk(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, assets.World); err != nil {
		t.Fatal(err)
	}
	tmx := filepath.Join(dir, "entrance.tmx")
	b, err := os.ReadFile(tmx)
	if err != nil {
		t.Fatal(err)
	}
	renamed := strings.Replace(string(b), `value="Entrance Hall"`, `value="Grand Foyer"`, 1)
	if renamed == string(b) {
		t.Fatal("entrance.tmx has no name property to change")
	}
	if err := os.WriteFile(tmx, []byte(renamed), 0o644); err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, func(c *Config) { c.WorldDir = dir })
	c := dial(t, ts, "Visitor")
	joinRoom(t, c, "entrance")
	c.View(func(v *client.View) {
		if v.RoomName != "Grand Foyer" {
			t.Errorf("room name %q, want the one from disk", v.RoomName)
		}
	})
	resp, err := http.Get(ts.base + "/world/entrance.tmx")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "Grand Foyer") {
		t.Error("/world/ does not serve the world from disk")
	}
}

// testSecret signs the test nodes' sign-ins.
const testSecret = "a test secret of at least thirty-two bytes, not for production"

// staffToken mints a sign-in for name with role, as embassyctl would.
func staffToken(t testing.TB, name string, role identity.Role) string {
	t.Helper()
	return signintest.Token(t, testSecret, name, role)
}

// Sign-ins through the real server: a forged or expired token is refused with words; a server
// that admits no guests refuses a visitor without a sign-in and admits one with it.
func TestSignInsAreChecked(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.Guests = false })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	refused := func(name, token, want string) {
		t.Helper()
		_, err := client.Dial(ctx, client.Options{URL: ts.ws, Name: name, Token: token})
		var ce *client.CloseError
		if !errors.As(err, &ce) || ce.Code != 1008 || !strings.Contains(ce.Reason, want) {
			t.Errorf("%s: %v, want 1008 saying %q", name, err, want)
		}
	}
	refused("Guest", "", "signed-in visitors only")

	forger, _ := identity.NewSecret([]byte("another secret of at least thirty-two bytes....."), "forger")
	iss, _ := identity.NewIssuer(forger, "")
	forged, _, err := iss.Mint(identity.Claims{UserID: "u-x", Name: "Forger", Role: identity.Admin}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	refused("Forger", forged, "not valid")

	sec, _ := identity.NewSecret([]byte(testSecret), "test")
	real, _ := identity.NewIssuer(sec, "")
	old, _, err := real.Mint(identity.Claims{UserID: "u-old", Name: "Old Hand", Role: identity.Moderator, IssuedAt: time.Now().Add(-3 * time.Hour)}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	refused("Old Hand", old, "expired")
	refused("Garbage", "not.a.token", "not valid")

	c, err := client.Dial(ctx, client.Options{URL: ts.ws, Name: "ignored", Token: staffToken(t, "Consul Ines", identity.Moderator)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if w := c.Welcome(); w.GetName() != "Consul Ines" || w.GetRole() != pb.Role_ROLE_MODERATOR || w.GetUserId() != identity.UserIDFor("Consul Ines") {
		t.Fatalf("welcome %v: the name, role and id come from the sign-in", w)
	}
}

// A ban in the store turns the person away at the door, by name or device key, in words that say
// why, and the refused attempt is in the audit log; a lifted ban lets them in again; a revoked
// sign-in is refused.
func TestBansAndRevocationsHoldAtTheDoor(t *testing.T) {
	ts := startServer(t)
	st := ts.n.Store()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	mod := store.Actor{ID: "u-mod", Name: "Moderator Mo", Role: "moderator"}
	ban, err := st.AddBan(ctx, store.Ban{Name: names.CompareKey("Troll"), Reason: "spamming the reception", By: mod, CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.Dial(ctx, client.Options{URL: ts.ws, Name: "TROLL"}) // another case: the same name
	var ce *client.CloseError
	if !errors.As(err, &ce) || ce.Code != 4007 || !strings.Contains(ce.Reason, "spamming the reception") || !strings.Contains(ce.Reason, "until") {
		t.Fatalf("banned name: %v, want 4007 with the reason and the end", err)
	}
	// The same device under another name.
	if _, err := st.AddBan(ctx, store.Ban{DeviceKey: "device-123", Reason: "ban evasion", By: mod, CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	_, err = client.Dial(ctx, client.Options{URL: ts.ws, Name: "Innocent Name", DeviceKey: "device-123"})
	if !errors.As(err, &ce) || ce.Code != 4007 || strings.Contains(ce.Reason, "until") {
		t.Fatalf("banned device: %v, want 4007 for good", err)
	}
	page, err := st.Audit(ctx, store.AuditQuery{Action: "enter"})
	if err != nil || len(page.Entries) < 2 || page.Entries[0].Outcome != store.OutcomeRefused {
		t.Fatalf("audit of refused entries: %+v, %v", page.Entries, err)
	}
	if _, err := st.LiftBan(ctx, ban.ID, mod, time.Now()); err != nil {
		t.Fatal(err)
	}
	c, err := client.Dial(ctx, client.Options{URL: ts.ws, Name: "Troll"})
	if err != nil {
		t.Fatalf("after the ban was lifted: %v", err)
	}
	c.Close()

	// A revoked sign-in.
	sec, _ := identity.NewSecret([]byte(testSecret), "test")
	iss, _ := identity.NewIssuer(sec, "")
	tok, claims, err := iss.Mint(identity.Claims{UserID: "u-gone", Name: "Former Staff", Role: identity.Moderator}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RevokeToken(ctx, claims.TokenID, claims.ExpiresAt); err != nil {
		t.Fatal(err)
	}
	_, err = client.Dial(ctx, client.Options{URL: ts.ws, Name: "x", Token: tok})
	if !errors.As(err, &ce) || ce.Code != 1008 || !strings.Contains(ce.Reason, "withdrawn") {
		t.Fatalf("revoked sign-in: %v, want 1008 saying it was withdrawn", err)
	}
}

// A ban survives the server's restart (the SQLite file in the data directory), and with Redis it
// holds on every node.
func TestBansSurviveRestartsAndCrossNodes(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dir := t.TempDir()
	first := startServer(t, func(c *Config) { c.DataDir = dir })
	if _, err := first.n.Store().AddBan(ctx, store.Ban{Name: names.CompareKey("Troll"), Reason: "abuse", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	first.cancel()
	if err := <-first.done; err != nil {
		t.Fatal(err)
	}
	first.done <- nil // the cleanup reads it again
	second := startServer(t, func(c *Config) { c.DataDir = dir })
	if _, err := client.Dial(ctx, client.Options{URL: second.ws, Name: "Troll"}); err == nil || !strings.Contains(err.Error(), "banned") {
		t.Fatalf("after a restart: %v, want banned", err)
	}

	rs := redistest.Start(t, "--appendonly", "yes")
	a, b := clusterNode(t, rs.URL(), "node-a"), clusterNode(t, rs.URL(), "node-b")
	if _, err := a.n.Store().AddBan(ctx, store.Ban{Name: names.CompareKey("Roamer"), Reason: "abuse", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Dial(ctx, client.Options{URL: b.ws, Name: "Roamer"}); err == nil || !strings.Contains(err.Error(), "banned") {
		t.Fatalf("on the other node: %v, want banned", err)
	}
}

// onlineEntry is one person in the staff's /api/online.
type onlineEntry struct{ Name, Room string }

// staffOnline reads /api/online with a moderator's sign-in; nil when the list is unavailable.
func staffOnline(t testing.TB, ts *testServer) []onlineEntry {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, ts.base+"/api/online", nil)
	req.Header.Set("Authorization", "Bearer "+staffToken(t, "Duty Officer", identity.Moderator))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list []onlineEntry
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		return nil
	}
	return list
}
