package gateway

import (
	"context"
	"errors"
	"net"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// pumpYieldEvery is how many sessions a pump writes before yielding to other goroutines.
const pumpYieldEvery = 16

// closeWait bounds how long a pump spends telling a failing client why it is closed: such a client
// is often the slow one whose socket is full.
const closeWait = 200 * time.Millisecond

// pump writes queued frames for many sessions. A few pumps per node replace a writer goroutine per
// connection: a room's tick then wakes a handful of goroutines instead of one per member, idle
// connections cost no goroutine for writing, and frames queued in the same tick go out together.
type pump struct {
	mu    sync.Mutex // guards ready
	ready []*Session // sessions with something to write
	wake  chan struct{}
	spare []*Session   // owned by the pump goroutine
	holds atomic.Int32 // crowded rooms' ticks under way (Gateway.Hold): the pump gives way to them

	budget time.Duration // owned by the pump goroutine: time it may still give way in this window
	window time.Time     // when the current giveWayWindow began
}

// A pump gives way to crowded rooms' ticks for at most giveWayMax in any giveWayWindow: a tick
// normally takes a few milliseconds, and rooms ticking back to back (many rooms, or a starved
// machine) must not stall the writes.
const (
	giveWayMax    = 10 * time.Millisecond
	giveWayWindow = 50 * time.Millisecond
)

// Hold implements room.Flusher: a crowded room's tick has started, and the pumps give way to it
// until Release. A pump that keeps writing holds a processor, and on a machine with few cores the
// room's thread then waits for one (the tick's tail is such waits, not its work).
func (g *Gateway) Hold() {
	for _, p := range g.pumps {
		p.holds.Add(1)
	}
}

// Release implements room.Flusher: the held tick is over; its frames go out now.
func (g *Gateway) Release() {
	for _, p := range g.pumps {
		p.holds.Add(-1)
		p.kick()
	}
}

func newPump() *pump { return &pump{wake: make(chan struct{}, 1)} }

// schedule marks s as having something to write, and wakes the pump unless wake is false (a room
// queues a whole tick's frames first and wakes every pump once, at the end of its tick). Never blocks.
func (p *pump) schedule(s *Session, wake bool) {
	p.mu.Lock()
	p.ready = append(p.ready, s)
	p.mu.Unlock()
	if wake {
		p.kick()
	}
}

func (p *pump) kick() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// run writes for scheduled sessions until ctx ends.
func (p *pump) run(ctx context.Context, writeWait time.Duration) {
	t := time.NewTimer(giveWayMax)
	t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-p.wake:
		}
		p.mu.Lock()
		batch := p.ready
		p.ready = p.spare[:0]
		p.mu.Unlock()
		for i, s := range batch {
			if p.holds.Load() > 0 {
				p.giveWay(ctx, t)
			}
			s.flush(writeWait)
			batch[i] = nil
			if i%pumpYieldEvery == pumpYieldEvery-1 {
				// A pump's writes are short syscalls that rarely give up the processor; let a room
				// whose tick is due run now rather than after this whole batch.
				runtime.Gosched()
			}
		}
		p.spare = batch
	}
}

// giveWay waits while crowded rooms tick, within the pump's budget. t is the pump's timer, stopped.
func (p *pump) giveWay(ctx context.Context, t *time.Timer) {
	start := time.Now()
	if start.Sub(p.window) >= giveWayWindow {
		p.window, p.budget = start, giveWayMax
	}
	if p.budget <= 0 {
		return
	}
	woken := false
	t.Reset(p.budget)
	defer func() {
		t.Stop()
		p.budget -= time.Since(start)
		if woken {
			p.kick() // that wake may have been for newly scheduled sessions: the run loop looks again
		}
	}()
	for p.holds.Load() > 0 {
		select {
		case <-p.wake: // a Release, or a session scheduled with a wake
			woken = true
		case <-t.C:
			return
		case <-ctx.Done():
			return
		}
	}
}

// flush writes everything queued for s: pending frames, a ping, or the close frame.
func (s *Session) flush(writeWait time.Duration) {
	s.qmu.Lock()
	frames, ping, closing := s.q, s.ping, s.closed.Load()
	s.q, s.queued, s.ping = s.spare[:0], false, false
	s.qmu.Unlock()
	defer s.recycle(frames)
	for _, f := range frames { // counted here rather than as queued: one goroutine, no contention
		if f != nil {
			s.g.metrics.MessageOut(len(f))
		}
	}
	if s.dead {
		return
	}
	if closing && s.end.code == CloseTooSlow {
		frames = nil // it could not take them before; say why and go
	}
	if len(frames) > 0 {
		_ = s.conn.SetWriteDeadline(time.Now().Add(writeWait))
		for _, f := range frames {
			if f == nil { // the room list that follows Joined, as it is now
				if f = s.g.roomList(); f == nil {
					continue
				}
				s.g.metrics.MessageOut(len(f))
			}
			if err := s.conn.WriteMessage(websocket.BinaryMessage, f); err != nil {
				// The socket stayed full for writeWait: the client stopped reading (or the connection
				// broke). It is now broken mid-frame, so no close frame can follow; the reason is for
				// our logs and metrics.
				s.writeFailed(err)
				return
			}
		}
	}
	if closing {
		s.dead = true
		if s.end.code == websocket.CloseAbnormalClosure { // the connection is already broken
			s.conn.Close()
			return
		}
		msg := websocket.FormatCloseMessage(s.end.code, truncateReason(s.end.reason))
		if err := s.conn.WriteControl(websocket.CloseMessage, msg, time.Now().Add(closeWait)); err != nil {
			s.conn.Close() // cannot even say why: just hang up
			return
		}
		// Bound the read loop's wait without resetting the socket: it stops reading (it sees closed),
		// then lingers for the client's reply (drain) before closing.
		_ = s.conn.UnderlyingConn().SetReadDeadline(time.Now().Add(lingerTime))
		return
	}
	if ping {
		if err := s.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil {
			s.writeFailed(err)
		}
	}
}

// writeFailed ends a session whose write failed: it blocked for writeWait (the client stopped
// reading, and holds up the pump), or the connection broke. No close frame can follow.
func (s *Session) writeFailed(err error) {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		s.g.metrics.SlowClientDropped()
		s.finish(closeError{code: CloseTooSlow, reason: "too slow: stopped reading", cause: causeTooSlow, detail: err})
	} else {
		s.finish(closeError{code: websocket.CloseAbnormalClosure, reason: "connection lost", cause: causeReset, detail: err})
	}
	s.conn.Close()
	s.dead = true
}

// recycle keeps the frame slice for the next flush (the frames themselves may be shared).
func (s *Session) recycle(frames [][]byte) {
	for i := range frames {
		frames[i] = nil
	}
	s.qmu.Lock()
	if cap(frames) <= 16 {
		s.spare = frames[:0]
	} else {
		s.spare = nil // a burst grew it: let an idle session hold nothing
	}
	s.qmu.Unlock()
}
