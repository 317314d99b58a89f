package session

import (
	"math"
	"slices"

	"github.com/embassy-project/embassy/client/audio"
	"github.com/embassy-project/embassy/shared/world"

	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// VoiceState is what the game shows about voice.
type VoiceState struct {
	Available bool               // the game has a voice engine (audio devices may still be missing)
	On        bool               // you asked to be in voice
	Connected bool               // the engine reports media flowing
	Muted     bool               // your microphone is off (local); push-to-talk opens it while held
	PTT       bool               // push-to-talk: the microphone is open only while the key is held
	Talking   bool               // push-to-talk held
	Problem   string             // why voice is off or degraded, in words ("" when fine)
	Slots     [9]uint32          // the avatar each receiving slot carries (0: nobody)
	Names     [9]string          // the name of the speaker each slot carries (the stage's may be out of view)
	Speaking  []uint32           // avatars in view speaking now
	Volume    map[uint32]float64 // per avatar slot: your volume for them (1 = normal, 0 = muted locally)
}

// SpeakingNow reports whether the avatar in slot is speaking.
func (v *VoiceState) SpeakingNow(slot uint32) bool { return slices.Contains(v.Speaking, slot) }

// VolumeOf returns your volume for the avatar in slot.
func (v *VoiceState) VolumeOf(slot uint32) float64 {
	if g, ok := v.Volume[slot]; ok {
		return g
	}
	return 1
}

// VoiceEngine carries voice for the session: signalling over the connection, the PeerConnection,
// the microphone and the speakers. The scene supplies one (or none); the session tells it what the
// person wants and what the server says.
type VoiceEngine interface {
	// Start joins voice on the current connection.
	Start(s Sender) error
	// Stop leaves voice.
	Stop()
	// Handle hands it the server's voice messages (signals, slot maps, voice refusals, Joined).
	Handle(m *pb.ServerMessage)
	// SetMicOpen opens or closes the microphone.
	SetMicOpen(open bool)
	// SetSource places the voice on slot i: gain (0 silent .. 1, per-person volume included) and
	// pan (-1 left .. 1 right).
	SetSource(i int, gain, pan float32)
	// Status says whether media flows, and what is wrong in words ("" when fine).
	Status() (connected bool, problem string)
}

// voiceLink keeps a session's voice engine in step with the connection and the room.
type voiceLink struct {
	s       *Session
	engine  VoiceEngine // nil: this client has no voice
	live    bool        // the engine runs on the connection numbered session
	session int
}

// SetVoiceEngine gives the session a voice engine; call before the first Update.
func (s *Session) SetVoiceEngine(e VoiceEngine) {
	s.voice.engine = e
	s.m.Voice.Available = e != nil
}

func (l *voiceLink) register() {
	s := l.s
	s.m.Voice.Volume = map[uint32]float64{}
	forward := func(ev Event) {
		if l.engine != nil && l.live {
			l.engine.Handle(ev.Msg)
		}
	}
	for _, m := range []any{&pb.ServerMessage_VoiceSignal{}, &pb.ServerMessage_VoiceSlots{}, &pb.ServerMessage_Refused{}, &pb.ServerMessage_Joined{}} {
		s.On(m, forward)
	}
	s.On(&pb.ServerMessage_VoiceSlots{}, func(ev Event) {
		for _, sl := range ev.Msg.GetVoiceSlots().GetSlots() {
			if i := sl.GetIndex(); i < uint32(len(s.m.Voice.Slots)) {
				s.m.Voice.Slots[i], s.m.Voice.Names[i] = sl.GetAvatar(), sl.GetName()
			}
		}
	})
	s.On(&pb.ServerMessage_VoiceActivity{}, func(ev Event) {
		s.m.Voice.Speaking = ev.Msg.GetVoiceActivity().GetSpeaking()
	})
	s.On(&pb.ServerMessage_Refused{}, func(ev Event) {
		if ev.Msg.GetRefused().GetCode() == pb.RefuseCode_REFUSE_VOICE {
			s.m.Voice.Problem = ev.Msg.GetRefused().GetReason()
			l.stop()
		}
	})
}

// updateVoice keeps the engine in step with the connection and the room: voice starts once you are
// in a room (again after a reconnection or a redirect) and its status is copied into the model.
func (l *voiceLink) update() {
	s := l.s
	v := &s.m.Voice
	if l.engine == nil {
		return
	}
	if v.On && !l.live && s.m.Ready() {
		if snd := s.src.Sender(); snd != nil {
			if err := l.engine.Start(snd); err != nil {
				v.Problem, v.On = err.Error(), false
				return
			}
			l.live, l.session = true, s.session
			v.Problem = ""
			l.engine.SetMicOpen(l.micOpen())
		}
	}
	if l.live && (s.session != l.session || !s.m.Ready()) {
		l.engine.Stop() // the connection changed: start again on the new one
		l.live = false
		v.Slots, v.Names, v.Speaking = [9]uint32{}, [9]string{}, nil
	}
	if l.live {
		v.Connected, v.Problem = l.engine.Status()
		l.place()
	}
}

// place sets each slot's gain and pan from where its speaker stands relative to you: distance
// attenuation over the hearing range, your volume for them, left or right by bearing. The stage
// is heard at full volume from the front; someone you blocked is not heard at all.
func (l *voiceLink) place() {
	m := &l.s.m
	me := m.Pred.Pos()
	for i, av := range m.Voice.Slots {
		gain, pan := float32(0), float32(0)
		if p := m.Profiles[av]; p != nil && len(m.Blocked) > 0 && m.Blocked.Has(p.GetName(), p.GetUserId()) {
			av = 0 // blocked: silent, whatever their volume says
		}
		if av != 0 {
			vol := float32(m.Voice.VolumeOf(av))
			if i == len(m.Voice.Slots)-1 {
				gain = vol
			} else if t := m.Interp.Track(av); t != nil {
				dx := float64(t.Pos.X-me.X) / world.Unit
				dy := float64(t.Pos.Y-me.Y) / world.Unit
				gain = audio.DistanceGain(math.Hypot(dx, dy), world.SayRange) * vol
				pan = audio.Pan(dx, dy)
			}
		}
		l.engine.SetSource(i, gain, pan)
	}
}

func (l *voiceLink) stop() {
	if l.live {
		l.engine.Stop()
		l.live = false
	}
	v := &l.s.m.Voice
	v.On, v.Connected = false, false
	v.Slots, v.Speaking = [9]uint32{}, nil
}

func (l *voiceLink) micOpen() bool {
	v := &l.s.m.Voice
	if v.PTT {
		return v.Talking
	}
	return !v.Muted
}

// ToggleVoice joins voice, or leaves it.
func (a Actions) ToggleVoice() {
	s := a.s
	if s.voice.engine == nil {
		s.m.tell(msg.T("Voice is not available in this client."))
		return
	}
	if s.m.Voice.On {
		s.voice.stop()
		s.m.tell(msg.T("You left voice."))
		return
	}
	s.m.Voice.On, s.m.Voice.Problem = true, ""
	s.m.tell(msg.T("Joining voice... M mutes your microphone; hold V to talk when push-to-talk is on (P)."))
}

// ToggleMute mutes or unmutes your microphone.
func (a Actions) ToggleMute() {
	v := &a.s.m.Voice
	v.Muted = !v.Muted
	a.applyMic()
}

// TogglePTT switches push-to-talk on or off.
func (a Actions) TogglePTT() {
	v := &a.s.m.Voice
	v.PTT = !v.PTT
	a.applyMic()
}

// Talk holds (or releases) the push-to-talk key.
func (a Actions) Talk(held bool) {
	v := &a.s.m.Voice
	if v.Talking == held {
		return
	}
	v.Talking = held
	a.applyMic()
}

// SetVolume sets your volume for the avatar in slot (0 mutes them for you).
func (a Actions) SetVolume(slot uint32, gain float64) {
	a.s.m.Voice.Volume[slot] = min(max(gain, 0), 2)
}

func (a Actions) applyMic() {
	if l := &a.s.voice; l.live {
		l.engine.SetMicOpen(l.micOpen())
	}
}

// Close stops voice, if it runs; call it when the game ends.
func (s *Session) Close() { s.voice.stop() }
