package automation

import (
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/assets"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// Bench measures drawing: n avatars wander in view in the Reception Hall of the built-in embassy.
// It is a session.Source that plays a server at 20 Hz (Welcome, Joined, snapshots with packed moves,
// chat for bubbles), so the crowd goes through the real session, interpolation and renderer. No
// server is involved. It reports the time spent building each frame (Draw) and the time between
// frames, then ends the game.
type Bench struct {
	n, frames, warmup int
	out               io.Writer
	rng               *rand.Rand
	def               *world.Room
	step              int32
	area              world.Rect
	pos               []world.Vec
	dirs              []world.Dir

	mu      sync.Mutex // guards start and tick: Drain runs on the game goroutine, but stay safe
	start   time.Time
	tick    uint32
	moves   protocol.MovesEncoder
	lastSay time.Time

	build, interval []time.Duration
	lastDraw        time.Time
	drawn           int
	sw, sh          int
}

const (
	benchSelf = 1
	benchHz   = 20
)

// NewBench prepares a crowd of n for frames measured frames (after 120 warm-up frames).
func NewBench(n, frames int, out io.Writer) (*Bench, error) {
	def, err := world.LoadRoom(assets.World, "reception.tmx")
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	if frames <= 0 {
		frames = 600
	}
	if out == nil {
		out = io.Discard
	}
	b := &Bench{n: n, frames: frames, warmup: 120, out: out, rng: rand.New(rand.NewPCG(7, 11)), def: def,
		step: world.StepPerTick(world.DefaultSpeed, benchHz)}
	centre := b.centre()
	// The area a 1280x800 window shows at the default zoom: every avatar is in view.
	b.area = world.Rect{Min: centre.Sub(world.Vec{X: 12 * world.Unit, Y: 7 * world.Unit}), Max: centre.Add(world.Vec{X: 12 * world.Unit, Y: 7 * world.Unit})}
	for range n {
		b.pos, b.dirs = append(b.pos, b.randomSpot()), append(b.dirs, b.randomDir())
	}
	return b, nil
}

func (b *Bench) centre() world.Vec {
	return world.Vec{X: b.def.W * world.Unit / 2, Y: b.def.H * world.Unit * 2 / 5}
}

func (b *Bench) randomSpot() world.Vec {
	for {
		p := world.Vec{
			X: b.area.Min.X + b.rng.Int32N(b.area.Max.X-b.area.Min.X),
			Y: b.area.Min.Y + b.rng.Int32N(b.area.Max.Y-b.area.Min.Y),
		}
		if b.def.Fits(p) {
			return p
		}
	}
}

func (b *Bench) randomDir() world.Dir {
	return world.Dir{X: int8(b.rng.IntN(3) - 1), Y: int8(b.rng.IntN(3) - 1)}
}

// Status implements session.Source: always online.
func (b *Bench) Status() session.Status { return session.Status{State: session.Online, Session: 1} }

// Sender implements session.Source: nothing is sent anywhere.
func (b *Bench) Sender() session.Sender { return nil }

// World implements session.Source: the built-in embassy.
func (b *Bench) World(*pb.Welcome) fs.FS { return assets.World }

// SetRoom implements session.Source.
func (b *Bench) SetRoom(string) {}

// Drain implements session.Source: the messages a server would have sent since the last call.
func (b *Bench) Drain(dst []session.Event) []session.Event {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	if b.start.IsZero() {
		b.start = now
		return append(dst, b.arrival(now)...)
	}
	for want := uint32(now.Sub(b.start) / (time.Second / benchHz)); b.tick < want; {
		b.tick++
		dst = append(dst, b.snapshot(now))
	}
	if now.Sub(b.lastSay) > 10*time.Second {
		b.lastSay = now
		for i := 0; i < b.n; i += 10 {
			dst = append(dst, event(now, &pb.ServerMessage{Msg: &pb.ServerMessage_Chat{Chat: &pb.ChatEvent{
				Kind: pb.ChatKind_CHAT_SAY, FromSlot: uint32(i + 2), FromName: fmt.Sprintf("Guest %d", i+1),
				Text: "Welcome to the reception, delighted to see you here!",
			}}}))
		}
	}
	return dst
}

func event(at time.Time, m *pb.ServerMessage) session.Event {
	return session.Event{Msg: m, At: at, Session: 1}
}

// arrival is the Welcome, the Joined, and a snapshot bringing the crowd into view.
func (b *Bench) arrival(now time.Time) []session.Event {
	c := b.centre()
	snap := &pb.Snapshot{}
	for i, p := range b.pos {
		slot := uint32(i + 2)
		role := pb.Role_ROLE_VISITOR
		switch i % 17 {
		case 3:
			role = pb.Role_ROLE_DIPLOMAT
		case 9:
			role = pb.Role_ROLE_MODERATOR
		}
		snap.Profiles = append(snap.Profiles, &pb.Profile{Slot: slot, Name: fmt.Sprintf("Guest %d", i+1), Role: role, UserId: fmt.Sprint(i)})
		snap.Enter = append(snap.Enter, &pb.AvatarEnter{Slot: slot, X: p.X, Y: p.Y})
	}
	return []session.Event{
		event(now, &pb.ServerMessage{Msg: &pb.ServerMessage_Welcome{Welcome: &pb.Welcome{
			UserId: "bench", Name: "You", TickHz: benchHz, StepPerTick: uint32(b.step), WorldUrl: "/world/",
		}}}),
		event(now, &pb.ServerMessage{Msg: &pb.ServerMessage_Joined{Joined: &pb.Joined{
			Room: b.def.ID, Name: b.def.Name + " (benchmark)", MapFile: "reception.tmx", SelfSlot: benchSelf, X: c.X, Y: c.Y,
		}}}),
		event(now, &pb.ServerMessage{Msg: &pb.ServerMessage_Snapshot{Snapshot: snap}}),
	}
}

// snapshot advances the wanderers one tick by the server's rules and packs their moves.
func (b *Bench) snapshot(now time.Time) session.Event {
	b.moves.Reset()
	b.moves.Next(false, 0, 0, 0) // you (slot 1, first in the view list) stand still
	for i := range b.pos {
		if b.rng.IntN(40) == 0 {
			b.dirs[i] = b.randomDir()
		}
		next := b.def.Step(b.pos[i], b.dirs[i], b.step)
		if !b.area.Contains(next) {
			b.dirs[i] = world.Dir{X: -b.dirs[i].X, Y: -b.dirs[i].Y}
			next = b.pos[i]
		}
		d := next.Sub(b.pos[i])
		b.pos[i] = next
		if d.X == 0 && d.Y == 0 {
			b.moves.Next(false, 0, 0, 0)
			continue
		}
		if code := protocol.StepCode(d.X, d.Y, b.step); code != protocol.CodeExplicit {
			b.moves.Next(true, code, 0, 0)
		} else {
			b.moves.Next(true, protocol.CodeExplicit, d.X, d.Y)
		}
	}
	snap := &pb.Snapshot{Tick: b.tick, Moves: b.moves.AppendTo(nil)}
	return event(now, &pb.ServerMessage{Msg: &pb.ServerMessage_Snapshot{Snapshot: snap}})
}

// Drawn records a frame's build time; use it as scene.Hooks.Drawn. It ends the game after the
// measured frames, printing the report.
func (b *Bench) Drawn(build time.Duration, sw, sh int) bool {
	now := time.Now()
	if b.drawn >= b.warmup {
		b.build = append(b.build, build)
		b.interval = append(b.interval, now.Sub(b.lastDraw))
	}
	b.lastDraw, b.sw, b.sh = now, sw, sh
	b.drawn++
	if b.drawn < b.warmup+b.frames {
		return false
	}
	b.report()
	return true
}

func (b *Bench) report() {
	avg := func(d []time.Duration) time.Duration {
		var t time.Duration
		for _, x := range d {
			t += x
		}
		return t / time.Duration(max(len(d), 1))
	}
	p99 := func(d []time.Duration) time.Duration {
		s := slices.Clone(d)
		slices.Sort(s)
		return s[min(len(s)*99/100, len(s)-1)]
	}
	fmt.Fprintf(b.out, "bench: %d avatars in view, %d frames, vsync %v, screen %dx%d\n",
		b.n+1, len(b.build), ebiten.IsVsyncEnabled(), b.sw, b.sh)
	fmt.Fprintf(b.out, "bench: frame build (Draw) avg %.2f ms, p99 %.2f ms\n", ms(avg(b.build)), ms(p99(b.build)))
	fmt.Fprintf(b.out, "bench: frame interval avg %.2f ms (%.0f FPS), p99 %.2f ms; ebiten ActualFPS %.0f\n",
		ms(avg(b.interval)), 1000/max(ms(avg(b.interval)), 0.001), ms(p99(b.interval)), ebiten.ActualFPS())
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
