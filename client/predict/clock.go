package predict

import "time"

// Stepper turns frame times into fixed simulation ticks: each Advance returns how many ticks are due
// and how far (0..1) the present lies into the next one, for drawing between ticks.
type Stepper struct {
	Period time.Duration
	acc    time.Duration
}

// maxCatchUp bounds the ticks one frame may run after a stall (a dragged window, a debugger).
const maxCatchUp = 10

// Advance adds elapsed time and returns the ticks to run now and the fraction into the next tick.
func (s *Stepper) Advance(elapsed time.Duration) (ticks int, alpha float64) {
	if s.Period <= 0 {
		return 0, 0
	}
	s.acc += elapsed
	for s.acc >= s.Period && ticks < maxCatchUp {
		s.acc -= s.Period
		ticks++
	}
	if s.acc >= s.Period { // too far behind: drop the backlog rather than fast-forward for seconds
		s.acc %= s.Period
	}
	return ticks, float64(s.acc) / float64(s.Period)
}

// TickClock estimates when the server produced each tick from when its snapshots arrived. It keeps
// the earliest arrival seen (the least-delayed packet) and lets the estimate creep later slowly, so
// network jitter does not shake the timeline but a lasting rise in latency is followed.
type TickClock struct {
	Period time.Duration
	base   time.Time // estimated arrival time of tick 0
	ok     bool
}

// Observe records that tick arrived at t.
func (c *TickClock) Observe(tick uint32, t time.Time) {
	est := t.Add(-time.Duration(tick) * c.Period)
	switch {
	case !c.ok:
		c.base, c.ok = est, true
	case est.Before(c.base):
		c.base = est
	default:
		c.base = c.base.Add(est.Sub(c.base) / 64)
	}
}

// Reset forgets the timeline (a new room counts ticks from its own start).
func (c *TickClock) Reset() { c.ok = false }

// TickAt returns the (fractional) tick the server was at, as seen here, at time t.
func (c *TickClock) TickAt(t time.Time) (float64, bool) {
	if !c.ok || c.Period <= 0 {
		return 0, false
	}
	return float64(t.Sub(c.base)) / float64(c.Period), true
}
