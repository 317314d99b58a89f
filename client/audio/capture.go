package audio

// Capture is a microphone: 48 kHz mono PCM, one frame at a time. client/platform implements it
// for PulseAudio (and will for the browser); Tone is a synthetic one for tests and bots.
type Capture interface {
	// ReadFrame fills pcm with the next len(pcm) samples, waiting for the device as needed. A
	// device that is gone or stalled returns an error, which says in words why voice input is off.
	ReadFrame(pcm []int16) error
	// Close releases the device; a ReadFrame waiting on it returns.
	Close() error
}
