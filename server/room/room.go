// Package room simulates one embassy room: the avatars in it, their movement over the map, what each
// of them sees and hears. One goroutine owns all of a room's state and advances it on a fixed tick;
// everything else talks to the room by posting commands. The package imports no network, Redis or
// pion code: members are reached through the Member interface.
package room

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// ErrBusy is returned when a room's command queue is full; the caller tells its client to retry.
var ErrBusy = errors.New("room is busy")

// Member is a connected person as a room sees them. Implementations must never block.
type Member interface {
	// Send queues one encoded ServerMessage from room `from` for the member; false means it was not
	// queued: the member is gone or too slow, or is no longer in `from` (a frame from a room it has
	// left must never follow the next room's Joined). Frames may wait for the room's Flusher.
	Send(from *Room, frame []byte) bool
	// Closed reports whether the member has disconnected; the room then drops its avatar.
	Closed() bool
	// Enter asks the member to move into r, for the join request numbered seq; the room admits the
	// avatar only if it says yes. A member accepts only its latest request, so racing joins (and a
	// door crossed while a join is on its way) end in the room asked for last. Called from r's
	// goroutine before r sends Joined; it must not block.
	Enter(r *Room, seq uint64) bool
	// Room returns the room the member is in, as last set. A room drops the avatar of a member that
	// has moved on to another room.
	Room() *Room
	// Elsewhere tells the member its avatar left this room for a room this node does not run (a door
	// to a room on another node, or this room moving away); the member finds its way there.
	Elsewhere(room, spawn string)
}

// Profile is who a member is.
type Profile struct {
	UserID   string
	Name     string
	Role     pb.Role
	Look     *pb.Look
	SignedIn bool    // the name comes from a sign-in, not typed by a guest
	Invites  []int64 // events the person holds a signed invitation to
}

// Directory finds other rooms, for doors: it returns the room when this node runs it.
type Directory interface {
	Room(id string) (*Room, bool)
}

// Flusher sends what members were queued during a tick; the room calls Flush at the end of each.
// A crowded room (crowdSize or more) calls Hold when its tick starts and Release, which flushes,
// when it ends: writers give way to such a tick meanwhile, so that on a busy machine its thread
// does not queue for a core behind theirs.
type Flusher interface {
	Flush()
	Hold()
	Release()
}

// Metrics receives what an operator watches. Implementations must be cheap and safe for concurrent use.
type Metrics interface {
	ObserveTick(room string, d time.Duration)
	CommandDropped(room string)
	Panicked(room string)
}

// Config tunes a room.
type Config struct {
	TickHz     int   // simulation ticks per second
	Speed      int   // walking speed, units per second
	ViewMax    int   // most other avatars one client sees at once
	ViewRadius int32 // metres; avatars further away are never sent
	QueueLen   int   // buffered commands
}

// DefaultConfig is what the server runs with unless told otherwise.
func DefaultConfig() Config {
	return Config{TickHz: 20, Speed: world.DefaultSpeed, ViewMax: 40, ViewRadius: 24, QueueLen: 8192}
}

// Room is one running room. Its exported methods are safe to call from any goroutine; they post
// commands that the room's goroutine carries out at its next tick.
type Room struct {
	def     *world.Room
	cfg     Config
	step    int32
	log     *slog.Logger
	metrics Metrics
	dir     Directory
	out     Flusher
	cmds    chan func()

	occupants atomic.Int32
	settings  settingsCell // a copy of st.settings for other goroutines

	st      state          // owned by the room goroutine (Run, or the caller of Step in tests)
	workers []*scratch     // one per view worker, see sendViews
	members []*avatar      // scratch for sendViews
	views   viewPhase      // shared with the view helpers during sendViews
	helpers sync.WaitGroup // view helpers started and not yet ended; Run waits for them
	voice   voiceState     // owned by the room goroutine, see voice.go
	ev      eventState     // owned by the room goroutine, see event.go
	tours   followState    // owned by the room goroutine, see follow.go
	event   eventCell      // a copy of ev.ev for other goroutines
}

// New makes a room for the map def. Run (or Step, in tests) brings it to life. out (may be nil) is
// flushed after every tick.
func New(def *world.Room, cfg Config, dir Directory, out Flusher, m Metrics, log *slog.Logger) *Room {
	if cfg.QueueLen <= 0 {
		cfg.QueueLen = DefaultConfig().QueueLen
	}
	r := &Room{
		def: def, cfg: cfg, dir: dir, out: out, metrics: m,
		step: world.StepPerTick(cfg.Speed, cfg.TickHz),
		log:  log.With("room", def.ID),
		cmds: make(chan func(), cfg.QueueLen),
	}
	r.st.init(def, cfg)
	return r
}

// ID returns the room's id.
func (r *Room) ID() string { return r.def.ID }

// Def returns the room's map.
func (r *Room) Def() *world.Room { return r.def }

// Occupants returns how many avatars are in the room, as of its last tick.
func (r *Room) Occupants() int { return int(r.occupants.Load()) }

// Run advances the room on its tick until ctx ends. A panic inside a tick is logged, counted, and the
// room restarts with the same members at their spawn points.
func (r *Room) Run(ctx context.Context) error {
	t := time.NewTicker(time.Second / time.Duration(r.cfg.TickHz))
	defer t.Stop()
	defer r.helpers.Wait() // a helper that started late finds no work, but it is ours until it ends
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			r.safeStep()
		}
	}
}

func (r *Room) safeStep() {
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("room tick panicked; restarting room", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			r.metrics.Panicked(r.def.ID)
			r.safeRestart()
		}
	}()
	r.Step()
}

// safeRestart restarts the room; if even that panics, the room is left empty and running.
func (r *Room) safeRestart() {
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("room restart panicked; emptying room", "panic", fmt.Sprint(p))
			r.st = state{settings: r.settings.load()}
			r.st.init(r.def, r.cfg)
		}
	}()
	r.restart()
}

// Step runs one tick: carry out queued commands, move avatars, send every member its view. Tests
// call it directly instead of Run.
func (r *Room) Step() {
	if r.out != nil { // deferred: a tick that panics ends its hold too
		if len(r.st.byID) >= crowdSize {
			r.out.Hold()
			defer r.out.Release()
		} else {
			defer r.out.Flush()
		}
	}
	start := time.Now()
	for n := len(r.cmds); n > 0; n-- {
		(<-r.cmds)()
	}
	r.st.tick++
	r.sweepClosed()
	r.simulate()
	r.stepFollow()
	r.sendViews()
	r.stepVoice()
	r.stepEvent()
	r.occupants.Store(int32(len(r.st.byID)))
	r.metrics.ObserveTick(r.def.ID, time.Since(start))
}

// post queues fn for the room goroutine without ever blocking.
func (r *Room) post(fn func()) error {
	select {
	case r.cmds <- fn:
		return nil
	default:
		r.metrics.CommandDropped(r.def.ID)
		return fmt.Errorf("room %s: %w", r.def.ID, ErrBusy)
	}
}

// sendTo encodes msg and queues it for m.
func (r *Room) sendTo(m Member, msg *pb.ServerMessage) {
	b, err := protocol.Encode(msg)
	if err != nil {
		r.log.Error("encode server message", "err", err)
		return
	}
	from := r
	if msg.GetRefused() != nil {
		from = nil // a refusal concerns the member, not this room's state: deliver it wherever they are
	}
	m.Send(from, b)
}

func refusal(code pb.RefuseCode, ref uint32, format string, args ...any) *pb.ServerMessage {
	return &pb.ServerMessage{Msg: &pb.ServerMessage_Refused{Refused: &pb.Refused{
		Code: code, Ref: ref, Reason: fmt.Sprintf(format, args...),
	}}}
}
