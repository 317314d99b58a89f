package session

import (
	"io/fs"
	"log/slog"
	"reflect"
	"time"

	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/predict"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// Handler handles one kind of server message. It may change the Model; it never draws.
type Handler func(e Event)

// loadResult is a room map loaded off the game goroutine.
type loadResult struct {
	file string
	room *RoomAssets
	err  error
}

// Session turns a Source's messages into the Model, on the game goroutine: call Update once a frame.
type Session struct {
	m        Model
	src      Source
	log      *slog.Logger
	handlers map[reflect.Type][]Handler
	events   []Event // drained and not yet handled (held while a room's map loads)
	session  int     // the connection whose messages are current

	files     fs.FS
	maps      map[string]*RoomAssets // by map file: rooms already loaded
	loadDone  chan loadResult
	retryLoad time.Time
	exhibits  chan *Exhibit

	step    int32
	period  time.Duration
	stepper predict.Stepper
	last    time.Time

	moves       MoveSender
	pendingOpen *world.Zone // open this exhibit on arrival

	voice    voiceLink
	mod      modLink
	ev       eventLink
	narrator *Narrator // nil: nobody listens
}

// New returns a session reading src; name and look are who you asked to be.
func New(src Source, name string, look *pb.Look, log *slog.Logger) *Session {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Session{
		src: src, log: log, handlers: map[reflect.Type][]Handler{},
		maps: map[string]*RoomAssets{}, loadDone: make(chan loadResult, 1), exhibits: make(chan *Exhibit, 1),
		period: 50 * time.Millisecond, last: time.Now(),
	}
	s.m = Model{
		Name: name, Look: look, Profiles: map[uint32]*pb.Profile{}, Bubbles: map[uint32]*Bubble{},
		Pred: predict.New(nil, world.Vec{}, 1), Interp: predict.NewInterp(s.period), Now: time.Now(),
	}
	s.registerDefaults()
	s.voice.s = s
	s.voice.register()
	s.mod.s = s
	s.mod.register()
	s.ev.s = s
	s.ev.register()
	return s
}

// Model returns the model; it changes only in Update and Actions, on the game goroutine.
func (s *Session) Model() *Model { return &s.m }

// Actions returns what a person can do.
func (s *Session) Actions() Actions { return Actions{s: s} }

// Files returns the current world's files (nil before the first Welcome).
func (s *Session) Files() fs.FS { return s.files }

// On registers h for server messages of the same type as example (a pb.ServerMessage oneof wrapper
// such as &pb.ServerMessage_Chat{}). Handlers run in registration order.
func (s *Session) On(example any, h Handler) {
	t := reflect.TypeOf(example)
	s.handlers[t] = append(s.handlers[t], h)
}

// Update applies queued messages, advances your predicted avatar to now and expires bubbles.
func (s *Session) Update(now time.Time) {
	s.m.Now = now
	prev := s.m.Status
	s.m.Status = s.src.Status()
	if st := s.m.Status; (st.State == Waiting || st.State == Ended) && (prev.State != st.State || prev.Detail != st.Detail) {
		s.log.Warn("disconnected", "reason", st.Reason, "err", st.Detail, "retry_in", time.Until(st.RetryAt).Round(time.Millisecond))
	}
	s.pollLoad()
	s.pollExhibit()
	s.events = s.src.Drain(s.events)
	s.handleEvents()
	s.voice.update()
	s.ev.update()

	dt := now.Sub(s.last)
	s.last = now
	if s.m.Room != nil {
		n, alpha := s.stepper.Advance(dt)
		for range n {
			s.m.Pred.Tick()
		}
		s.m.Alpha = alpha
		s.m.Pred.Smooth(dt.Seconds())
		s.arrive()
	}
	for slot, b := range s.m.Bubbles {
		if now.After(b.Until) {
			delete(s.m.Bubbles, slot)
		}
	}
	if s.narrator != nil {
		s.narrator.update()
	}
}

// arrive finishes a walk: it opens the exhibit you walked to and clears the target marker.
func (s *Session) arrive() {
	if s.m.Pred.Moving() {
		return
	}
	if z := s.pendingOpen; z != nil {
		s.pendingOpen = nil
		if s.m.InReach(z) {
			s.Actions().OpenExhibit(z)
		}
	}
	s.m.Target = nil
}

// handleEvents applies queued server messages in order, stopping at a Joined whose map is still
// loading (the rest wait for it).
func (s *Session) handleEvents() {
	i := 0
	for ; i < len(s.events); i++ {
		e := s.events[i]
		if e.Session < s.session {
			continue // left over from a connection that has ended
		}
		if j := e.Msg.GetJoined(); j != nil && s.maps[j.GetMapFile()] == nil {
			s.startLoad(j.GetMapFile())
			break
		}
		for _, h := range s.handlers[reflect.TypeOf(e.Msg.Msg)] {
			h(e)
		}
	}
	n := copy(s.events, s.events[i:])
	clear(s.events[n:])
	s.events = s.events[:n]
}

// startLoad fetches a room's map in the background.
func (s *Session) startLoad(file string) {
	if s.m.Loading == file || time.Now().Before(s.retryLoad) || s.files == nil {
		return
	}
	s.m.Loading, s.m.LoadErr = file, ""
	files := s.files
	go func() {
		ra, err := LoadRoomAssets(files, file)
		s.loadDone <- loadResult{file: file, room: ra, err: err}
	}()
}

// pollLoad takes a finished map load.
func (s *Session) pollLoad() {
	select {
	case r := <-s.loadDone:
		s.m.Loading = ""
		if r.err != nil {
			s.m.LoadErr = msg.T("The map of this room could not be loaded (retrying).")
			s.retryLoad = time.Now().Add(3 * time.Second)
			s.m.warn(s.m.LoadErr)
			s.log.Warn("load map", "file", r.file, "err", r.err)
			return
		}
		s.maps[r.file] = r.room
	default:
	}
}

// pollExhibit takes a finished exhibit load, if it is still the one open.
func (s *Session) pollExhibit() {
	select {
	case ex := <-s.exhibits:
		if s.m.Exhibit != nil && s.m.Exhibit.Zone == ex.Zone {
			s.m.Exhibit = ex
		}
	default:
	}
}
