package audio

import (
	"fmt"
	"sync/atomic"
)

// Outgoing is one frame of the microphone, ready for the network.
type Outgoing struct {
	// Payload is the Opus packet to send; empty when nothing is sent for this frame (the gate is
	// closed, or the microphone is muted). The RTP sequence number advances only with a packet.
	Payload []byte
	// Level is the frame's RFC 6464 audio level (SilentLevel when muted), for the header extension.
	Level uint8
	// Voice is RFC 6464's V flag: the frame is voice, not the gate's hangover.
	Voice bool
	// Frame counts the frames read since the uplink began, sent or not: the RTP timestamp of this
	// frame is the stream's first timestamp plus Frame*FrameSamples, so a pause shows in it.
	Frame uint64
}

// Uplink is the sending half of voice: it reads the microphone a frame at a time, measures the
// level, lets the gate keep silence off the wire, and encodes what is sent. One goroutine reads
// it (Next); SetMuted may be called from any.
type Uplink struct {
	mic   Capture
	enc   Encoder
	gate  *Gate
	pcm   []int16
	frame uint64
	muted atomic.Bool
}

// NewUplink returns an uplink reading mic, gating with gate and encoding with enc.
func NewUplink(mic Capture, enc Encoder, gate *Gate) *Uplink {
	return &Uplink{mic: mic, enc: enc, gate: gate, pcm: make([]int16, FrameSamples)}
}

// Next waits for the next frame of the microphone and returns it, encoded into packet (which must
// hold MaxPacketBytes) if it is to be sent.
func (u *Uplink) Next(packet []byte) (Outgoing, error) {
	if err := u.mic.ReadFrame(u.pcm); err != nil {
		return Outgoing{}, err
	}
	out := Outgoing{Level: SilentLevel, Frame: u.frame}
	u.frame++
	if u.muted.Load() { // the device is still read, so unmuting does not send stale audio
		u.gate.Close()
		return out, nil
	}
	out.Level = Level(u.pcm)
	send, voice := u.gate.Open(out.Level)
	if !send {
		return out, nil
	}
	n, err := u.enc.Encode(u.pcm, packet)
	if err != nil {
		return out, fmt.Errorf("voice uplink: %w", err)
	}
	out.Payload, out.Voice = packet[:n], voice
	return out, nil
}

// SetMuted stops (or resumes) sending: self-mute, and push-to-talk released (or held).
func (u *Uplink) SetMuted(muted bool) { u.muted.Store(muted) }

// Muted reports whether the uplink is muted.
func (u *Uplink) Muted() bool { return u.muted.Load() }

// Close closes the microphone.
func (u *Uplink) Close() error { return u.mic.Close() }
