package room

import (
	"fmt"
	"hash/fnv"
	"math"
	"slices"

	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// Audible says that Listener hears Speaker: who should hear whom is the room's decision (distance
// and zones, the rules chat follows), handed to the SFU, which only forwards. Dist2 is the squared
// distance in units; Stage is set when the speaker is heard because they stand on the stage.
type Audible struct {
	Listener, Speaker string // user ids
	Avatar            uint32 // the speaker's avatar slot in the room
	Name              string // the speaker's name, for listeners who do not see them
	Dist2             int64
	Stage             bool
}

// VoiceSink receives a room's voice routing: every voice participant in the room (listeners), and
// who each hears among the participants who spoke recently. The room calls it from its goroutine
// when the routing changed; it must not block.
type VoiceSink interface {
	Routes(room string, listeners []string, audible []Audible)
}

// voiceState is the room's side of voice, owned by the room goroutine: who in the room is in voice,
// who spoke recently (routed) and who speaks now (shown to those who see them).
type voiceState struct {
	sink     VoiceSink
	on       map[string]bool // user ids in voice
	active   map[string]bool // spoke within the routing window
	speaking map[string]bool // speaking now
	routeKey uint64          // hash of the routes last handed to the sink
	routed   uint32          // tick of the last hand-over
	shown    map[*avatar]string
	showAll  bool // the speaking set changed: refresh everyone's VoiceActivity
}

// routeEvery is how often (in ticks) routes are handed over even when only distances changed.
const routeEvery = 5

// SetVoiceSink connects the room to the SFU; call it before Run.
func (r *Room) SetVoiceSink(s VoiceSink) {
	r.voice = voiceState{sink: s, on: map[string]bool{}, active: map[string]bool{}, speaking: map[string]bool{}, shown: map[*avatar]string{}}
}

// SetVoice says userID joined (on) or left voice.
func (r *Room) SetVoice(userID string, on bool) error {
	return r.post(func() {
		v := &r.voice
		if v.sink == nil {
			return
		}
		if on {
			v.on[userID] = true
		} else {
			delete(v.on, userID)
			delete(v.active, userID)
			if v.speaking[userID] {
				delete(v.speaking, userID)
				v.showAll = true
			}
		}
		v.routeKey = 0 // hand over at the next tick
	})
}

// SetSpeaking says whether userID speaks now (for indicators) and spoke recently (for routing).
func (r *Room) SetSpeaking(userID string, speaking, active bool) error {
	return r.post(func() {
		v := &r.voice
		if v.sink == nil || !v.on[userID] {
			return
		}
		if v.speaking[userID] != speaking {
			v.showAll = true
		}
		setFlag(v.speaking, userID, speaking)
		setFlag(v.active, userID, active)
	})
}

func setFlag(m map[string]bool, k string, on bool) {
	if on {
		m[k] = true
	} else {
		delete(m, k)
	}
}

// stepVoice hands the SFU this tick's routes when they changed, and tells members who is speaking.
func (r *Room) stepVoice() {
	v := &r.voice
	if v.sink == nil || len(v.on) == 0 && v.routeKey == 1 {
		return
	}
	listeners, audible := r.routes()
	key := routeHash(listeners, audible)
	if key != v.routeKey || r.st.tick-v.routed >= routeEvery && len(audible) > 0 {
		v.routeKey, v.routed = key, r.st.tick
		v.sink.Routes(r.def.ID, listeners, audible)
	}
	if v.showAll || len(v.speaking) > 0 && r.st.tick%10 == 0 {
		v.showAll = false
		r.showSpeaking()
	}
}

// routes lists the voice participants present and, for each who spoke recently, who hears them:
// everyone in the room from the stage, else those within talking range, by the map's zones.
func (r *Room) routes() ([]string, []Audible) {
	v := &r.voice
	var listeners []string
	var out []Audible
	for id := range v.on {
		if r.st.byID[id] != nil {
			listeners = append(listeners, id)
		}
	}
	rng := world.Meters(world.SayRange)
	for id := range v.active {
		s := r.st.byID[id]
		if s == nil {
			continue
		}
		_, onStage := r.def.ZoneAt(s.Pos, world.ZoneStage)
		stage := r.stageCarries(s, onStage)
		if !stage && r.st.settings.AudienceMuted {
			continue // staff muted everyone but the stage
		}
		hear := func(l *avatar) {
			if l == s || !v.on[l.prof.UserID] || !r.def.HearsFrom(world.Say, s.Pos, l.Pos, stage) && !r.follows(l, s) {
				return
			}
			out = append(out, Audible{Listener: l.prof.UserID, Speaker: id, Avatar: s.slot, Name: s.prof.Name, Dist2: s.Pos.Dist2(l.Pos), Stage: stage})
		}
		if _, guide := r.tours.guides[id]; stage || guide { // a guide's group hears them wherever they stand
			for _, lid := range listeners {
				hear(r.st.byID[lid])
			}
			continue
		}
		r.st.grid.each(s.Pos, rng, hear)
	}
	return listeners, out
}

// routeHash fingerprints routes, distances rounded to the metre, so unchanged routing is not
// handed over again. It is never 0 or 1 (0 forces a hand-over; 1 marks "nothing in voice").
func routeHash(listeners []string, audible []Audible) uint64 {
	if len(listeners) == 0 {
		return 1
	}
	h := fnv.New64a()
	sorted := slices.Clone(listeners)
	slices.Sort(sorted)
	for _, l := range sorted {
		h.Write([]byte(l))
		h.Write([]byte{0})
	}
	keys := make([]string, 0, len(audible))
	for _, a := range audible {
		m := int64(math.Sqrt(float64(a.Dist2))) / world.Unit
		keys = append(keys, fmt.Sprintf("%s>%s:%d:%d:%v", a.Speaker, a.Listener, a.Avatar, m, a.Stage))
	}
	slices.Sort(keys)
	for _, k := range keys {
		h.Write([]byte(k))
	}
	return max(h.Sum64(), 2)
}

// showSpeaking sends each member the speaking avatars it sees, when that changed.
func (r *Room) showSpeaking() {
	v := &r.voice
	var talkers []*avatar
	for id := range v.speaking {
		if a := r.st.byID[id]; a != nil {
			talkers = append(talkers, a)
		}
	}
	for a := range v.shown {
		if r.st.byID[a.prof.UserID] != a {
			delete(v.shown, a)
		}
	}
	var slots []uint32
	for _, m := range r.st.byID {
		slots = slots[:0]
		for _, t := range talkers {
			if t == m || m.view.vis.has(t.slot) {
				slots = append(slots, t.slot)
			}
		}
		slices.Sort(slots)
		key := fmt.Sprint(slots)
		if v.shown[m] == key {
			continue
		}
		v.shown[m] = key
		r.sendTo(m.m, &pb.ServerMessage{Msg: &pb.ServerMessage_VoiceActivity{VoiceActivity: &pb.VoiceActivity{Speaking: slices.Clone(slots)}}})
	}
}

// each calls fn for every avatar within radius of p.
func (g *grid) each(p world.Vec, radius int32, fn func(*avatar)) {
	r2 := int64(radius) * int64(radius)
	x0, y0 := g.cellXY(world.Vec{X: p.X - radius, Y: p.Y - radius})
	x1, y1 := g.cellXY(world.Vec{X: p.X + radius, Y: p.Y + radius})
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			for _, a := range g.cells[y*g.w+x] {
				if a.Pos.Dist2(p) <= r2 {
					fn(a)
				}
			}
		}
	}
}
