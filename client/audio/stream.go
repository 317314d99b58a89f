package audio

import (
	"fmt"
	"sync/atomic"
	"time"
)

// Stream is one incoming voice (one downstream slot): its jitter buffer and its decoder. The
// network goroutine pushes packets; the audio callback reads one decoded frame per tick.
type Stream struct {
	jb  *JitterBuffer
	dec Decoder // used by the reading goroutine only

	decodeErrors atomic.Int64
}

// NewStream returns a stream that decodes with dec.
func NewStream(dec Decoder, cfg JitterConfig) *Stream {
	return &Stream{jb: NewJitterBuffer(cfg), dec: dec}
}

// NewOpusStream returns a stream with an Opus decoder and the default jitter buffer.
func NewOpusStream() (*Stream, error) {
	dec, err := NewOpusDecoder()
	if err != nil {
		return nil, fmt.Errorf("voice stream: %w", err)
	}
	return NewStream(dec, DefaultJitter), nil
}

// Push adds a packet that arrived. Safe to call alongside ReadFrame.
func (s *Stream) Push(p Packet) { s.jb.Push(p) }

// ReadFrame fills pcm (FrameSamples samples) with this tick's audio: the next packet decoded, or
// a lost one concealed. It returns false, with pcm silent, when the stream has nothing to play.
// A packet that fails to decode is concealed and counted (Stats).
func (s *Stream) ReadFrame(pcm []int16, now time.Time) bool {
	f := s.jb.Pop(now)
	var n int
	var err error
	switch f.Status {
	case Silent:
		clear(pcm)
		return false
	case Play:
		n, err = s.dec.Decode(f.Payload, pcm)
		if err != nil {
			s.decodeErrors.Add(1)
			n, err = s.dec.Decode(nil, pcm)
		}
	case Lost:
		if f.Next != nil {
			n, err = s.dec.DecodeFEC(f.Next, pcm)
		}
		if f.Next == nil || err != nil { // no next packet, or a malformed one: plain concealment
			n, err = s.dec.Decode(nil, pcm)
		}
	}
	if err != nil {
		s.decodeErrors.Add(1)
		n = 0
	}
	clear(pcm[n:])
	return true
}

// StreamStats is the jitter buffer's counts and the packets that failed to decode.
type StreamStats struct {
	JitterStats
	DecodeErrors int
}

// Stats returns the counts so far.
func (s *Stream) Stats() StreamStats {
	return StreamStats{JitterStats: s.jb.Stats(), DecodeErrors: int(s.decodeErrors.Load())}
}

// Reset forgets the stream's position: the next packet starts it anew.
func (s *Stream) Reset() { s.jb.Reset() }
