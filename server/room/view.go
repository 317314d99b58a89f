package room

import (
	"cmp"
	"runtime"
	"sync/atomic"

	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/world"
)

// viewRefreshTicks is how often (in ticks) a member's visible set is recomputed; members take turns,
// so a room recomputes a quarter of its views each tick. In between, the visible avatars' moves are
// still sent every tick. A crowded room (crowdSize or more) recomputes half as often: in a crowd the
// nearest faces change little in 200 ms, and the saving keeps a 1,000-guest tick short.
const (
	viewRefreshTicks = 4
	crowdSize        = 500
)

// refreshEvery returns the view refresh period for the room's current population.
func (r *Room) refreshEvery() uint32 {
	if len(r.st.byID) >= crowdSize {
		return 2 * viewRefreshTicks
	}
	return viewRefreshTicks
}

// view is what one member sees: the slots in view and which slot occupants it knows the profile of.
type view struct {
	vis   bitset
	known []uint32 // per slot: the slot generation whose profile this member has
	fresh bool     // just joined: compute the view now
}

func (v *view) init(n int) {
	v.vis = newBitset(n)
	v.known = make([]uint32, n)
	v.fresh = true
}

type candidate struct {
	a  *avatar
	d2 int64
}

// scratch holds buffers reused by the views one worker builds in every tick.
type scratch struct {
	parts    protocol.SnapshotParts
	enc      protocol.SnapshotEncoder
	moves    protocol.MovesEncoder
	movesBuf []byte
	frame    []byte
	arena    []byte // frames handed to members, see keep
	cands    []candidate
	next     bitset
	stay     bitset
}

// minViewsPerWorker is the fewest members worth handing to a second view worker.
const minViewsPerWorker = 200

// viewChunk is how many members a view worker claims at a time: small enough that a worker the
// operating system has put aside holds up little work, big enough that claims cost nothing.
const viewChunk = 32

// sendViews sends every member the changes in what it sees this tick, then recycles freed slots.
// In a crowded room helpers join in, one per extra processor: the room goroutine and its helpers
// claim members in chunks of viewChunk, in slot order, until none are left. Each writes only the
// view state of the members it claimed and reads the room's state, which nothing changes during this
// phase; the room goes on once every claimed chunk is done. A helper that starts late (its thread
// waiting for a core) finds nothing left to claim, so the tick never waits for a helper to start,
// only for chunks already under way.
func (r *Room) sendViews() {
	s := &r.st
	if len(r.workers) == 0 || len(r.workers[0].next) != len(s.moved) {
		r.workers = make([]*scratch, max(1, runtime.GOMAXPROCS(0)))
		for i := range r.workers {
			r.workers[i] = &scratch{next: newBitset(len(s.slots)), stay: newBitset(len(s.slots))}
		}
	}
	members := r.members[:0]
	for _, a := range s.slots { // slot order: stable from tick to tick, unlike a map's
		if a != nil {
			members = append(members, a)
		}
	}
	r.members = members
	helpers := min(len(r.workers), max(1, len(members)/minViewsPerWorker)) - 1
	if helpers == 0 {
		for _, a := range members {
			r.sendView(a, r.workers[0])
		}
	} else {
		ph := &r.views
		ph.begin()
		for w := 1; w <= helpers; w++ {
			r.helpers.Add(1)
			go r.helpViews(ph.gen, members, r.workers[w])
		}
		if !r.viewShare(ph.gen, members, r.workers[0]) {
			<-ph.last // a helper finishes the last chunk and says so
		}
		if p := ph.panicked.Load(); p != nil {
			panic(*p) // re-raised on the room goroutine, where safeStep recovers it
		}
	}
	for wi, w := range s.freed {
		eachBit(wi, w, func(slot uint32) { s.free = append(s.free, slot) })
	}
	s.freed.reset()
	s.moved.reset()
}

// viewPhase is what the room and its view helpers share during one tick's views.
type viewPhase struct {
	gen      uint32        // phase number; owned by the room goroutine
	claim    atomic.Uint64 // gen<<32 | index of the next member to claim
	done     atomic.Int32  // members whose chunk is finished (sent, or abandoned by a panic)
	last     chan struct{} // a helper that finishes the phase's last chunk sends here (room's goroutine receives)
	panicked atomic.Pointer[any]
}

// begin opens a phase: claims of earlier phases fail from now on.
func (ph *viewPhase) begin() {
	if ph.last == nil {
		ph.last = make(chan struct{}, 1)
	}
	ph.gen++
	ph.done.Store(0)
	ph.panicked.Store(nil)
	ph.claim.Store(uint64(ph.gen) << 32)
}

// fail keeps the phase's first panic.
func (ph *viewPhase) fail(p any) { ph.panicked.CompareAndSwap(nil, &p) }

// next claims the next chunk of phase gen: members[lo:hi]; ok is false once the phase has no more
// (or is over).
func (ph *viewPhase) next(gen uint32, n int) (lo, hi int, ok bool) {
	for {
		c := ph.claim.Load()
		if uint32(c>>32) != gen || int(uint32(c)) >= n {
			return 0, 0, false
		}
		lo = int(uint32(c))
		hi = min(lo+viewChunk, n)
		if ph.claim.CompareAndSwap(c, uint64(gen)<<32|uint64(hi)) {
			return lo, hi, true
		}
	}
}

// helpViews is a view helper's goroutine: it takes chunks of phase gen until none are left.
func (r *Room) helpViews(gen uint32, members []*avatar, sc *scratch) {
	defer r.helpers.Done()
	if r.viewShare(gen, members, sc) {
		r.views.last <- struct{}{}
	}
}

// viewShare sends views for chunks of phase gen until none are left, and reports whether the chunk
// it finished last was the phase's last one. members is read only inside a claimed chunk: the phase
// cannot end (and the room cannot reuse the slice) while a chunk is claimed and not done.
func (r *Room) viewShare(gen uint32, members []*avatar, sc *scratch) (last bool) {
	for {
		lo, hi, ok := r.views.next(gen, len(members))
		if !ok {
			return last
		}
		last = r.viewChunk(members[lo:hi], len(members), sc)
	}
}

// viewChunk sends the chunk's views and counts it done, even if a member's Send panics: the panic
// is kept for the room goroutine to re-raise once the phase is over. n is the phase's member count:
// once the chunk is counted the phase may be over, and the room may already be opening the next.
func (r *Room) viewChunk(chunk []*avatar, n int, sc *scratch) (last bool) {
	ph := &r.views
	defer func() {
		if p := recover(); p != nil {
			ph.fail(p)
		}
		last = int(ph.done.Add(int32(len(chunk)))) == n
	}()
	for _, a := range chunk {
		r.sendView(a, sc)
	}
	return false
}

func (r *Room) sendView(a *avatar, sc *scratch) {
	s, v := &r.st, &a.view
	p := &sc.parts
	p.Tick, p.Ack = s.tick, a.ack
	p.Enter, p.Leave, p.Profiles = p.Enter[:0], p.Leave[:0], p.Profiles[:0]

	for wi := range v.vis { // avatars that left the room
		if gone := v.vis[wi] & s.freed[wi]; gone != 0 {
			eachBit(wi, gone, func(slot uint32) { p.Leave = append(p.Leave, slot) })
			v.vis[wi] &^= gone
		}
	}
	stay := v.vis
	if v.fresh || (s.tick+a.slot)%r.refreshEvery() == 0 {
		r.refreshView(a, sc)
		stay = sc.stay
		v.fresh = false
	}

	// The view list is the slots in view now plus our own, in slot order (see embassy.proto).
	sc.moves.Reset()
	for wi := range v.vis {
		w := v.vis[wi]
		if a.slot/64 == uint32(wi) {
			w |= 1 << (a.slot % 64)
		}
		eachBit(wi, w, func(slot uint32) {
			if !s.moved.has(slot) || (slot != a.slot && !stay.has(slot)) {
				sc.moves.Next(false, 0, 0, 0)
				return
			}
			o := s.slots[slot]
			if o.moveCode == protocol.CodeAbsolute {
				sc.moves.Next(true, o.moveCode, o.Pos.X, o.Pos.Y)
				return
			}
			sc.moves.Next(true, o.moveCode, o.Pos.X-o.prev.X, o.Pos.Y-o.prev.Y)
		})
	}
	sc.movesBuf = sc.moves.AppendTo(sc.movesBuf[:0])
	p.Moves = sc.movesBuf
	if p.Empty() && a.ack == a.sentAck {
		return
	}
	frame, err := sc.enc.Append(sc.frame[:0], p)
	if err != nil {
		r.log.Error("encode snapshot", "err", err)
		return
	}
	sc.frame = frame
	a.sentAck = a.ack
	a.m.Send(r, sc.keep(frame))
}

// keep copies a frame into the tick's arena: one allocation serves many members' frames, which stay
// untouched until the last of them has been written and the chunk is collected.
func (sc *scratch) keep(frame []byte) []byte {
	if len(sc.arena)+len(frame) > cap(sc.arena) {
		sc.arena = make([]byte, 0, max(arenaChunk, len(frame)))
	}
	start := len(sc.arena)
	sc.arena = append(sc.arena, frame...)
	return sc.arena[start:len(sc.arena):len(sc.arena)]
}

// arenaChunk is the size of the blocks frames are copied into.
const arenaChunk = 64 << 10

// refreshView recomputes which avatars a sees: the ViewMax nearest within ViewRadius, keeping those
// already in view a little longer (up to ViewMax/4 extra) so the set does not flicker at its edge. It
// appends enters, leaves and profiles to the snapshot and leaves old∩new in sc.stay.
func (r *Room) refreshView(a *avatar, sc *scratch) {
	s, v := &r.st, &a.view
	p := &sc.parts
	k := r.cfg.ViewMax
	keep := k + k/4
	radius2 := int64(world.Meters(r.cfg.ViewRadius)) * int64(world.Meters(r.cfg.ViewRadius))
	cands := sc.cands[:0]
	maxRing := max(s.grid.w, s.grid.h)
	for ring := int32(0); ring <= maxRing && int32(ring-1)*cellMeters <= r.cfg.ViewRadius; ring++ {
		s.grid.ring(a.cell, ring, func(o *avatar) {
			if d2 := o.Pos.Dist2(a.Pos); o != a && d2 <= radius2 {
				cands = append(cands, candidate{o, d2})
			}
		})
		if len(cands) >= keep+keep/2 {
			break
		}
	}
	// Only ranks matter: the nearest k are in view, the next keep-k stay in view if they already were.
	if len(cands) > keep {
		selectNearest(cands, keep)
		cands = cands[:keep]
	}
	if len(cands) > k {
		selectNearest(cands, k)
	}
	sc.cands = cands
	next := sc.next
	next.reset()
	for i, c := range cands {
		if i < k || (i < keep && v.vis.has(c.a.slot)) {
			next.set(c.a.slot)
		}
	}
	for wi := range next {
		old, nw := v.vis[wi], next[wi]
		sc.stay[wi] = old & nw
		eachBit(wi, old&^nw, func(slot uint32) { p.Leave = append(p.Leave, slot) })
		eachBit(wi, nw&^old, func(slot uint32) {
			o := s.slots[slot]
			if v.known[slot] != s.gen[slot] {
				v.known[slot] = s.gen[slot]
				p.Profiles = append(p.Profiles, o.profile)
			}
			d := o.heading()
			p.Enter = append(p.Enter, protocol.Enter{Slot: slot, X: o.Pos.X, Y: o.Pos.Y, DX: d.X, DY: d.Y})
		})
		v.vis[wi] = nw
	}
}

func compareCandidates(x, y candidate) int {
	if c := cmp.Compare(x.d2, y.d2); c != 0 {
		return c
	}
	return cmp.Compare(x.a.slot, y.a.slot)
}

// selectNearest reorders c so that its first k elements are the k smallest (quickselect, Hoare
// partition, middle pivot: deterministic).
func selectNearest(c []candidate, k int) {
	lo, hi := 0, len(c)-1
	for lo < hi {
		pivot := c[lo+(hi-lo)/2]
		i, j := lo, hi
		for i <= j {
			for compareCandidates(c[i], pivot) < 0 {
				i++
			}
			for compareCandidates(c[j], pivot) > 0 {
				j--
			}
			if i <= j {
				c[i], c[j] = c[j], c[i]
				i++
				j--
			}
		}
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return
		}
	}
}

// heading is the direction the avatar is moving in, for the observer's animation.
func (a *avatar) heading() world.Dir {
	if !a.Dir.Zero() {
		return a.Dir
	}
	return world.DirOf(a.Pos.Sub(a.prev))
}
