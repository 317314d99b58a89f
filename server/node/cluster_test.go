package node

import (
	"bufio"
	"context"
	"github.com/embassy-project/embassy/server/identity"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/internal/redistest"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// clusterNode starts a node sharing the Redis at url.
func clusterNode(t *testing.T, url, id string) *testServer {
	t.Helper()
	return startServer(t, func(c *Config) {
		c.Redis, c.NodeID, c.PresenceTTL = url, id, 3*time.Second
	})
}

func onlineNames(t *testing.T, ts *testServer) []string {
	t.Helper()
	names := []string{}
	for _, e := range staffOnline(t, ts) {
		names = append(names, e.Name)
	}
	return names
}

func eventually(t *testing.T, what string, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", within, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func hostedRooms(t *testing.T, ts *testServer) []string {
	_, d := ts.n.health()
	return d["hosted_rooms"].([]string)
}

func TestNodesActAsOneEmbassy(t *testing.T) {
	rs := redistest.Start(t)
	a, b := clusterNode(t, rs.URL(), "node-a"), clusterNode(t, rs.URL(), "node-b")

	alice := dial(t, a, "Alice")
	joinRoom(t, alice, "reception") // node-a takes the reception
	bob := dial(t, b, "Bob")
	joinRoom(t, bob, "reception") // node-b sends Bob to node-a
	if bob.Redirects() != 1 || bob.Welcome().GetNode() != "node-a" {
		t.Fatalf("bob: %d redirects, now on %q; want 1 redirect to node-a", bob.Redirects(), bob.Welcome().GetNode())
	}
	wait(t, alice, "bob in view", sees("Bob"))
	wait(t, bob, "alice in view", sees("Alice"))
	if bob.Welcome().GetName() != "Bob" {
		t.Errorf("bob arrived on node-a as %q", bob.Welcome().GetName())
	}

	carol := dial(t, b, "Carol")
	joinRoom(t, carol, "gallery") // node-b takes the gallery
	if !slices.Contains(hostedRooms(t, a), "reception") || slices.Contains(hostedRooms(t, a), "gallery") ||
		!slices.Contains(hostedRooms(t, b), "gallery") || slices.Contains(hostedRooms(t, b), "reception") {
		t.Fatalf("rooms hosted: node-a %v, node-b %v", hostedRooms(t, a), hostedRooms(t, b))
	}
	for _, ts := range []*testServer{a, b} {
		eventually(t, "everyone online on "+ts.n.cfg.NodeID, 5*time.Second, func() bool {
			return slices.Equal(onlineNames(t, ts), []string{"Alice", "Bob", "Carol"})
		})
		eventually(t, "room occupancy across nodes on "+ts.n.cfg.NodeID, 5*time.Second, func() bool {
			occ := map[string]uint32{}
			for _, r := range ts.n.Infos() {
				occ[r.Id] = r.Occupants
			}
			return occ["reception"] == 2 && occ["gallery"] == 1
		})
	}

	// A direct message crosses nodes.
	_, _ = alice.Chat(pb.ChatKind_CHAT_DIRECT, "see you in the gallery", "Carol")
	wait(t, carol, "direct message from node-a", heard("see you in the gallery"))

	// A diplomat on node-a announces in the gallery, which node-b runs.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dip, err := client.Dial(ctx, client.Options{URL: a.ws, Name: "Consul", Token: staffToken(t, "Consul", identity.Diplomat)})
	if err != nil {
		t.Fatal(err)
	}
	defer dip.Close()
	_, _ = dip.Chat(pb.ChatKind_CHAT_ANNOUNCE, "The gallery closes at nine", "gallery")
	wait(t, carol, "announcement from node-a", heard("The gallery closes at nine"))

	// Walking through a door into a room another node runs carries you there.
	def := a.n.World().Rooms["reception"]
	var door world.Rect
	for _, z := range def.Zones {
		if z.Kind == world.ZoneDoor && z.Target == "entrance" {
			door = z.Rect
		}
	}
	c := clusterNode(t, rs.URL(), "node-c") // a third node joins the embassy
	dave := dial(t, c, "Dave")
	joinRoom(t, dave, "entrance") // node-c takes the entrance
	seq, _ := alice.WalkTo(door.Center().X, door.Center().Y)
	wait(t, alice, "walk through the door to the entrance on node-c", func(v *client.View) bool { return v.Room == "entrance" })
	if alice.Welcome().GetNode() != "node-c" {
		t.Errorf("alice is on %q after the door, want node-c", alice.Welcome().GetNode())
	}
	eventually(t, "everyone on three nodes seen from node-b", 5*time.Second, func() bool {
		return slices.Equal(onlineNames(t, b), []string{"Alice", "Bob", "Carol", "Consul", "Dave"})
	})
	wait(t, dave, "alice arrives", sees("Alice"))
	_ = seq

	// A kick reaches its target on another node.
	var carolID string
	carol.View(func(v *client.View) { carolID = v.Welcome.GetUserId() })
	if err := a.n.gw.Kick(ctx, carolID, "removed by a moderator", false); err != nil {
		t.Fatal(err)
	}
	closedWith(t, carol, 4003)
}

func TestRedisOutageLosesNothing(t *testing.T) {
	rs := redistest.Start(t)
	a := clusterNode(t, rs.URL(), "node-a")
	alice, bob := dial(t, a, "Alice"), dial(t, a, "Bob")
	joinRoom(t, alice, "gallery")
	joinRoom(t, bob, "gallery")
	wait(t, bob, "alice in view", sees("Alice"))

	rs.Stop()
	eventually(t, "healthz reports the outage", 10*time.Second, func() bool {
		_, d := a.n.health()
		return d["redis_up"] == false
	})
	// The room goes on: moves and chat still flow.
	seq, _ := alice.Move(1, 0)
	wait(t, alice, "move acked during the outage", func(v *client.View) bool { return v.Ack >= seq })
	_, _ = alice.Chat(pb.ChatKind_CHAT_SAY, "still here", "")
	wait(t, bob, "chat during the outage", heard("still here"))
	_, _ = alice.Move(0, 0)

	rs.Restart() // an empty Redis: everything must be registered again
	eventually(t, "users registered again", 10*time.Second, func() bool {
		return slices.Equal(onlineNames(t, a), []string{"Alice", "Bob"})
	})
	eventually(t, "room claimed again", 10*time.Second, func() bool {
		return slices.Contains(hostedRooms(t, a), "gallery") && a.n.dir.Mine("gallery")
	})
	if alice.Err() != nil || bob.Err() != nil {
		t.Fatalf("a client was disconnected by the outage: %v / %v", alice.Err(), bob.Err())
	}
	wait(t, bob, "alice still in view", sees("Alice"))
}

// TestKilledNodeDisappears runs a node as its own process, kills it with SIGKILL, and checks that
// its users leave presence within the TTL and that its room is taken over.
func TestKilledNodeDisappears(t *testing.T) {
	rs := redistest.Start(t)
	a := clusterNode(t, rs.URL(), "node-a")
	bin := filepath.Join(t.TempDir(), "embassy-server")
	build := exec.Command("go", "build", "-o", bin, "../../cmd/embassy-server")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build server: %v\n%s", err, out)
	}
	proc := exec.Command(bin, "-addr", "127.0.0.1:0", "-node", "node-k", "-redis", rs.URL(), "-presence-ttl", "3s", "-data", t.TempDir())
	stdout, _ := proc.StdoutPipe()
	proc.Stderr = os.Stderr
	if err := proc.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = proc.Process.Kill(); _ = proc.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n') // "Embassy is open: connect a client to ws://.../ws ..."
	if err != nil {
		t.Fatalf("node-k did not start: %v", err)
	}
	url := strings.Fields(line[strings.Index(line, "ws://"):])[0]
	k := &testServer{ws: url}
	victim := dial(t, k, "Victim")
	joinRoom(t, victim, "consular")
	eventually(t, "victim visible from node-a", 5*time.Second, func() bool {
		return slices.Contains(onlineNames(t, a), "Victim")
	})

	if err := proc.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	eventually(t, "victim gone from presence", 15*time.Second, func() bool {
		return !slices.Contains(onlineNames(t, a), "Victim")
	})
	t.Logf("a killed node's user left presence after %v (TTL 3s)", time.Since(killed).Round(100*time.Millisecond))
	if time.Since(killed) > 8*time.Second { // TTL 3 s, plus the 1 s heartbeat, the 1 s /api/online cache and slack for a busy CI
		t.Errorf("took %v, more than the TTL allows", time.Since(killed))
	}
	// The consular office, run by the dead node, is taken over by the next visitor's node.
	eventually(t, "consular free", 10*time.Second, func() bool {
		_, _, ok := a.n.dir.Owner("consular")
		owner, _, _ := a.n.dir.Owner("consular")
		return !ok || owner != "node-k"
	})
	guest := dial(t, a, "Guest")
	joinRoom(t, guest, "consular")
	if !a.n.dir.Mine("consular") || guest.Redirects() != 0 {
		t.Errorf("node-a did not take over the consular office (redirects %d)", guest.Redirects())
	}
	if victim.Err() == nil {
		select {
		case <-victim.Done():
		case <-time.After(5 * time.Second):
			t.Error("the killed node's client never noticed")
		}
	}
	_ = websocket.CloseGoingAway
}
