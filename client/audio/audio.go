// Package audio is the client's voice path between a microphone and the network and between the
// network and the ear, without the network itself: Opus encoding and decoding, the gate that keeps
// silence off the wire, the RFC 6464 audio level, a jitter buffer per incoming stream, the mixer
// that places each voice by distance and direction, and the test tools (a tone generator and a
// Goertzel detector) that tests and bots share.
//
// It knows no platform: no ebiten, no os, no build tags, so it builds for the browser too. Devices
// come in through the Capture interface (implemented in client/platform) and playback goes out as
// an io.Reader of the mixer's stereo PCM (handed to Ebiten's audio by client/platform). WebRTC
// (PeerConnections, RTP, signalling) is client/voice's.
//
// Audio is 48 kHz. A frame is 20 ms: FrameSamples mono int16 samples in, FrameSamples stereo pairs
// out of the mixer.
package audio

import "time"

const (
	// SampleRate is the rate of every PCM buffer and Opus stream here, in Hz.
	SampleRate = 48000
	// FrameDuration is the length of one frame: one Opus packet, one playout tick.
	FrameDuration = 20 * time.Millisecond
	// FrameSamples is the number of samples per channel in one frame.
	FrameSamples = SampleRate / 50
	// MaxPacketBytes bounds one encoded frame; 32 kbit/s gives about 80 bytes.
	MaxPacketBytes = 1275
)
