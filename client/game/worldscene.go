package game

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/embassy-project/embassy/client/game/link"
	"github.com/embassy-project/embassy/client/predict"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// focus is which part of the interface takes the keyboard.
type focus int

const (
	focusWorld focus = iota // movement keys walk
	focusChat               // typing a message
	focusRooms              // choosing a room in the room list
	focusCount
)

// bubble is a chat or emote bubble over an avatar.
type bubble struct {
	text  string
	tone  Tone
	at    time.Time
	until time.Time
}

// loadResult is a room map loaded off the game goroutine.
type loadResult struct {
	file string
	room *loadedRoom
	err  error
}

// worldScene is the embassy: one room, the people in it, chat, exhibits, the room list.
type worldScene struct {
	name string
	look *pb.Look

	link   *link.Link
	cancel context.CancelFunc
	wg     sync.WaitGroup
	events []link.Event // drained and not yet handled (held while a room loads)

	// Session, from Welcome.
	session int
	welcome *pb.Welcome
	step    int32
	period  time.Duration
	files   *link.WorldFS
	rooms   []*pb.RoomInfo

	// Room.
	maps      map[string]*roomMap // by map file: rooms already built
	room      *roomMap
	roomID    string
	roomName  string
	selfSlot  uint32
	joined    bool // a Joined has been handled and its map is shown
	loading   string
	loadDone  chan loadResult
	loadErr   string
	retryLoad time.Time
	profiles  map[uint32]*pb.Profile

	pred     *predict.Predictor
	interp   *predict.Interp
	stepper  predict.Stepper
	alpha    float64
	last     time.Time
	selfFace facing

	// Interface.
	chat        ChatLog
	input       TextField
	focus       focus
	roomSel     int
	moves       MoveSender
	scriptHeld  *world.Dir
	bubbles     map[uint32]*bubble
	panel       *exhibitPanel
	pendingOpen *world.Zone // open this exhibit on arrival
	target      *world.Vec  // click-to-walk destination marker
	zoom        float64
	sprites     spriteCache
	tags        tagCache
	notice      string
	noticeAt    time.Time
	help        bool
	hit         hitAreas
	offline     bool // the benchmark: no server, no link running
	lastSW      int
	lastSH      int
}

func newWorldScene(g *Game, name string, look *pb.Look, room string) (*worldScene, error) {
	if g.opts.Server == "" {
		return nil, fmt.Errorf("no server given: use -server ws://HOST:8080/ws or EMBASSY_SERVER")
	}
	if _, err := link.HTTPBase(g.opts.Server); err != nil {
		return nil, err
	}
	w := &worldScene{
		name: name, look: look,
		link: link.New(link.Config{URL: g.opts.Server, Name: name, Look: look, Token: g.opts.Token, Room: room, Client: ClientName}),
		maps: map[string]*roomMap{}, profiles: map[uint32]*pb.Profile{}, bubbles: map[uint32]*bubble{},
		loadDone: make(chan loadResult, 1), zoom: 1.5, last: time.Now(),
		pred: predict.New(nil, world.Vec{}, 1), interp: predict.NewInterp(50 * time.Millisecond),
	}
	w.input.Max = 500
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		_ = w.link.Run(ctx)
	}()
	w.system("Connecting to %s ...", g.opts.Server)
	return w, nil
}

// close ends the connection and waits for the link to stop.
func (w *worldScene) close() {
	w.cancel()
	done := make(chan struct{})
	go func() { w.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
	}
}

// ready reports whether you are in a room with its map drawn.
func (w *worldScene) ready() bool {
	if w.offline {
		return w.joined && w.room != nil
	}
	return w.joined && w.room != nil && w.link.Status().State == link.Online
}

func (w *worldScene) system(format string, args ...any) {
	w.chat.Add(ChatEntry{At: time.Now(), Text: fmt.Sprintf(format, args...), Tone: ToneSystem})
}

func (w *worldScene) errorLine(format string, args ...any) {
	w.chat.Add(ChatEntry{At: time.Now(), Text: fmt.Sprintf(format, args...), Tone: ToneError})
}

// Update implements Scene: messages, the clock, input.
func (w *worldScene) Update(g *Game) error {
	now := g.now
	w.pollLoad(g)
	w.events = w.link.Drain(w.events)
	w.handleEvents(g)

	dt := now.Sub(w.last)
	w.last = now
	if w.joined {
		n, alpha := w.stepper.Advance(dt)
		for range n {
			w.pred.Tick()
		}
		w.alpha = alpha
		w.pred.Smooth(dt.Seconds())
		if w.pendingOpen != nil && !w.pred.Moving() {
			if w.inReach(w.pendingOpen) {
				w.openExhibit(w.pendingOpen)
			}
			w.pendingOpen = nil
		}
		if w.target != nil && !w.pred.Moving() {
			w.target = nil
		}
	}
	for slot, b := range w.bubbles {
		if now.After(b.until) {
			delete(w.bubbles, slot)
		}
	}
	w.updateInput(g)
	return nil
}

// handleEvents applies queued server messages in order, stopping at a Joined whose map is still
// loading (the rest wait for it).
func (w *worldScene) handleEvents(g *Game) {
	i := 0
	for ; i < len(w.events); i++ {
		e := w.events[i]
		if e.Session < w.session {
			continue // left over from a connection that has ended
		}
		if j := e.Msg.GetJoined(); j != nil && w.maps[j.GetMapFile()] == nil {
			w.startLoad(j.GetMapFile())
			break
		}
		w.handle(g, e)
	}
	n := copy(w.events, w.events[i:])
	clear(w.events[n:])
	w.events = w.events[:n]
}

func (w *worldScene) handle(g *Game, e link.Event) {
	switch m := e.Msg.Msg.(type) {
	case *pb.ServerMessage_Welcome:
		w.onWelcome(g, e.Session, m.Welcome)
	case *pb.ServerMessage_Joined:
		w.onJoined(m.Joined)
	case *pb.ServerMessage_Snapshot:
		w.onSnapshot(g, m.Snapshot, e.At)
	case *pb.ServerMessage_Chat:
		w.onChat(m.Chat, e.At)
	case *pb.ServerMessage_Emote:
		w.onEmote(m.Emote, e.At)
	case *pb.ServerMessage_Refused:
		w.errorLine("%s", m.Refused.GetReason())
		if m.Refused.GetCode() == pb.RefuseCode_REFUSE_UNREACHABLE {
			w.target, w.pendingOpen = nil, nil
		}
	case *pb.ServerMessage_Notice:
		w.chat.Add(ChatEntry{At: e.At, Text: "Notice: " + m.Notice.GetText(), Tone: ToneAnnounce})
		w.notice, w.noticeAt = m.Notice.GetText(), e.At
	case *pb.ServerMessage_Rooms:
		w.rooms = m.Rooms.GetRooms()
	}
}

func (w *worldScene) onWelcome(g *Game, session int, wl *pb.Welcome) {
	reconnected := w.session > 0
	w.session, w.welcome = session, wl
	hz := max(int(wl.GetTickHz()), 1)
	w.period = time.Second / time.Duration(hz)
	w.step = int32(wl.GetStepPerTick())
	if w.step <= 0 {
		w.step = world.StepPerTick(int(wl.GetSpeed()), hz)
	}
	w.stepper = predict.Stepper{Period: w.period}
	w.interp = predict.NewInterp(w.period)
	w.joined = false
	if len(wl.GetRooms()) > 0 {
		w.rooms = wl.GetRooms()
	}
	base, _ := link.HTTPBase(g.opts.Server)
	if w.files == nil || w.files.Base() != link.NewWorldFS(base, wl.GetWorldUrl()).Base() {
		w.files = link.NewWorldFS(base, wl.GetWorldUrl())
		w.maps = map[string]*roomMap{}
	}
	role := ""
	if b := roleBadge(wl.GetRole()); b != "" {
		role = " as " + b
	}
	if reconnected {
		w.system("Reconnected as %s%s.", wl.GetName(), role)
	} else {
		w.system("Welcome to the embassy, %s%s. Press Enter to chat, /help for commands.", wl.GetName(), role)
	}
}

func (w *worldScene) onJoined(j *pb.Joined) {
	rm := w.maps[j.GetMapFile()]
	w.room, w.roomID, w.roomName, w.selfSlot, w.joined = rm, j.GetRoom(), j.GetName(), j.GetSelfSlot(), true
	pos := world.Vec{X: j.GetX(), Y: j.GetY()}
	w.pred = predict.New(rm.def, pos, w.step)
	w.interp.Join(j.GetSelfSlot(), j.GetTick(), pos)
	w.stepper = predict.Stepper{Period: w.period}
	w.profiles = map[uint32]*pb.Profile{j.GetSelfSlot(): {
		Slot: j.GetSelfSlot(), UserId: w.welcome.GetUserId(), Name: w.welcome.GetName(), Role: w.welcome.GetRole(), Look: w.look,
	}}
	w.bubbles = map[uint32]*bubble{}
	w.moves.Reset()
	w.target, w.pendingOpen, w.panel = nil, nil, nil
	w.link.SetRoom(j.GetRoom())
	w.system("You are in the %s.", j.GetName())
}

func (w *worldScene) onSnapshot(g *Game, s *pb.Snapshot, at time.Time) {
	if !w.joined {
		return
	}
	for _, p := range s.GetProfiles() {
		w.profiles[p.GetSlot()] = p
	}
	selfPos, _, err := w.interp.ApplySnapshot(s, w.selfSlot, w.step, at)
	if err != nil {
		g.log.Warn("bad snapshot", "err", err)
		return
	}
	w.pred.Server(s.GetTick(), s.GetAckSeq(), selfPos)
}

func (w *worldScene) onChat(ev *pb.ChatEvent, at time.Time) {
	e := FormatChat(ev, w.welcome.GetName())
	e.At = at
	w.chat.Add(e)
	if ev.GetKind() == pb.ChatKind_CHAT_DIRECT || ev.GetFromSlot() == 0 {
		return
	}
	w.bubbles[ev.GetFromSlot()] = &bubble{text: ev.GetText(), tone: e.Tone, at: at, until: at.Add(bubbleLife(ev.GetText()))}
}

func (w *worldScene) onEmote(ev *pb.EmoteEvent, at time.Time) {
	name := "Someone"
	if p := w.profiles[ev.GetSlot()]; p != nil {
		name = p.GetName()
	}
	w.chat.Add(ChatEntry{At: at, Text: fmt.Sprintf("%s %s.", name, GestureVerb(ev.GetGesture())), Tone: ToneEmote})
	w.bubbles[ev.GetSlot()] = &bubble{text: GestureIcon(ev.GetGesture()), tone: ToneEmote, at: at, until: at.Add(3 * time.Second)}
}

// bubbleLife is how long a chat bubble stays: long enough to read it.
func bubbleLife(text string) time.Duration {
	return min(4*time.Second+time.Duration(len(text))*60*time.Millisecond, 12*time.Second)
}

// startLoad fetches a room's map in the background.
func (w *worldScene) startLoad(file string) {
	if w.loading == file || time.Now().Before(w.retryLoad) {
		return
	}
	w.loading, w.loadErr = file, ""
	fsys := w.files
	go func() {
		lr, err := loadRoom(fsys, file)
		w.loadDone <- loadResult{file: file, room: lr, err: err}
	}()
}

// pollLoad builds a loaded map's images on the game goroutine.
func (w *worldScene) pollLoad(g *Game) {
	select {
	case r := <-w.loadDone:
		w.loading = ""
		if r.err != nil {
			w.loadErr = r.err.Error()
			w.retryLoad = time.Now().Add(3 * time.Second)
			w.errorLine("Could not load the map %s: %v (retrying)", r.file, r.err)
			g.log.Warn("load map", "file", r.file, "err", r.err)
			return
		}
		w.maps[r.file] = buildRoomMap(r.room)
	default:
	}
}

// statusLine describes the connection for the HUD and errors.
func (w *worldScene) statusLine() string {
	if w.offline {
		return "Offline benchmark"
	}
	st := w.link.Status()
	switch st.State {
	case link.Connecting:
		if st.Session > 0 || st.Attempt > 0 {
			return "Reconnecting..."
		}
		return "Connecting..."
	case link.Waiting:
		secs := max(time.Until(st.RetryAt).Seconds(), 0)
		return fmt.Sprintf("Disconnected: %s. Retrying in %.0fs (attempt %d)", st.Reason, secs+0.49, st.Attempt)
	}
	if w.loading != "" || (!w.joined) {
		return "Entering the embassy..."
	}
	return "Connected"
}
