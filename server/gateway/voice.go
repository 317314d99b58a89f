package gateway

import (
	"errors"
	"time"

	"github.com/embassy-project/embassy/server/room"
	"github.com/embassy-project/embassy/server/voice"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Voice is the SFU, as the gateway uses it (*voice.Server).
type Voice interface {
	Join(userID string, peer voice.Peer) error
	Signal(userID string, sig *pb.VoiceSignal) error
	Leave(userID string)
	Mute(userID string, muted bool) // a moderator's voice mute, enforced at the SFU
}

// refusedVoice: voice is off, or this connection may not use it now (or its setup failed).
var refusedVoice = refusal{pb.RefuseCode_REFUSE_VOICE, "voice"}

// Words for voice refusals.
const (
	sayVoiceOff       = "Voice is not available on this server."
	sayVoiceNeedsRoom = "Join a room before joining voice."
	sayVoiceNotOn     = "You are not in voice: join voice first."
	sayVoiceTooOften  = "Slow down: voice was started too often."
)

// voiceJoinEvery is how often a connection may start voice, sustained (a burst of 3 is allowed).
const voiceJoinEvery = 2 * time.Second

// SetVoice gives the gateway an SFU; without one, voice requests are refused. Call before serving.
func (g *Gateway) SetVoice(v Voice) { g.voice = v }

// dispatchVoice carries out a voice message.
func (s *Session) dispatchVoice(m *pb.ClientMessage, now time.Time) {
	v := s.g.voice
	switch msg := m.Msg.(type) {
	case *pb.ClientMessage_VoiceJoin:
		s.g.metrics.MessageIn("voice_join")
		r := s.room.Load()
		switch {
		case v == nil:
			s.refuse(refusedVoice, 0, sayVoiceOff, nil)
		case r == nil:
			s.refuse(refusedVoice, 0, sayVoiceNeedsRoom, nil)
		case !s.voiceJoins.take(now):
			s.refuse(refusedRate, 0, sayVoiceTooOften, nil)
		default:
			s.inVoice.Store(true)
			if err := v.Join(s.id, voicePeer{s}); err != nil {
				s.inVoice.Store(false)
				s.refuse(refusedVoice, 0, err.Error(), nil)
				return
			}
			s.busy(r.SetVoice(s.id, true), 0)
		}
	case *pb.ClientMessage_VoiceSignal:
		s.g.metrics.MessageIn("voice_signal")
		if v == nil || !s.inVoice.Load() {
			s.refuse(refusedVoice, 0, sayVoiceNotOn, nil)
			return
		}
		// A bad answer ends voice and says so (voicePeer.Ended); other errors are refused here.
		if err := v.Signal(s.id, msg.VoiceSignal); err != nil && !errors.Is(err, voice.ErrBadAnswer) {
			s.refuse(refusedVoice, 0, err.Error(), nil)
		}
	case *pb.ClientMessage_VoiceLeave:
		s.g.metrics.MessageIn("voice_leave")
		s.leaveVoice()
	}
}

// leaveVoice ends the session's voice, if it is in voice.
func (s *Session) leaveVoice() {
	if !s.inVoice.Swap(false) {
		return
	}
	s.g.voice.Leave(s.id)
	if r := s.room.Load(); r != nil {
		_ = r.SetVoice(s.id, false)
	}
}

// voiceMoved carries the session's voice from room old to room r (called when r admits it).
func (s *Session) voiceMoved(old, r *room.Room) {
	if !s.inVoice.Load() || old == r {
		return
	}
	if old != nil {
		_ = old.SetVoice(s.id, false)
	}
	_ = r.SetVoice(s.id, true)
}

// voicePeer is a session as the SFU sees it.
type voicePeer struct{ s *Session }

// Send implements voice.Peer.
func (p voicePeer) Send(m *pb.ServerMessage) { p.s.sendMsg(m) }

// Speaking implements voice.Peer: the room shows it and routes the speaker.
func (p voicePeer) Speaking(speaking, active bool) {
	if r := p.s.room.Load(); r != nil {
		_ = r.SetSpeaking(p.s.id, speaking, active)
	}
}

// Ended implements voice.Peer.
func (p voicePeer) Ended(reason string) {
	s := p.s
	if !s.inVoice.Swap(false) {
		return
	}
	if r := s.room.Load(); r != nil {
		_ = r.SetVoice(s.id, false)
	}
	s.refuse(refusedVoice, 0, reason, nil)
}
