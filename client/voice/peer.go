package voice

// EngineConfig shapes the WebRTC engine. The zero value suits a person's client: every interface,
// full ICE, NACK and RTCP reports.
type EngineConfig struct {
	// Loopback gathers candidates on the loopback interface only, over UDP/IPv4: the client and the
	// server share a machine (bots, tests). Each connection then has one candidate and one socket.
	Loopback bool
	// Lite makes the client an ICE-lite agent: it answers the server's connectivity checks and
	// sends none. Lighter for bots; a client behind a NAT needs full ICE.
	Lite bool
	// NoFeedback leaves out NACK retransmissions and RTCP reports: bots measure the raw loss.
	NoFeedback bool
	// Net replaces the operating system's network (tests: a pion vnet.Net); nil for the real one.
	// It must be a github.com/pion/transport/v5 Net.
	Net any
}

// peer is one WebRTC connection to the SFU (rtc.go). Its methods are called from the session's
// goroutine, except writeAudio (the sender's).
type peer interface {
	// answer applies the server's offer, puts the microphone on its first audio m-line and
	// returns the SDP answer. Candidates trickle out through onCandidate afterwards.
	answer(offer string) (string, error)
	// addCandidate adds one of the server's candidates (JSON RTCIceCandidateInit).
	addCandidate(c string) error
	// writeAudio sends one Opus packet with its RTP timestamp, audio level and voice flag.
	writeAudio(payload []byte, ts uint32, level uint8, voice, marker bool) error
	// close ends the connection and waits for its goroutines.
	close()
}

// peerEvents is how a connection reports back; the Call is one.
type peerEvents interface {
	onCandidate(p peer, c string)
	onConnected(p peer, ok bool)
	stream(slot int) *rxStream
}
