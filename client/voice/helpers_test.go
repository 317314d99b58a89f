package voice_test

import (
	"context"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/client/audio"
	"github.com/embassy-project/embassy/client/voice"
	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// The end-to-end tests: real headless clients with real pion PeerConnections, through a real node
// (WebSocket signalling, the room's routing, the SFU), on loopback.

// person is one headless visitor in voice: a client, a voice session, an ear that plays every slot
// through its jitter buffer and decoder, and counters of what arrived from whom (by the speakers'
// stamps, which the server cannot forge, so they tell who was really heard).
type person struct {
	t    *testing.T
	name string
	id   uint32 // stamp id, when speaking
	c    *client.Client
	v    *voice.Call
	ear  *ear

	offers atomic.Int64 // SDP offers that came over the WebSocket

	mu      sync.Mutex             // guards from, sent and spoke
	from    map[uint32][]time.Time // arrival times of packets by speaker stamp id
	sent    map[uint32][]time.Time // the same packets' send times, from their stamps
	spoke   []time.Time            // when p sent each of its own packets
	rewrite func(*pb.ServerMessage)
}

// options for a person.
type options struct {
	engine  *voice.Engine
	rewrite func(*pb.ServerMessage) // edits server messages before the session sees them (vnet test)
	noVoice bool                    // connect and join the room, but do not join voice
	noRoom  bool                    // connect only: no room, no voice
}

var (
	engineOnce sync.Once
	sharedEng  *voice.Engine
)

// loopbackEngine is one engine for every test's persons, as bots share one.
func loopbackEngine(t *testing.T) *voice.Engine {
	engineOnce.Do(func() {
		var err error
		if sharedEng, err = voice.NewEngine(voice.EngineConfig{Loopback: true}); err != nil {
			t.Fatal(err)
		}
	})
	return sharedEng
}

// enter connects name to srv, joins room and (unless noVoice) voice, and waits until media can flow.
func enter(t *testing.T, srv *nodetest.Server, name, room string, id uint32, o options) *person {
	t.Helper()
	p := &person{t: t, name: name, id: id, from: map[uint32][]time.Time{}, sent: map[uint32][]time.Time{}, rewrite: o.rewrite}
	var sess atomic.Pointer[voice.Call]
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, client.Options{URL: srv.WS(), Name: name, Client: "voice-test", OnMessage: func(m *pb.ServerMessage, _ time.Time) {
		if sig := m.GetVoiceSignal(); sig != nil && sig.GetSdp() != "" {
			p.offers.Add(1)
		}
		if p.rewrite != nil {
			p.rewrite(m)
		}
		if s := sess.Load(); s != nil {
			s.Handle(m)
		}
	}})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	p.c = c
	t.Cleanup(func() { _ = c.Close() })
	if !o.noRoom {
		p.join(room)
	}
	eng := o.engine
	if eng == nil {
		eng = loopbackEngine(t)
	}
	v, err := voice.New(c, voice.Config{Engine: eng, StampID: id, Playout: true, OnPacket: p.packet})
	if err != nil {
		t.Fatal(err)
	}
	p.v = v
	sess.Store(v)
	p.ear = newEar(v)
	t.Cleanup(func() { p.ear.stop(); _ = v.Close() })
	if !o.noVoice && !o.noRoom {
		v.Join()
		p.waitConnected()
	}
	return p
}

// join enters room and waits for the Joined.
func (p *person) join(room string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := p.c.Join(room); err != nil {
		p.t.Fatal(err)
	}
	if err := p.c.WaitFor(ctx, func(v *client.View) bool { return v.Room == room }); err != nil {
		p.t.Fatalf("%s joins %s: %v", p.name, room, err)
	}
}

func (p *person) waitConnected() {
	p.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, reason := p.v.State()
		if st == voice.Connected {
			return
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("%s not connected to voice after 30 s: %v (%s), %+v", p.name, st, reason, p.v.Stats())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (p *person) packet(pk voice.Packet) {
	if !pk.Stamped || pk.Repeated {
		return
	}
	p.mu.Lock()
	p.from[pk.Stamp.Speaker] = append(p.from[pk.Stamp.Speaker], pk.Arrived)
	p.sent[pk.Stamp.Speaker] = append(p.sent[pk.Stamp.Speaker], pk.Stamp.Sent)
	p.mu.Unlock()
}

// receivedFrom counts packets from speaker q that arrived after since.
func (p *person) receivedFrom(q *person, since time.Time) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return countAfter(p.from[q.id], since)
}

// receivedSentAfter counts the packets from speaker q that q sent after since (by their stamps):
// unlike arrival times, these do not depend on how late a busy machine delivers them.
func (p *person) receivedSentAfter(q *person, since time.Time) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return countAfter(p.sent[q.id], since)
}

func countAfter(times []time.Time, since time.Time) int {
	n := 0
	for _, at := range times {
		if at.After(since) {
			n++
		}
	}
	return n
}

// sends returns when p sent each of its packets.
func (p *person) sends() []time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]time.Time(nil), p.spoke...)
}

// arrivals returns the arrival times of q's packets.
func (p *person) arrivals(q *person) []time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]time.Time(nil), p.from[q.id]...)
}

// slot returns p's avatar slot in its room.
func (p *person) slot() uint32 {
	var s uint32
	p.c.View(func(v *client.View) { s = v.SelfSlot })
	return s
}

// hears reports whether p now hears q's tone at f: a slot says it carries q, and the last 200 ms
// played on it hold f.
func (p *person) hears(q *person, f float64) bool {
	return p.ear.hears(q.slot(), f)
}

// walkTo walks p to the free spot nearest (x, y) metres and waits until it stands there.
func (p *person) walkTo(room *world.Room, x, y float64) {
	p.t.Helper()
	p.arrive(p.goTo(room, x, y))
}

// goTo starts p walking to the free spot nearest (x, y) metres and returns that spot.
func (p *person) goTo(room *world.Room, x, y float64) world.Vec {
	p.t.Helper()
	target := freeSpot(p.t, room, x, y)
	if _, err := p.c.WalkTo(target.X, target.Y); err != nil {
		p.t.Fatal(err)
	}
	return target
}

// arrive waits until p stands at target.
func (p *person) arrive(target world.Vec) {
	p.t.Helper()
	eventually(p.t, p.name+" arrives", 30*time.Second, func() bool {
		var at world.Vec
		p.c.View(func(v *client.View) {
			if a := v.Self(); a != nil {
				at = a.Pos
			}
		})
		return at.Dist2(target) <= int64(world.Unit/4)*int64(world.Unit/4)
	})
}

// four enters Ada, Ben, Cy and Dee (stamp ids 1-4) into room and voice.
func four(t *testing.T, srv *nodetest.Server, room string) (a, b, c, d *person) {
	t.Helper()
	return enter(t, srv, "Ada", room, 1, options{}), enter(t, srv, "Ben", room, 2, options{}),
		enter(t, srv, "Cy", room, 3, options{}), enter(t, srv, "Dee", room, 4, options{})
}

// place walks everyone to their spot (metres) at once and waits until all stand there.
func place(room *world.Room, spots map[*person][2]float64) {
	targets := map[*person]world.Vec{}
	for p, xy := range spots {
		targets[p] = p.goTo(room, xy[0], xy[1])
	}
	for p, at := range targets {
		p.arrive(at)
	}
}

// freeSpot is the centre of the walkable tile nearest (x, y) metres.
func freeSpot(t *testing.T, room *world.Room, x, y float64) world.Vec {
	t.Helper()
	want := world.Vec{X: int32(x * world.Unit), Y: int32(y * world.Unit)}
	best, bestD := world.Vec{}, int64(math.MaxInt64)
	for ty := range room.H {
		for tx := range room.W {
			c := world.Tile{X: tx, Y: ty}.Center()
			if room.Blocked(world.Tile{X: tx, Y: ty}) || !room.Fits(c) {
				continue
			}
			if d := c.Dist2(want); d < bestD {
				best, bestD = c, d
			}
		}
	}
	if bestD == math.MaxInt64 {
		t.Fatalf("no free spot in %s", room.ID)
	}
	return best
}

// speak makes p say a tone at f until the test ends (or stop is called), one frame every 20 ms.
func (p *person) speak(f float64) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		tone := audio.NewTone(0.3, f)
		pcm := make([]int16, audio.FrameSamples)
		tick := time.NewTicker(audio.FrameDuration)
		defer tick.Stop()
		for {
			_ = tone.ReadFrame(pcm)
			if ok, _ := p.v.Send(pcm); ok {
				p.mu.Lock()
				p.spoke = append(p.spoke, time.Now())
				p.mu.Unlock()
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	p.t.Cleanup(stop)
	return stop
}

// ear plays every slot of a session as a mixer would, one frame per slot every 20 ms, and keeps
// the last half second of each slot with the avatar the slot carried.
type ear struct {
	v      *voice.Call
	cancel context.CancelFunc
	done   chan struct{}

	mu    sync.Mutex // guards slots
	slots [voice.Slots]heardSlot
}

type heardSlot struct {
	avatar uint32
	pcm    []int16 // the last earFrames frames played with sound
}

const earFrames = 25

func newEar(v *voice.Call) *ear {
	ctx, cancel := context.WithCancel(context.Background())
	e := &ear{v: v, cancel: cancel, done: make(chan struct{})}
	go e.run(ctx)
	return e
}

func (e *ear) run(ctx context.Context) {
	defer close(e.done)
	tick := time.NewTicker(audio.FrameDuration)
	defer tick.Stop()
	pcm := make([]int16, audio.FrameSamples)
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			for i := range voice.Slots {
				sound := e.v.Stream(i).ReadFrame(pcm, now)
				av := e.v.Avatar(i)
				e.mu.Lock()
				s := &e.slots[i]
				if av != s.avatar {
					s.avatar, s.pcm = av, s.pcm[:0]
				}
				if sound {
					s.pcm = append(s.pcm, pcm...)
					if over := len(s.pcm) - earFrames*audio.FrameSamples; over > 0 {
						s.pcm = append(s.pcm[:0], s.pcm[over:]...)
					}
				}
				e.mu.Unlock()
			}
		}
	}
}

func (e *ear) stop() { e.cancel(); <-e.done }

// hears reports whether a slot carrying avatar played f over its last 10 frames.
func (e *ear) hears(avatar uint32, f float64) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, s := range e.slots {
		if s.avatar != avatar || len(s.pcm) < 10*audio.FrameSamples {
			continue
		}
		if audio.HasTone(s.pcm[len(s.pcm)-10*audio.FrameSamples:], f, 0) {
			return true
		}
	}
	return false
}

// eventually waits for cond, checking every 20 ms.
func eventually(t *testing.T, what string, within time.Duration, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(within); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", within, what)
		}
	}
}

// roomDef returns the world's definition of a room.
func roomDef(t *testing.T, srv *nodetest.Server, id string) *world.Room {
	t.Helper()
	r := srv.Node.World().Rooms[id]
	if r == nil {
		t.Fatalf("no room %s", id)
	}
	return r
}

// stageCentre returns the centre of the room's stage zone, in metres.
func stageCentre(t *testing.T, r *world.Room) (float64, float64) {
	t.Helper()
	for _, z := range r.Zones {
		if z.Kind == world.ZoneStage {
			c := z.Rect.Center()
			return float64(c.X) / world.Unit, float64(c.Y) / world.Unit
		}
	}
	t.Fatalf("room %s has no stage", r.ID)
	return 0, 0
}
