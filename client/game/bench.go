package game

import (
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/assets"
	"github.com/embassy-project/embassy/client/game/link"
	"github.com/embassy-project/embassy/client/predict"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// benchScene measures drawing: n avatars wander in view in the Reception Hall of the built-in
// embassy, fed through the real interpolator at 20 Hz, drawn by the real world scene (map, zones,
// avatars, name tags, bubbles, HUD). No server is involved. It reports the time spent building each
// frame (Draw) and the time between frames, then exits.
type benchScene struct {
	w       *worldScene
	n       int
	frames  int
	warmup  int
	out     io.Writer
	rng     *rand.Rand
	tick    uint32
	stepper predict.Stepper
	pos     []world.Vec
	dirs    []world.Dir
	area    world.Rect

	build, interval []time.Duration
	lastDraw        time.Time
	drawn           int
}

const benchSelf = 1

func newBenchScene(g *Game, n, frames int, out io.Writer) (*benchScene, error) {
	lr, err := loadRoom(assets.World, "reception.tmx")
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	if frames <= 0 {
		frames = 600
	}
	if out == nil {
		out = io.Discard
	}
	def := lr.def
	w := &worldScene{
		name: "Benchmark", offline: true,
		link: link.New(link.Config{}), maps: map[string]*roomMap{}, bubbles: map[uint32]*bubble{},
		zoom: 1.5, interp: predict.NewInterp(50 * time.Millisecond), welcome: &pb.Welcome{Name: "You"},
		step: world.StepPerTick(world.DefaultSpeed, 20), period: 50 * time.Millisecond,
	}
	w.room = buildRoomMap(lr)
	w.roomID, w.roomName, w.joined, w.selfSlot = def.ID, def.Name+" (benchmark)", true, benchSelf
	centre := world.Vec{X: def.W * world.Unit / 2, Y: def.H * world.Unit * 2 / 5}
	w.pred = predict.New(def, centre, w.step)
	w.interp.Join(benchSelf, 0, centre)
	w.profiles = map[uint32]*pb.Profile{benchSelf: {Slot: benchSelf, Name: "You"}}
	b := &benchScene{
		w: w, n: n, frames: frames, warmup: 120, out: out, rng: rand.New(rand.NewPCG(7, 11)),
		stepper: predict.Stepper{Period: w.period},
		// The area a 1280x800 window shows at the default zoom: every avatar is in view.
		area: world.Rect{Min: centre.Sub(world.Vec{X: 12 * world.Unit, Y: 7 * world.Unit}), Max: centre.Add(world.Vec{X: 12 * world.Unit, Y: 7 * world.Unit})},
	}
	now := time.Now()
	for i := range n {
		slot := uint32(i + 2)
		p := b.randomSpot(def)
		b.pos, b.dirs = append(b.pos, p), append(b.dirs, b.randomDir())
		role := pb.Role_ROLE_VISITOR
		switch i % 17 {
		case 3:
			role = pb.Role_ROLE_DIPLOMAT
		case 9:
			role = pb.Role_ROLE_MODERATOR
		}
		w.profiles[slot] = &pb.Profile{Slot: slot, Name: fmt.Sprintf("Guest %d", i+1), Role: role, UserId: fmt.Sprint(i)}
		w.interp.Enter(slot, 0, p, world.Dir{})
		if i%10 == 0 {
			w.bubbles[slot] = &bubble{text: "Welcome to the reception, delighted to see you here!", at: now, until: now.Add(time.Hour)}
		}
	}
	w.interp.Clock.Observe(0, now)
	return b, nil
}

func (b *benchScene) randomSpot(def *world.Room) world.Vec {
	for {
		p := world.Vec{
			X: b.area.Min.X + b.rng.Int32N(b.area.Max.X-b.area.Min.X),
			Y: b.area.Min.Y + b.rng.Int32N(b.area.Max.Y-b.area.Min.Y),
		}
		if def.Fits(p) {
			return p
		}
	}
}

func (b *benchScene) randomDir() world.Dir {
	return world.Dir{X: int8(b.rng.IntN(3) - 1), Y: int8(b.rng.IntN(3) - 1)}
}

// Update implements Scene: advance the wanderers by the server's rules at 20 Hz.
func (b *benchScene) Update(g *Game) error {
	if b.drawn >= b.warmup+b.frames {
		b.report()
		return ebiten.Termination
	}
	n, alpha := b.stepper.Advance(time.Second / time.Duration(ebiten.TPS()))
	def := b.w.room.def
	for range n {
		b.tick++
		for i := range b.pos {
			if b.rng.IntN(40) == 0 {
				b.dirs[i] = b.randomDir()
			}
			next := def.Step(b.pos[i], b.dirs[i], b.w.step)
			if !b.area.Contains(next) {
				b.dirs[i] = world.Dir{X: -b.dirs[i].X, Y: -b.dirs[i].Y}
				continue
			}
			b.pos[i] = next
			b.w.interp.Moved(uint32(i+2), b.tick, next)
		}
		b.w.interp.Clock.Observe(b.tick, g.now)
		b.w.pred.Tick()
	}
	b.w.alpha = alpha
	return nil
}

// Draw implements Scene and times the frame.
func (b *benchScene) Draw(g *Game, screen *ebiten.Image) {
	start := time.Now()
	b.w.Draw(g, screen)
	if b.drawn >= b.warmup {
		b.build = append(b.build, time.Since(start))
		b.interval = append(b.interval, start.Sub(b.lastDraw))
	}
	b.lastDraw = start
	b.drawn++
}

func (b *benchScene) report() {
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
		b.n+1, len(b.build), ebiten.IsVsyncEnabled(), b.w.lastSW, b.w.lastSH)
	fmt.Fprintf(b.out, "bench: frame build (Draw) avg %.2f ms, p99 %.2f ms\n", ms(avg(b.build)), ms(p99(b.build)))
	fmt.Fprintf(b.out, "bench: frame interval avg %.2f ms (%.0f FPS), p99 %.2f ms; ebiten ActualFPS %.0f\n",
		ms(avg(b.interval)), 1000/max(ms(avg(b.interval)), 0.001), ms(p99(b.interval)), ebiten.ActualFPS())
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
