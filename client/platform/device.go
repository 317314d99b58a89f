package platform

// DeviceError says why voice input or output is off, in words a person can read (Error), and
// keeps the cause for the log (Unwrap). The game shows Error() as it is.
type DeviceError struct {
	Msg   string // "voice output is off: no audio device"
	Cause error  // what the platform said, for the log; may be nil
}

func (e *DeviceError) Error() string { return e.Msg }

// Unwrap returns the cause.
func (e *DeviceError) Unwrap() error { return e.Cause }

// AudioDevice is a microphone or speaker the client can open by name.
type AudioDevice struct {
	ID   string // what OpenMicrophone (OpenSpeakerOn) takes: the system's unique name ("alsa_input.usb-...")
	Name string // a description for people ("Blue Yeti Analog Stereo"); they take it too
}
