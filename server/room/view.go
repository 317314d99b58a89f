package room

import (
	"cmp"
	"runtime"
	"sync"

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

// sendViews sends every member the changes in what it sees this tick, then recycles freed slots.
// In a crowded room the members are split between view workers, one per processor: each worker
// writes only its own members' view state and reads the room's state, which nothing changes during
// this phase; the room goroutine waits for them before the tick goes on.
func (r *Room) sendViews() {
	s := &r.st
	if len(r.workers) == 0 || len(r.workers[0].next) != len(s.moved) {
		r.workers = make([]*scratch, max(1, runtime.GOMAXPROCS(0)))
		for i := range r.workers {
			r.workers[i] = &scratch{next: newBitset(len(s.slots)), stay: newBitset(len(s.slots))}
		}
	}
	members := r.members[:0]
	for _, a := range s.byID {
		members = append(members, a)
	}
	r.members = members
	n := min(len(r.workers), max(1, len(members)/minViewsPerWorker))
	chunk := (len(members) + n - 1) / max(n, 1)
	var wg sync.WaitGroup
	defer wg.Wait() // even if our own share panics: no worker may outlive this phase
	panics := make(chan any, n)
	for w := 1; w < n; w++ {
		part, sc := members[min(w*chunk, len(members)):min((w+1)*chunk, len(members))], r.workers[w]
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					panics <- p
				}
			}()
			for _, a := range part {
				r.sendView(a, sc)
			}
		}()
	}
	for _, a := range members[:min(chunk, len(members))] {
		r.sendView(a, r.workers[0])
	}
	wg.Wait()
	select {
	case p := <-panics:
		panic(p) // re-raised on the room goroutine, where safeStep recovers it
	default:
	}
	for wi, w := range s.freed {
		eachBit(wi, w, func(slot uint32) { s.free = append(s.free, slot) })
	}
	s.freed.reset()
	s.moved.reset()
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
