package scene

import (
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/embassy-project/embassy/client/audio"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/platform"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/voice"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// VoiceConfig chooses the devices.
type VoiceConfig struct {
	Mic     string // microphone by name or id; "" for the system's default
	Speaker string // speaker (output) by name or id; "" for the system's default
	Log     *slog.Logger
}

// VoiceEngine carries the game's voice (session.VoiceEngine): client/voice for WebRTC, the
// platform's microphone and speaker, client/audio's uplink and mixer. Without a microphone it still
// listens; without a speaker it still talks; it says which is off. Where the WebRTC engine does
// the audio itself (the browser: voice.Media), it steers that instead of opening devices.
type VoiceEngine struct {
	cfg    VoiceConfig
	engine *voice.Engine
	media  voice.Media       // the engine's own audio, nil where Go plays and captures
	out    mixReader         // what the speaker plays: the current session's mix, else silence
	spk    *platform.Speaker // opened on first Start, kept for the game's life
	spkErr error

	sess   *voice.Call
	mixer  *audio.Mixer
	uplink *audio.Uplink
	micErr error
	open   atomic.Bool // the microphone is open (not muted, or push-to-talk held)
	wg     sync.WaitGroup
}

// NewVoiceEngine prepares voice; devices open when voice starts.
func NewVoiceEngine(cfg VoiceConfig) (*VoiceEngine, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	eng, err := voice.NewEngine(voice.EngineConfig{})
	if err != nil {
		return nil, err
	}
	return &VoiceEngine{cfg: cfg, engine: eng, media: eng.Media()}, nil
}

// Start implements session.VoiceEngine: voice on the connection snd.
func (e *VoiceEngine) Start(snd session.Sender) error {
	conn, ok := snd.(voice.Conn)
	if !ok {
		return errors.New(msg.T("this connection cannot carry voice"))
	}
	if e.media != nil {
		return e.startMedia(conn)
	}
	if e.spk == nil && e.spkErr == nil {
		e.spk, e.spkErr = platform.OpenSpeakerOn(e.cfg.Speaker, &e.out, 0)
		if e.spkErr != nil {
			e.cfg.Log.Info("voice output off", "err", e.spkErr)
		}
	}
	mic, micErr := platform.OpenMicrophone(e.cfg.Mic)
	if e.micErr = micErr; micErr != nil {
		e.cfg.Log.Info("voice input off", "err", micErr)
		if e.spkErr != nil {
			return errors.New(msg.T("no microphone and no speaker on this computer"))
		}
	}
	sess, err := voice.New(conn, voice.Config{Engine: e.engine, Playout: true})
	if err != nil {
		if mic != nil {
			mic.Close()
		}
		e.cfg.Log.Warn("voice session", "err", err)
		return errors.New(msg.T("voice could not start on this computer"))
	}
	streams := make([]audio.FrameSource, voice.Slots)
	for i := range streams {
		streams[i] = sess.Stream(i)
	}
	e.sess, e.mixer = sess, audio.NewMixer(streams...)
	e.out.set(e.mixer)
	if mic != nil {
		e.startMic(mic)
	}
	sess.Join()
	return nil
}

// startMedia starts voice where the engine captures and plays by itself.
func (e *VoiceEngine) startMedia(conn voice.Conn) error {
	sess, err := voice.New(conn, voice.Config{Engine: e.engine})
	if err != nil {
		e.cfg.Log.Warn("voice session", "err", err)
		return errors.New(msg.T("voice could not start on this computer"))
	}
	e.media.SetMicOpen(e.open.Load())
	e.sess = sess
	sess.Join()
	return nil
}

// startMic sends the microphone while voice runs.
func (e *VoiceEngine) startMic(mic audio.Capture) {
	enc, err := e.engine.NewEncoder(audio.DefaultOpus)
	if err != nil {
		mic.Close()
		e.micErr = err
		return
	}
	e.micErr = nil
	up := audio.NewUplink(mic, enc, audio.NewGate(audio.DefaultGate))
	up.SetMuted(!e.open.Load())
	e.uplink = up
	sess := e.sess
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		packet := make([]byte, audio.MaxPacketBytes)
		for {
			out, err := up.Next(packet)
			if err != nil {
				return // the microphone was closed (Stop) or failed
			}
			_, _ = sess.SendOutgoing(out)
		}
	}()
}

// Stop implements session.VoiceEngine.
func (e *VoiceEngine) Stop() {
	if e.sess == nil {
		return
	}
	e.out.set(nil)
	if e.uplink != nil {
		_ = e.uplink.Close() // ends the microphone goroutine
		e.uplink = nil
	}
	e.wg.Wait()
	_ = e.sess.Close()
	e.sess, e.mixer = nil, nil
}

// Handle implements session.VoiceEngine.
func (e *VoiceEngine) Handle(m *pb.ServerMessage) {
	if e.sess != nil {
		e.sess.Handle(m)
	}
}

// SetMicOpen implements session.VoiceEngine.
func (e *VoiceEngine) SetMicOpen(open bool) {
	e.open.Store(open)
	if e.media != nil {
		e.media.SetMicOpen(open)
	}
	if e.uplink != nil {
		e.uplink.SetMuted(!open)
	}
}

// SetSource implements session.VoiceEngine.
func (e *VoiceEngine) SetSource(i int, gain, pan float32) {
	if e.media != nil {
		e.media.SetSource(i, gain, pan)
	}
	if e.mixer != nil {
		e.mixer.SetSource(i, gain, pan)
	}
}

// Status implements session.VoiceEngine.
func (e *VoiceEngine) Status() (bool, string) {
	if e.sess == nil {
		return false, ""
	}
	st, reason := e.sess.State()
	switch {
	case reason != "":
		return st == voice.Connected, reason
	case e.media != nil:
		return st == voice.Connected, e.media.Problem()
	case e.micErr != nil:
		return st == voice.Connected, msg.T("listening only: %s", e.micErr.Error())
	case e.spkErr != nil:
		return st == voice.Connected, msg.T("talking only: %s", e.spkErr.Error())
	}
	return st == voice.Connected, ""
}

// mixReader is the speaker's stream: the current mix, or silence between sessions.
type mixReader struct {
	cur atomic.Pointer[audio.Mixer]
}

func (r *mixReader) set(m *audio.Mixer) { r.cur.Store(m) }

// Read implements io.Reader.
func (r *mixReader) Read(p []byte) (int, error) {
	if m := r.cur.Load(); m != nil {
		return m.Read(p)
	}
	n := len(p) &^ 3 // whole stereo frames; the player reads only to fill its buffer
	clear(p[:n])
	return n, nil
}

var _ io.Reader = (*mixReader)(nil)
