package audio

import (
	"encoding/binary"
	"io"
	"math"
	"sync"
	"testing"
	"time"
)

// toneSource is a FrameSource that always speaks a tone.
type toneSource struct{ *Tone }

func (s toneSource) ReadFrame(pcm []int16, _ time.Time) bool { _ = s.Tone.ReadFrame(pcm); return true }

// silentSource never has anything to play.
type silentSource struct{}

func (silentSource) ReadFrame(pcm []int16, _ time.Time) bool { clear(pcm); return false }

// channels splits stereo frames into left and right.
func channels(stereo []int16) (l, r []int16) {
	for i := 0; i+1 < len(stereo); i += 2 {
		l, r = append(l, stereo[i]), append(r, stereo[i+1])
	}
	return l, r
}

// mixFrames mixes n frames and returns the last.
func mixFrames(m *Mixer, n int) []int16 {
	out := make([]int16, 2*FrameSamples)
	for i := 0; i < n; i++ {
		m.Mix(out, at(i))
	}
	return out
}

func TestMixerPansAndGains(t *testing.T) {
	sine := 0.4 * 0.4 / 2 // power of the 0.4 sine the source speaks
	tests := []struct {
		name         string
		gain, pan    float32
		wantL, wantR float64 // power in each ear
	}{
		{"centre: 3 dB down in each ear", 1, 0, sine / 2, sine / 2},
		{"hard left", 1, -1, sine, 0},
		{"hard right", 1, 1, 0, sine},
		{"half right: equal power", 1, 0.5, sine * math.Pow(math.Cos(3*math.Pi/8), 2), sine * math.Pow(math.Sin(3*math.Pi/8), 2)},
		{"half gain", 0.5, 0, sine / 8, sine / 8},
		{"muted", 0, 0, 0, 0},
		{"out of range pan is clamped", 1, 7, 0, sine},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMixer(toneSource{NewTone(0.4, 500)})
			m.SetSource(0, tc.gain, tc.pan)
			l, r := channels(mixFrames(m, 2)) // the second frame: the ramp from silence is over
			for _, ear := range []struct {
				name string
				pcm  []int16
				want float64
			}{{"left", l, tc.wantL}, {"right", r, tc.wantR}} {
				got := MeanSquare(ear.pcm)
				if math.Abs(got-ear.want) > 0.02*sine {
					t.Errorf("%s ear power %.4f, want %.4f", ear.name, got, ear.want)
				}
			}
		})
	}
}

// Two people on either side: each ear hears its own speaker's frequency, not the other's.
func TestMixerPlacesTwoVoices(t *testing.T) {
	m := NewMixer(toneSource{NewTone(0.3, 400)}, silentSource{}, toneSource{NewTone(0.3, 900)})
	m.SetSource(0, DistanceGain(3, 20), Pan(-3, 0))
	m.SetSource(1, 1, 0)
	m.SetSource(2, DistanceGain(3, 20), Pan(3, 0.5))
	out := make([]int16, 2*FrameSamples)
	for i := 0; i < 3; i++ {
		if active := m.Mix(out, at(i)); active != 2 {
			t.Fatalf("%d sources active, want 2", active)
		}
	}
	l, r := channels(out)
	if !HasTone(l, 400, 900) {
		t.Errorf("left ear: 400 Hz %.3g, 900 Hz %.3g: want the left speaker alone", Power(l, 400), Power(l, 900))
	}
	if !HasTone(r, 900, 400) {
		t.Errorf("right ear: 900 Hz %.3g, 400 Hz %.3g: want the right speaker alone", Power(r, 900), Power(r, 400))
	}
}

// Nine loud voices at once are rounded off, never wrapped around.
func TestMixerSoftClips(t *testing.T) {
	var sources []FrameSource
	for i := 0; i < 9; i++ {
		sources = append(sources, toneSource{NewTone(1, 300)}) // all in phase: the worst case
	}
	m := NewMixer(sources...)
	for i := range sources {
		m.SetSource(i, 1, 0)
	}
	l, _ := channels(mixFrames(m, 2))
	in := make([]int16, FrameSamples)
	_ = NewTone(1, 300).ReadFrame(in)
	_ = NewTone(1, 300).ReadFrame(in) // the second frame, as mixed
	for i, v := range l {
		if (in[i] > 1000 && v <= 0) || (in[i] < -1000 && v >= 0) {
			t.Fatalf("sample %d: input %d mixed to %d: wrapped around", i, in[i], v)
		}
	}
	if peak := slicesMaxAbs(l); peak < 30000 {
		t.Errorf("peak %d: nine full-scale voices should come close to full scale", peak)
	}
	for _, x := range []float32{0, 0.5, softKnee, -softKnee, 0.9, 3, -100} {
		y := softClip(x)
		if math.Abs(float64(y)) > 1 || (x != 0 && (y > 0) != (x > 0)) || (math.Abs(float64(x)) <= softKnee && y != x) {
			t.Errorf("softClip(%v) = %v", x, y)
		}
	}
}

func slicesMaxAbs(s []int16) int {
	m := 0
	for _, v := range s {
		m = max(m, int(math.Abs(float64(v))))
	}
	return m
}

// A change of gain is ramped over a frame, not applied as a step.
func TestMixerRampsGain(t *testing.T) {
	m := NewMixer(toneSource{NewTone(0.5, 200)})
	m.SetSource(0, 1, -1)
	mixFrames(m, 2)
	m.SetSource(0, 0, -1)
	l, _ := channels(mixFrames(m, 1))
	first, last := MeanSquare(l[:100]), MeanSquare(l[len(l)-100:])
	if first < 0.05 || last > 0.001 {
		t.Errorf("after muting, power %.4f at the frame's start and %.4f at its end: want a fade from loud to silent", first, last)
	}
}

func TestDistanceGainAndPan(t *testing.T) {
	gains := []struct {
		d    float64
		want float32
	}{{0, 1}, {2, 1}, {4, 0.4938}, {10, 0.1605}, {19.9, 0.0011}, {20, 0}, {50, 0}}
	for _, g := range gains {
		if got := DistanceGain(g.d, 20); math.Abs(float64(got-g.want)) > 0.001 {
			t.Errorf("DistanceGain(%v m) = %.4f, want %.4f", g.d, got, g.want)
		}
	}
	for d := 2.0; d < 20; d += 0.5 {
		if DistanceGain(d+0.5, 20) >= DistanceGain(d, 20) {
			t.Errorf("gain does not fall between %v and %v m", d, d+0.5)
		}
	}
	pans := []struct {
		dx, dy float64
		want   float32
	}{{0, 0, 0}, {5, 0, 1}, {-5, 0, -1}, {0, 5, 0}, {3, 4, 0.6}, {0.5, 0, 0.5}, {-0.3, 0.4, -0.3}}
	for _, p := range pans {
		if got := Pan(p.dx, p.dy); math.Abs(float64(got-p.want)) > 1e-6 {
			t.Errorf("Pan(%v, %v) = %v, want %v", p.dx, p.dy, got, p.want)
		}
	}
}

// Read hands out the same stream as Mix, in whatever pieces the device asks for.
func TestMixerRead(t *testing.T) {
	a := NewMixer(toneSource{NewTone(0.5, 700)})
	b := NewMixer(toneSource{NewTone(0.5, 700)})
	a.SetSource(0, 1, 0.3)
	b.SetSource(0, 1, 0.3)
	var want []byte
	frame := make([]int16, 2*FrameSamples)
	for i := 0; i < 4; i++ {
		b.Mix(frame, at(i))
		for _, v := range frame {
			want = binary.LittleEndian.AppendUint16(want, uint16(v))
		}
	}
	var got []byte
	for _, size := range []int{1, 333, 4096, 7, 2000, len(want)} {
		buf := make([]byte, min(size, len(want)-len(got)))
		n, err := a.Read(buf)
		if n != len(buf) || err != nil {
			t.Fatalf("Read(%d bytes) = %d, %v", len(buf), n, err)
		}
		got = append(got, buf...)
		if len(got) == len(want) {
			break
		}
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("byte %d differs: Read is not the mix", i)
		}
	}
}

// The game places voices, the network pushes packets and the audio callback reads, all at once
// (run with -race).
func TestMixerConcurrentUse(t *testing.T) {
	packets := encodeTone(t, 100, 0.5, 440)
	var streams []*Stream
	var sources []FrameSource
	for i := 0; i < 3; i++ {
		s, err := NewOpusStream()
		if err != nil {
			t.Fatal(err)
		}
		streams = append(streams, s)
		sources = append(sources, s)
	}
	m := NewMixer(sources...)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // the game
		defer wg.Done()
		for i := 0; i < 1000; i++ {
			m.SetSource(i%3, float32(i%10)/10, float32(i%7)/7)
		}
	}()
	go func() { // the network
		defer wg.Done()
		now := time.Now()
		for i, p := range packets {
			for _, s := range streams {
				s.Push(Packet{Seq: uint16(i), TS: uint32(i * FrameSamples), Payload: p, Arrival: now})
			}
		}
	}()
	if _, err := io.ReadFull(m, make([]byte, 50*4*FrameSamples)); err != nil { // the audio callback
		t.Fatal(err)
	}
	wg.Wait()
}

// BenchmarkDecodeMix8 is the receiving side's CPU per 20 ms: eight speakers' packets pushed into
// their jitter buffers, popped, decoded and mixed into one stereo frame.
func BenchmarkDecodeMix8(b *testing.B) {
	const speakers = 8
	var streams []*Stream
	var sources []FrameSource
	var packets [][][]byte
	for i := 0; i < speakers; i++ {
		s, err := NewOpusStream()
		if err != nil {
			b.Fatal(err)
		}
		streams = append(streams, s)
		sources = append(sources, s)
		packets = append(packets, encodeTone(b, 50, 0.3, 300+100*float64(i)))
	}
	m := NewMixer(sources...)
	for i := range streams {
		m.SetSource(i, DistanceGain(float64(2+2*i), 20), Pan(float64(i-4), 1))
	}
	out := make([]int16, 2*FrameSamples)
	push := func(i int) {
		for j, s := range streams {
			s.Push(Packet{Seq: uint16(i), TS: uint32(i * FrameSamples), Payload: packets[j][i%50]})
		}
	}
	push(0)
	push(1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		push(i + 2)
		if m.Mix(out, at(i)) != speakers {
			b.Fatal("a speaker fell silent")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(FrameDuration.Nanoseconds())*100, "%core")
}
