// Package pulsetest starts a private PulseAudio daemon for tests: its own process, socket, home and
// runtime directories, and one null sink (Sink, 48 kHz stereo) whose monitor (Monitor) is a
// capture source. What is played into the sink comes out of its monitor, in real time, with no
// sound hardware. Several tests (the client's audio devices, voice end to end, the desktop client)
// use it. It must not be imported by non-test code.
//
// If pulseaudio is not on PATH the test is skipped, loudly; when the environment variable CI is
// set, it fails instead (see realpart).
//
// Under load a real-time daemon drops out now and then: tests should look for the tone they
// expect somewhere in what they capture, not count samples.
package pulsetest

import (
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jfreymuth/pulse"
	"github.com/jfreymuth/pulse/proto"

	"github.com/embassy-project/embassy/internal/realpart"
)

// The null sink and its monitor.
const (
	Sink    = "null"
	Monitor = "null.monitor"
)

const (
	startTimeout = 10 * time.Second
	stopTimeout  = 5 * time.Second
)

// Server is one pulseaudio daemon owned by a test.
type Server struct {
	dir  string
	cmd  *exec.Cmd
	done chan struct{} // closed when the daemon has exited
}

// Start runs a daemon and returns once it accepts clients. It is stopped when t ends. Point a
// client at it with Setenv (this process) or Env (a child process).
func Start(t testing.TB) *Server {
	t.Helper()
	bin := realpart.Command(t, "pulseaudio", "pulseaudio")
	// A short directory: the socket path must fit in 108 bytes, and t.TempDir's can be long.
	dir, err := os.MkdirTemp("", "pulse")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	s := &Server{dir: dir, done: make(chan struct{})}
	s.cmd = exec.Command(bin, "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
		"--log-target=stderr", "--disable-shm=yes",
		"--load=module-native-protocol-unix auth-anonymous=1 socket="+s.socket(),
		"--load=module-null-sink sink_name="+Sink+" rate=48000 channels=2")
	s.cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_RUNTIME_DIR="+dir, "XDG_CONFIG_HOME="+dir)
	logFile, err := os.Create(s.logPath())
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close() // the daemon has its own copy
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start pulseaudio: %v", err)
	}
	go func() { _ = s.cmd.Wait(); close(s.done) }()
	t.Cleanup(s.Stop)

	deadline := time.Now().Add(startTimeout)
	for {
		select {
		case <-s.done:
			t.Fatalf("pulseaudio exited during start-up: %s", s.output())
		default:
		}
		c, err := pulse.NewClient(pulse.ClientServerString(s.Address()))
		if err == nil {
			_, err = c.SinkByID(Sink)
			c.Close()
			if err == nil {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("pulseaudio did not accept clients within %v (%v): %s", startTimeout, err, s.output())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *Server) socket() string { return filepath.Join(s.dir, "native") }

func (s *Server) logPath() string { return filepath.Join(s.dir, "log") }

// Address is the server string: unix:PATH.
func (s *Server) Address() string { return "unix:" + s.socket() }

// Env is what a child process needs in its environment to use the daemon.
func (s *Server) Env() []string { return []string{"PULSE_SERVER=" + s.Address()} }

// Setenv points this process's PulseAudio clients at the daemon until t ends.
func (s *Server) Setenv(t *testing.T) { t.Setenv("PULSE_SERVER", s.Address()) }

// PlayTone plays a sine of freq Hz at amplitude (0..1 of full scale) into the sink, mono at
// 48 kHz, until t ends. Like Play, it returns before the sound starts.
func (s *Server) PlayTone(t testing.TB, freq, amplitude float64) {
	t.Helper()
	n := 0
	s.Play(t, func(pcm []int16) {
		for i := range pcm {
			pcm[i] = int16(amplitude * 32767 * math.Sin(2*math.Pi*freq*float64(n)/48000))
			n++
		}
	})
}

// Play plays what fill writes (mono, 48 kHz) into the sink until t ends. It plays through pacat
// (pulseaudio-utils, which pulseaudio depends on), another process, so that a benchmark of this
// process counts only its own work; fill runs on a goroutine of this process, paced by pacat. It
// returns at once; the null sink starts playing about 2 s later.
func (s *Server) Play(t testing.TB, fill func(pcm []int16)) {
	t.Helper()
	bin := realpart.Command(t, "pacat", "pulseaudio-utils")
	cmd := exec.Command(bin, "--playback", "--raw", "--server="+s.Address(), "--device="+Sink,
		"--format=s16le", "--rate=48000", "--channels=1", "--latency-msec=50", "--client-name=pulsetest")
	cmd.Env = append(os.Environ(), "HOME="+s.dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("pulsetest: start pacat: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	fed := make(chan struct{})
	go func() { // ends when pacat stops reading: stdin closed or pacat gone
		defer close(fed)
		pcm := make([]int16, 960)
		buf := make([]byte, 2*len(pcm))
		for {
			fill(pcm)
			for i, v := range pcm {
				binary.LittleEndian.PutUint16(buf[2*i:], uint16(v))
			}
			if _, err := stdin.Write(buf); err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		stdin.Close()
		<-fed
	})
}

// AddSink adds another null sink called name (48 kHz stereo; its monitor is name+".monitor"),
// which stays second to Sink as the default.
func (s *Server) AddSink(t testing.TB, name string) {
	t.Helper()
	c, err := pulse.NewClient(pulse.ClientServerString(s.Address()))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var reply proto.LoadModuleReply
	if err := c.RawRequest(&proto.LoadModule{Name: "module-null-sink", Args: "sink_name=" + name + " rate=48000 channels=2"}, &reply); err != nil {
		t.Fatalf("pulsetest: add the sink %s: %v", name, err)
	}
}

// Stop ends the daemon with SIGTERM, or SIGKILL if it lingers, as when t ends; tests call it to
// take the audio device away. Stopping a stopped daemon does nothing.
func (s *Server) Stop() {
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(stopTimeout):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// output returns the last lines the daemon wrote, without the warnings every start gives.
func (s *Server) output() string {
	log, _ := os.ReadFile(s.logPath())
	var lines []string
	for _, l := range strings.Split(string(log), "\n") {
		if strings.HasPrefix(l, "W: ") || strings.TrimSpace(l) == "" {
			continue
		}
		lines = append(lines, l)
	}
	out := strings.Join(lines, "\n")
	if len(out) > 2000 {
		out = "..." + out[len(out)-2000:]
	}
	return out
}
