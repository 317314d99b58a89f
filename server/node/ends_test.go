package node

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"google.golang.org/protobuf/proto"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// logBuffer collects a node's log for a test to read while the node writes it.
type logBuffer struct {
	mu  sync.Mutex // guards buf
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines returns the log lines that contain every one of parts.
func (b *logBuffer) lines(parts ...string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, l := range strings.Split(b.buf.String(), "\n") {
		all := l != ""
		for _, p := range parts {
			all = all && strings.Contains(l, p)
		}
		if all {
			out = append(out, l)
		}
	}
	return out
}

// counter reads a counter of the node's metrics by its reason label (0 if it was never counted).
func counter(t *testing.T, ts *testServer, name, reason string) float64 {
	t.Helper()
	families, err := ts.n.metrics.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "reason" && l.GetValue() == reason {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}

// rawClient is a bare gorilla connection that has said Hello as name: it does only what a test
// makes it do.
func rawClient(t *testing.T, ts *testServer, name string) *websocket.Conn {
	t.Helper()
	conn, _, err := websocket.DefaultDialer.Dial(ts.ws, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	sendRaw(t, conn, &pb.ClientMessage{Msg: &pb.ClientMessage_Hello{Hello: &pb.Hello{ProtocolVersion: protocol.Version, Name: name}}})
	eventually(t, name+" online", 5*time.Second, func() bool {
		_, err := ts.n.store.ByName(context.Background(), name)
		return err == nil
	})
	return conn
}

func sendRaw(t *testing.T, conn *websocket.Conn, m *pb.ClientMessage) {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.WriteMessage(websocket.BinaryMessage, b); err != nil {
		t.Fatal(err)
	}
}

// TestClientThatStopsReadingIsClosed: a client that keeps sending moves and pings every 100 ms but
// never reads (so never answers the server's pings) is closed when the liveness window passes, with
// its own close code, reason and metric, while an honest visitor in the same room walks on, served
// throughout and kept alive by its pongs across several windows.
func TestClientThatStopsReadingIsClosed(t *testing.T) {
	const window = 1200 * time.Millisecond
	logs := &logBuffer{}
	ts := startServerLogging(t, logs, func(c *Config) { c.Liveness = window })
	honest := dial(t, ts, "Honest")
	joinRoom(t, honest, "entrance")
	start := time.Now()

	deaf := rawClient(t, ts, "Deaf")
	deaf.SetPingHandler(func(string) error { return nil }) // when the test reads it at the end: still no answers
	sendRaw(t, deaf, &pb.ClientMessage{Msg: &pb.ClientMessage_Join{Join: &pb.Join{Room: "entrance"}}})
	wait(t, honest, "deaf arrives", sees("Deaf"))
	stop := make(chan struct{})
	sent := make(chan struct{})
	go func() { // keeps talking, never reads
		defer close(sent)
		msgs := []*pb.ClientMessage{
			{Msg: &pb.ClientMessage_Move{Move: &pb.Move{Seq: 1, Dx: 1}}},
			{Msg: &pb.ClientMessage_Ping{Ping: &pb.Ping{}}},
			{Msg: &pb.ClientMessage_Move{Move: &pb.Move{Seq: 2, Dx: -1}}},
			{Msg: &pb.ClientMessage_Ping{Ping: &pb.Ping{}}},
		}
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			b, _ := proto.Marshal(msgs[i%len(msgs)])
			if deaf.WriteMessage(websocket.BinaryMessage, b) != nil {
				return // the server hung up
			}
		}
	}()
	defer func() { close(stop); <-sent }()

	// The honest visitor walks back and forth, each move acknowledged by a snapshot, until the deaf
	// client is gone and at least two windows have passed since the honest one joined: its pongs, not
	// its moves, keep it connected.
	dx := 1
	for counter(t, ts, "embassy_sessions_closed_total", "no_pong") == 0 || time.Since(start) < 2*window {
		seq, err := honest.Move(dx, 0)
		if err != nil {
			t.Fatal(err)
		}
		wait(t, honest, "honest move acknowledged", func(v *client.View) bool { return v.Ack >= seq })
		dx = -dx
		if time.Since(start) > 30*time.Second {
			t.Fatal("the client that never reads was not closed")
		}
	}
	wait(t, honest, "deaf gone from view", func(v *client.View) bool { return v.ByName("Deaf") == nil })
	if err := honest.Err(); err != nil {
		t.Fatalf("the honest visitor was disconnected: %v", err)
	}
	if n := counter(t, ts, "embassy_sessions_closed_total", "normal"); n != 0 {
		t.Errorf("%v sessions counted as normal closes", n)
	}
	resp, err := http.Get(ts.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `embassy_sessions_closed_total{reason="no_pong"} 1`) {
		t.Errorf("/metrics does not count one no_pong close")
	}
	if len(logs.lines("session ended", "cause=no_pong", "code=4006")) != 1 {
		t.Errorf("no log line names the no_pong end; log:\n%s", strings.Join(logs.lines("session ended"), "\n"))
	}

	// What the server sent it lies in its socket buffer, the close frame last.
	if ce := closeFrame(t, deaf); ce.Code != 4006 || !strings.Contains(ce.Text, "no answer to pings") {
		t.Errorf("close frame %d %q, want 4006 saying it answered no pings", ce.Code, ce.Text)
	}
}

// TestSessionEndsAreNamed: each way a connection ends is counted under its own cause.
func TestSessionEndsAreNamed(t *testing.T) {
	logs := &logBuffer{}
	ts := startServerLogging(t, logs)
	ended := func(t *testing.T, cause string, want float64) {
		t.Helper()
		eventually(t, "a session counted as "+cause, 10*time.Second, func() bool {
			return counter(t, ts, "embassy_sessions_closed_total", cause) == want
		})
		if len(logs.lines("session ended", "cause="+cause)) == 0 {
			t.Errorf("no log line says cause=%s", cause)
		}
	}

	t.Run("the client closes", func(t *testing.T) {
		c := dial(t, ts, "Leaver")
		joinRoom(t, c, "entrance")
		_ = c.Close()
		ended(t, "normal", 1)
	})
	t.Run("the connection drops without a close frame", func(t *testing.T) {
		conn := rawClient(t, ts, "Dropper")
		_ = conn.UnderlyingConn().Close()
		ended(t, "reset", 1)
	})
	t.Run("broken WebSocket framing", func(t *testing.T) {
		conn := rawClient(t, ts, "Garbler")
		// A client frame must be masked: this one is not.
		if _, err := conn.UnderlyingConn().Write([]byte{0x82, 0x01, 0x00}); err != nil {
			t.Fatal(err)
		}
		ended(t, "protocol", 1)
	})
	t.Run("kicked", func(t *testing.T) {
		c := dial(t, ts, "Rowdy")
		if err := ts.n.gw.Kick(context.Background(), c.Welcome().GetUserId(), "removed by a moderator", false); err != nil {
			t.Fatal(err)
		}
		closedWith(t, c, 4003)
		ended(t, "kicked", 1)
	})
	t.Run("shutdown", func(t *testing.T) {
		c := dial(t, ts, "LastOne")
		ts.cancel()
		closedWith(t, c, websocket.CloseGoingAway)
		ended(t, "shutdown", 1)
	})
	for cause, n := range map[string]float64{"normal": 1, "reset": 1, "protocol": 1, "kicked": 1, "shutdown": 1, "other": 0} {
		if got := counter(t, ts, "embassy_sessions_closed_total", cause); got != n {
			t.Errorf("sessions_closed_total{reason=%q} = %v, want %v", cause, got, n)
		}
	}
}
