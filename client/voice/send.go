package voice

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/embassy-project/embassy/client/audio"
)

// txState is the sending side, owned by the goroutine that calls Send or SendOpus.
type txState struct {
	enc     audio.Encoder
	gate    *audio.Gate
	ts      uint32 // RTP timestamp of the next frame: it runs on through silence
	started bool
	talking bool // the previous frame was sent: the next one continues a talk spurt
	buf     []byte
	stamped []byte
}

// SetMuted stops (or resumes) sending the microphone; the server is not told, nothing goes out.
func (s *Call) SetMuted(muted bool) { s.muted.Store(muted) }

// Send takes the microphone's next frame, audio.FrameSamples mono samples at 48 kHz (20 ms), and
// sends it as one Opus packet carrying its audio level, unless the gate holds it back as silence,
// the person muted themselves, or voice is not connected. It reports whether a packet went out.
func (s *Call) Send(pcm []int16) (bool, error) {
	tx := &s.tx
	b := s.sendable()
	if b == nil {
		return false, nil
	}
	if tx.gate == nil {
		tx.gate = audio.NewGate(s.cfg.Gate)
	}
	lvl := audio.Level(pcm)
	send, voice := tx.gate.Open(lvl)
	if !send {
		tx.talking = false
		return false, nil
	}
	if tx.enc == nil {
		enc, err := s.eng.NewEncoder(s.cfg.Opus)
		if err != nil {
			return false, err
		}
		tx.enc, tx.buf = enc, make([]byte, audio.MaxPacketBytes)
	}
	n, err := tx.enc.Encode(pcm, tx.buf)
	if err != nil {
		tx.talking = false
		return false, err
	}
	return true, s.write(b, tx.buf[:n], lvl, voice)
}

// SendOutgoing sends what an audio.Uplink made of the microphone's frame: its packet, if it has
// one (a frame without a packet is a pause, which the timestamps keep).
func (s *Call) SendOutgoing(out audio.Outgoing) (bool, error) {
	b := s.sendable()
	if b == nil || len(out.Payload) == 0 {
		s.tx.talking = false
		return false, nil
	}
	return true, s.write(b, out.Payload, out.Level, out.Voice)
}

// SendOpus sends one already encoded 20 ms Opus packet with its audio level (RFC 6464, -dBov),
// with no gate: bots loop a tone encoded once. It reports whether the packet went out.
func (s *Call) SendOpus(packet []byte, level uint8) (bool, error) {
	b := s.sendable()
	if b == nil {
		return false, nil
	}
	return true, s.write(b, packet, level, true)
}

// sendable advances the clock by one frame and returns the connection to send it on, if any.
func (s *Call) sendable() *peerBox {
	tx := &s.tx
	if !tx.started {
		tx.started, tx.ts = true, rand.Uint32()
	}
	tx.ts += audio.FrameSamples
	b := s.cur.Load()
	if b == nil || State(s.state.Load()) != Connected || s.muted.Load() {
		tx.talking = false
		return nil
	}
	return b
}

func (s *Call) write(b *peerBox, packet []byte, level uint8, voice bool) error {
	tx := &s.tx
	if s.cfg.StampID != 0 {
		tx.stamped, _ = appendStamped(tx.stamped[:0], packet, s.cfg.StampID, time.Now())
		packet = tx.stamped
	}
	marker := !tx.talking // the first packet of a talk spurt (RFC 3551, 4.1)
	tx.talking = true
	if err := b.p.writeAudio(packet, tx.ts-audio.FrameSamples, level, voice, marker); err != nil {
		return fmt.Errorf("voice send: %w", err)
	}
	s.st.sent.Add(1)
	return nil
}
