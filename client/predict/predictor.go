// Package predict holds the desktop client's timing logic: predicting your own avatar with the shared
// movement rules and reconciling it with the server's acknowledged state, and interpolating other
// avatars between snapshots. It is pure logic on integers and times: it never imports ebiten or the
// network, so it is tested without a window or a server.
package predict

import (
	"math"

	"github.com/embassy-project/embassy/shared/world"
)

// historyLen is how many local ticks of predicted state are kept for reconciliation (6.4 s at 20 Hz):
// far more than any acknowledgement takes to come back.
const historyLen = 128

// snapUnits is the error beyond which a correction snaps instead of being smoothed away: a smoothed
// glide across more than two tiles would look like walking through walls.
const snapUnits = 2 * world.Unit

// Intent is one movement request sent to the server: a held direction (Move) or a walk-to target.
type Intent struct {
	Seq    uint32
	Walk   bool
	Dir    world.Dir // Move: the held direction
	Target world.Vec // WalkTo: where to go, in units
}

// state is the simulated avatar after a tick, exactly as the server keeps it.
type state struct {
	world.Walker        // the shared movement rules; its path is never modified in place, so entries can share it
	seq          uint32 // the last intent applied
}

// entry is one local tick in the history.
type entry struct {
	tick    int64
	applied *Intent // the intent that took effect at the start of this tick, if any
	st      state   // the state after the tick
}

// Predictor runs your own avatar ahead of the server with the server's rules (world.Room.Step,
// StepToward, FindPath), one local tick per server tick, and corrects it when a snapshot shows the
// server disagreed. Corrections are hidden by an error offset that decays over a few frames. A
// Predictor belongs to one goroutine (the game loop).
type Predictor struct {
	room *world.Room
	step int32

	tick    int64 // local ticks simulated so far
	st      state
	prevPos world.Vec // position before the latest tick, for drawing between ticks
	pending *Intent
	hist    [historyLen]entry
	nhist   int

	started   map[uint32]int64 // seq -> local tick it took effect, until acknowledged
	acked     uint32
	lastSent  uint32
	offset    int64 // server tick minus local tick, learnt from the latest acknowledgement
	hasOffset bool

	errX, errY  float64 // display error offset in units, decaying towards zero
	Corrections int     // how many times the server disagreed (for tests and the debug overlay)
	Snaps       int     // how many of those were too large to smooth
}

// New starts predicting an avatar at pos in room, moving step units per tick.
func New(room *world.Room, pos world.Vec, step int32) *Predictor {
	p := &Predictor{step: step}
	p.Reset(room, pos)
	return p
}

// Reset forgets all history: you arrived in room at pos (a Joined message) or reconnected.
func (p *Predictor) Reset(room *world.Room, pos world.Vec) {
	*p = Predictor{room: room, step: p.step, st: state{Walker: world.Walker{Pos: pos}}, prevPos: pos, started: map[uint32]int64{}}
}

// Room returns the room being predicted.
func (p *Predictor) Room() *world.Room { return p.room }

// Intend queues an intent sent to the server; it takes effect at the next local tick, as the server
// applies it at its next tick. A later intent before that tick replaces it, as on the server.
func (p *Predictor) Intend(in Intent) {
	p.pending = &in
	p.lastSent = in.Seq
}

// Moving reports whether the predicted avatar is walking (a held direction or a path).
func (p *Predictor) Moving() bool { return !p.st.Dir.Zero() || len(p.st.Path) > 0 }

// Pos returns the predicted position after the latest tick.
func (p *Predictor) Pos() world.Vec { return p.st.Pos }

// Tick simulates one local tick.
func (p *Predictor) Tick() {
	p.tick++
	p.prevPos = p.st.Pos
	e := entry{tick: p.tick}
	if p.pending != nil {
		e.applied = p.pending
		p.started[p.pending.Seq] = p.tick
		p.pending = nil
	}
	p.st = p.simulate(p.st, e.applied)
	e.st = p.st
	p.hist[p.tick%historyLen] = e
	p.nhist = min(p.nhist+1, historyLen)
}

// simulate is the server's per-avatar tick (world.Walker, as server/room runs it) on a copy.
func (p *Predictor) simulate(s state, in *Intent) state {
	if in != nil {
		s.seq = in.Seq
		if in.Walk {
			s.WalkTo(p.room, in.Target)
		} else {
			s.Hold(in.Dir)
		}
	}
	s.Step(p.room, p.step)
	return s
}

// Server reconciles with a snapshot: at server tick `tick`, after applying intents up to ack, the
// server had the avatar at pos. It returns whether the prediction had to be corrected.
func (p *Predictor) Server(tick, ack uint32, pos world.Vec) bool {
	if ack != p.acked && seqAfter(ack, p.acked) {
		if l, ok := p.started[ack]; ok {
			p.offset, p.hasOffset = int64(tick)-l, true
		}
		p.acked = ack
		for s := range p.started {
			if !seqAfter(s, ack) {
				delete(p.started, s)
			}
		}
	}
	if !p.hasOffset {
		// Nothing of ours has been acknowledged in this room yet: unless we are already walking on an
		// intent the server has not seen, the server's position is simply the truth.
		if p.lastSent == ack && p.pending == nil && !p.Moving() && pos != p.st.Pos {
			p.correct(func() { p.st.Pos, p.prevPos = pos, pos })
			return true
		}
		return false
	}
	l := min(int64(tick)-p.offset, p.tick)
	if l <= 0 || l <= p.tick-int64(p.nhist) {
		return false // older than the history kept
	}
	e := &p.hist[l%historyLen]
	if e.tick != l || e.st.seq != ack {
		return false // the server had not yet seen (or had already replaced) what we did then
	}
	if e.st.Pos == pos {
		return false
	}
	p.correct(func() { p.replayFrom(l, pos) })
	return true
}

// replayFrom puts the server's position into the history at local tick l and re-simulates every
// later tick with the intents applied then.
func (p *Predictor) replayFrom(l int64, pos world.Vec) {
	e := &p.hist[l%historyLen]
	e.st.Pos = pos
	s := e.st
	prev := s.Pos
	for t := l + 1; t <= p.tick; t++ {
		e := &p.hist[t%historyLen]
		prev = s.Pos
		s = p.simulate(s, e.applied)
		e.st = s
	}
	p.st = s
	if l < p.tick {
		p.prevPos = prev
	} else {
		p.prevPos = s.Pos
	}
}

// correct runs fix and turns the jump it causes into a display offset (or a snap, when large).
func (p *Predictor) correct(fix func()) {
	before := p.st.Pos
	fix()
	p.Corrections++
	p.errX += float64(before.X - p.st.Pos.X)
	p.errY += float64(before.Y - p.st.Pos.Y)
	if math.Hypot(p.errX, p.errY) > snapUnits {
		p.errX, p.errY = 0, 0
		p.Snaps++
	}
}

// Smooth lets the display error decay for dt seconds; half of it goes in about 60 ms.
func (p *Predictor) Smooth(dt float64) {
	k := math.Exp(-dt / 0.09)
	p.errX, p.errY = p.errX*k, p.errY*k
	if math.Abs(p.errX) < 0.05 && math.Abs(p.errY) < 0.05 {
		p.errX, p.errY = 0, 0
	}
}

// Display returns where to draw the avatar, in units: between the last two ticks at alpha (0..1),
// plus the decaying correction offset.
func (p *Predictor) Display(alpha float64) (x, y float64) {
	alpha = min(max(alpha, 0), 1)
	x = float64(p.prevPos.X) + float64(p.st.Pos.X-p.prevPos.X)*alpha + p.errX
	y = float64(p.prevPos.Y) + float64(p.st.Pos.Y-p.prevPos.Y)*alpha + p.errY
	return x, y
}

// Facing returns the direction the avatar is walking in, zero when standing.
func (p *Predictor) Facing() world.Dir {
	d := p.st.Pos.Sub(p.prevPos)
	return world.DirOf(d)
}

// seqAfter reports whether a comes after b, allowing for wrap-around.
func seqAfter(a, b uint32) bool { return int32(a-b) > 0 }
