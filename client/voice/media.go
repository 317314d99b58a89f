package voice

// Media is the audio of an engine that captures and plays by itself: the browser's, where the
// microphone comes from getUserMedia and goes straight into the RTCPeerConnection, and every slot
// plays through Web Audio. No PCM passes through Go there, so the game cannot use the Call's
// Stream and Send; it steers this instead, with the same gains and pans it gives the desktop's
// mixer. Engine.Media returns nil where Go does the audio itself (pion: every other platform).
type Media interface {
	// SetMicOpen opens or closes the microphone (self-mute, push-to-talk): closed, nothing of it
	// is heard.
	SetMicOpen(open bool)
	// SetSource sets how loud slot i plays (0 is silent, 1 full) and where it sits between the
	// ears (-1 left, 1 right), as audio.Mixer.SetSource does.
	SetSource(i int, gain, pan float32)
	// Problem says what keeps voice from working fully (no microphone allowed, sound waiting for
	// a click), or "" when nothing does.
	Problem() string
}
