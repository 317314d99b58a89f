//go:build (linux && !android) || freebsd || openbsd || netbsd || dragonfly

package platform

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jfreymuth/pulse"
	"github.com/jfreymuth/pulse/proto"

	"github.com/embassy-project/embassy/client/audio"
)

// Microphone capture on Linux and the BSDs goes through PulseAudio (or PipeWire's PulseAudio
// server) with github.com/jfreymuth/pulse, the pure-Go client Ebiten's own audio output uses.

const (
	// micFragment is how much audio PulseAudio hands over at a time: one frame.
	micFragment = float64(audio.FrameDuration) / float64(time.Second)
	// micMaxBuffered bounds what waits for the reader (200 ms): a reader that falls behind loses
	// the oldest audio rather than talking ever later.
	micMaxBuffered = audio.SampleRate / 5
)

// micStall is how long ReadFrame waits for audio before it says the microphone stopped. A
// PulseAudio sink that was idle may take 2 s to deliver its first audio (its monitor, at least).
var micStall = 5 * time.Second

// PulseMicrophone is an audio.Capture recording a PulseAudio source: 48 kHz mono, converted by
// the server from whatever the device delivers.
type PulseMicrophone struct {
	client *pulse.Client
	stream *pulse.RecordStream
	name   string
	closer sync.Once

	mu     sync.Mutex // guards buf and closed: PulseAudio's goroutine writes, ReadFrame reads
	buf    []int16    // recorded, not read yet
	closed bool
	wake   chan struct{} // signalled, without blocking, when samples arrive or the microphone closes
}

var _ audio.Capture = (*PulseMicrophone)(nil)

// OpenMicrophone starts recording from the source named name (its ID or its description, as
// ListMicrophones gives them; "" for the system's default input). Without PulseAudio, or without
// that source, it returns a *DeviceError that says voice input is off and why.
func OpenMicrophone(name string) (audio.Capture, error) {
	c, err := pulse.NewClient(pulse.ClientApplicationName("Embassy"))
	if err != nil {
		return nil, &DeviceError{Msg: "voice input is off: no audio device (PulseAudio is not running)", Cause: err}
	}
	src, err := findSource(c, name)
	if err != nil {
		c.Close()
		return nil, err
	}
	m := &PulseMicrophone{client: c, name: src.ID(), wake: make(chan struct{}, 1)}
	m.stream, err = c.NewRecord(pulse.Int16Writer(m.write), pulse.RecordMono, pulse.RecordSampleRate(audio.SampleRate),
		pulse.RecordLatency(micFragment), pulse.RecordSource(src), pulse.RecordMediaName("Embassy voice"))
	if err != nil {
		c.Close()
		return nil, &DeviceError{Msg: fmt.Sprintf("voice input is off: the microphone %q cannot record", src.ID()), Cause: err}
	}
	m.stream.Start()
	// jfreymuth/pulse v0.1.3 writes a record stream's state from Start and, when the server goes
	// away, from its reader goroutine, unsynchronised. A request after Start orders the two
	// (both sides take the client's reply lock), which keeps the race detector quiet for a real
	// reason.
	if err := m.ping(); err != nil {
		m.client.Close()
		return nil, &DeviceError{Msg: fmt.Sprintf("voice input is off: the microphone %q cannot record", src.ID()), Cause: err}
	}
	return m, nil
}

// ping makes a round trip to the server: nil while it is there.
func (m *PulseMicrophone) ping() error {
	return m.client.RawRequest(&proto.GetServerInfo{}, &proto.GetServerInfoReply{})
}

// findSource returns the source called name, or the default one.
func findSource(c *pulse.Client, name string) (*pulse.Source, error) {
	if name == "" {
		src, err := c.DefaultSource()
		if err != nil {
			return nil, &DeviceError{Msg: "voice input is off: no microphone", Cause: err}
		}
		return src, nil
	}
	sources, err := c.ListSources()
	if err != nil {
		return nil, &DeviceError{Msg: "voice input is off: the microphones cannot be listed", Cause: err}
	}
	if s, ok := byName(sources, name); ok {
		return s, nil
	}
	return nil, &DeviceError{Msg: fmt.Sprintf("voice input is off: no microphone named %q", name)}
}

// pulseDevice is a PulseAudio source or sink.
type pulseDevice interface {
	ID() string
	Name() string
}

// byName finds the device whose ID is name, or whose description is name in any case.
func byName[D pulseDevice](devices []D, name string) (D, bool) {
	for _, d := range devices {
		if d.ID() == name || strings.EqualFold(d.Name(), name) {
			return d, true
		}
	}
	var none D
	return none, false
}

// listDevices connects to PulseAudio and lists its sources or sinks (what says which) as
// AudioDevices.
func listDevices[D pulseDevice](what string, list func(*pulse.Client) ([]D, error)) ([]AudioDevice, error) {
	c, err := pulse.NewClient(pulse.ClientApplicationName("Embassy"))
	if err != nil {
		return nil, &DeviceError{Msg: "no audio device (PulseAudio is not running)", Cause: err}
	}
	defer c.Close()
	devices, err := list(c)
	if err != nil {
		return nil, &DeviceError{Msg: "the " + what + " cannot be listed", Cause: err}
	}
	out := make([]AudioDevice, len(devices))
	for i, d := range devices {
		out[i] = AudioDevice{ID: d.ID(), Name: d.Name()}
	}
	return out, nil
}

// ListMicrophones lists the sources OpenMicrophone can open, monitors of outputs included.
func ListMicrophones() ([]AudioDevice, error) {
	return listDevices("microphones", (*pulse.Client).ListSources)
}

// write takes recorded samples from PulseAudio's goroutine; it never blocks.
func (m *PulseMicrophone) write(pcm []int16) (int, error) {
	m.mu.Lock()
	if !m.closed {
		m.buf = append(m.buf, pcm...)
		if over := len(m.buf) - micMaxBuffered; over > 0 {
			m.buf = m.buf[:copy(m.buf, m.buf[over:])]
		}
	}
	m.mu.Unlock()
	m.signal()
	return len(pcm), nil
}

func (m *PulseMicrophone) signal() {
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// errMicClosed is ReadFrame's answer once Close was called.
var errMicClosed = errors.New("voice input is off: the microphone is closed")

// ReadFrame implements audio.Capture: it waits until len(pcm) samples have been recorded.
func (m *PulseMicrophone) ReadFrame(pcm []int16) error {
	var stall *time.Timer
	for {
		m.mu.Lock()
		if m.closed {
			m.mu.Unlock()
			return errMicClosed
		}
		if len(m.buf) >= len(pcm) {
			copy(pcm, m.buf)
			m.buf = m.buf[:copy(m.buf, m.buf[len(pcm):])]
			m.mu.Unlock()
			return nil
		}
		m.mu.Unlock()
		if stall == nil {
			stall = time.NewTimer(micStall)
			defer stall.Stop()
		}
		select {
		case <-m.wake:
		case <-stall.C:
			return &DeviceError{Msg: fmt.Sprintf("voice input is off: the microphone %q stopped sending audio", m.name)}
		}
	}
}

// Name is the PulseAudio name of the source being recorded.
func (m *PulseMicrophone) Name() string { return m.name }

// Close implements audio.Capture: it stops recording and wakes a waiting ReadFrame.
func (m *PulseMicrophone) Close() error {
	m.closer.Do(func() {
		m.mu.Lock()
		m.closed = true
		m.mu.Unlock()
		m.signal()
		// With the server gone the library has already dropped the stream (and closing it would
		// read the state its reader goroutine wrote, unsynchronised): close only the client.
		if m.ping() == nil {
			m.stream.Close()
		}
		m.client.Close()
	})
	return nil
}
