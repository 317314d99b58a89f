package audio

import (
	"encoding/binary"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"
)

var epoch = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// at is the time of playout tick i.
func at(i int) time.Time { return epoch.Add(time.Duration(i) * FrameDuration) }

// payload carries its sequence number, so a test can tell which packet it got.
func payload(seq uint16) []byte { return binary.BigEndian.AppendUint16([]byte{0xfc}, seq) }

func packet(seq uint16, ts uint32, arrival time.Time) Packet {
	return Packet{Seq: seq, TS: ts, Payload: payload(seq), Arrival: arrival}
}

// show writes a frame as the tables below expect it: "-" silent, "N" play N, "xN" conceal N,
// "xN+" conceal N with the next packet at hand for FEC.
func show(t *testing.T, f Frame) string {
	t.Helper()
	switch f.Status {
	case Silent:
		return "-"
	case Play:
		if got := binary.BigEndian.Uint16(f.Payload[1:]); got != f.Seq {
			t.Fatalf("frame says seq %d but carries packet %d", f.Seq, got)
		}
		return fmt.Sprint(f.Seq)
	case Lost:
		if f.Next != nil {
			if got := binary.BigEndian.Uint16(f.Next[1:]); got != f.Seq+1 {
				t.Fatalf("lost frame %d offers packet %d as the next one", f.Seq, got)
			}
			return fmt.Sprintf("x%d+", f.Seq)
		}
		return fmt.Sprintf("x%d", f.Seq)
	}
	t.Fatalf("unknown status %d", f.Status)
	return ""
}

// arrival is one packet reaching the buffer during a tick.
type arrival struct {
	seq uint16
	ts  uint32 // 0: seq * FrameSamples
	ms  int    // arrival, ms after the tick's start (the pop comes at the tick's start)
}

// ticks builds a schedule: the packets given arrive in tick i (by default just after the pop).
func inOrder(from, to uint16, firstTick int) map[int][]arrival {
	s := map[int][]arrival{}
	for seq, i := from, firstTick; ; seq, i = seq+1, i+1 {
		s[i] = append(s[i], arrival{seq: seq, ms: 1})
		if seq == to {
			return s
		}
	}
}

func merge(ss ...map[int][]arrival) map[int][]arrival {
	out := map[int][]arrival{}
	for _, s := range ss {
		for i, a := range s {
			out[i] = append(out[i], a...)
		}
	}
	return out
}

// play runs n ticks: each tick pops one frame, then the tick's packets arrive.
func play(t *testing.T, b *JitterBuffer, schedule map[int][]arrival, n int) string {
	t.Helper()
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, show(t, b.Pop(at(i))))
		for _, a := range schedule[i] {
			ts := a.ts
			if ts == 0 {
				ts = uint32(a.seq) * FrameSamples
			}
			b.Push(packet(a.seq, ts, at(i).Add(time.Duration(a.ms)*time.Millisecond)))
		}
	}
	return strings.Join(out, " ")
}

func TestJitterBuffer(t *testing.T) {
	tests := []struct {
		name     string
		schedule map[int][]arrival
		ticks    int
		want     string
		stats    JitterStats // the counts checked; Jitter and Target are not
	}{
		{
			name:     "in order: starts after 40 ms",
			schedule: inOrder(1, 6, 0),
			ticks:    8,
			want:     "- - 1 2 3 4 5 6",
			stats:    JitterStats{Received: 6},
		},
		{
			name:     "a lone packet plays once it has waited the target",
			schedule: map[int][]arrival{0: {{seq: 9, ms: 1}}},
			ticks:    8,
			want:     "- - - 9 x10 x10 x10 -",
			stats:    JitterStats{Received: 1, Concealed: 3},
		},
		{
			name: "reordered",
			schedule: map[int][]arrival{
				0: {{seq: 1, ms: 1}}, 1: {{seq: 3, ms: 1}, {seq: 2, ms: 5}}, 2: {{seq: 5, ms: 1}}, 3: {{seq: 4, ms: 2}}, 4: {{seq: 6, ms: 1}},
			},
			ticks: 8,
			want:  "- - 1 2 3 4 5 6",
			stats: JitterStats{Received: 6},
		},
		{
			name:     "reordered before playout began",
			schedule: map[int][]arrival{0: {{seq: 2, ms: 1}, {seq: 1, ms: 3}}, 1: {{seq: 3, ms: 1}}},
			ticks:    5,
			want:     "- 1 2 3 x4",
			stats:    JitterStats{Received: 3, Concealed: 1},
		},
		{
			name:     "duplicates",
			schedule: merge(inOrder(1, 5, 0), map[int][]arrival{1: {{seq: 2, ms: 9}}, 4: {{seq: 3, ms: 9}}}),
			ticks:    7,
			want:     "- - 1 2 3 4 5",
			stats:    JitterStats{Received: 7, Duplicates: 1, Late: 1},
		},
		{
			name:     "a lost packet is concealed, with the next one for FEC",
			schedule: merge(inOrder(1, 3, 0), inOrder(5, 8, 4)),
			ticks:    9,
			want:     "- - 1 2 3 x4+ 5 6 7",
			stats:    JitterStats{Received: 7, Lost: 1, Concealed: 1},
		},
		{
			name:     "two lost in a row",
			schedule: merge(inOrder(1, 3, 0), inOrder(6, 9, 5)),
			ticks:    10,
			want:     "- - 1 2 3 x4 x5+ 6 7 8",
			stats:    JitterStats{Received: 7, Lost: 2, Concealed: 2},
		},
		{
			name:     "sequence numbers wrap",
			schedule: inOrder(65533, 2, 0),
			ticks:    8,
			want:     "- - 65533 65534 65535 0 1 2",
			stats:    JitterStats{Received: 6},
		},
		{
			name: "a late packet is concealed, then dropped when it comes",
			schedule: merge(inOrder(1, 3, 0), inOrder(5, 8, 4),
				map[int][]arrival{5: {{seq: 4, ms: 2}}}),
			ticks: 9,
			want:  "- - 1 2 3 x4+ 5 6 7",
			stats: JitterStats{Received: 8, Lost: 1, Concealed: 1, Late: 1},
		},
		{
			name: "a packet late but within the underrun still plays (the delay grows)",
			schedule: merge(inOrder(1, 3, 0),
				map[int][]arrival{5: {{seq: 4, ms: 2}}, 6: {{seq: 5, ms: 1}}, 7: {{seq: 6, ms: 1}}}),
			ticks: 9,
			want:  "- - 1 2 3 x4 4 5 6",
			stats: JitterStats{Received: 6, Concealed: 1},
		},
		{
			name: "a pause (the gate closed): conceal 60 ms, then silence; the next spurt refills",
			schedule: merge(inOrder(1, 3, 0),
				map[int][]arrival{ // the speaker is back 400 ms later: next seq, later timestamp
					20: {{seq: 4, ts: 24 * FrameSamples, ms: 1}}, 21: {{seq: 5, ts: 25 * FrameSamples, ms: 1}},
					22: {{seq: 6, ts: 26 * FrameSamples, ms: 1}},
				}),
			ticks: 25,
			want:  "- - 1 2 3 x4 x4 x4 - - - - - - - - - - - - - - 4 5 6",
			stats: JitterStats{Received: 6, Concealed: 3},
		},
		{
			name: "the first packet of the next spurt is lost",
			schedule: merge(inOrder(1, 3, 0),
				map[int][]arrival{10: {{seq: 5, ts: 15 * FrameSamples, ms: 1}}, 11: {{seq: 6, ts: 16 * FrameSamples, ms: 1}}}),
			ticks: 14,
			want:  "- - 1 2 3 x4 x4 x4 - - - - 5 6",
			stats: JitterStats{Received: 5, Lost: 1, Concealed: 3},
		},
		{
			name: "the slot switches speaker, sequence numbers and timestamps continuous",
			schedule: merge(inOrder(1, 4, 0),
				map[int][]arrival{4: {{seq: 5, ms: 1}}, 5: {{seq: 6, ms: 1}}, 6: {{seq: 7, ms: 1}}}),
			ticks: 9,
			want:  "- - 1 2 3 4 5 6 7",
			stats: JitterStats{Received: 7},
		},
		{
			name: "the timestamps jump but sequence numbers do not: playout goes on",
			schedule: merge(inOrder(1, 4, 0),
				map[int][]arrival{4: {{seq: 5, ts: 1 << 30, ms: 1}}, 5: {{seq: 6, ts: 1<<30 + FrameSamples, ms: 1}}}),
			ticks: 8,
			want:  "- - 1 2 3 4 5 6",
			stats: JitterStats{Received: 6},
		},
		{
			name: "the sequence numbers jump: the buffer starts over",
			schedule: merge(inOrder(1, 4, 0),
				map[int][]arrival{4: {{seq: 30000, ms: 1}}, 5: {{seq: 30001, ms: 1}}, 6: {{seq: 30002, ms: 1}}, 7: {{seq: 30003, ms: 1}}}),
			ticks: 10,
			want:  "- - 1 2 3 4 30000 30001 30002 30003",
			stats: JitterStats{Received: 8, Resyncs: 1},
		},
		{
			name: "the sequence numbers jump backwards: the buffer starts over",
			schedule: merge(inOrder(5000, 5003, 0),
				map[int][]arrival{4: {{seq: 7, ms: 1}}, 5: {{seq: 8, ms: 1}}, 6: {{seq: 9, ms: 1}}}),
			ticks: 9,
			want:  "- - 5000 5001 5002 5003 7 8 9",
			stats: JitterStats{Received: 7, Resyncs: 1},
		},
		{
			name:     "one stray packet far away changes nothing",
			schedule: merge(inOrder(1, 6, 0), map[int][]arrival{2: {{seq: 40000, ms: 5}}}),
			ticks:    8,
			want:     "- - 1 2 3 4 5 6",
			stats:    JitterStats{Received: 7},
		},
		{
			// The stall also raises the jitter estimate, so the target goes to 80 ms (4 frames).
			name: "a burst after a stall: the excess delay is dropped",
			schedule: merge(inOrder(1, 3, 0), func() map[int][]arrival {
				s := map[int][]arrival{}
				for seq := uint16(4); seq <= 15; seq++ {
					s[12] = append(s[12], arrival{seq: seq, ms: 1})
				}
				return s
			}()),
			ticks: 16,
			want:  "- - 1 2 3 x4 x4 x4 - - - - - 12 13 14",
			stats: JitterStats{Received: 15, Concealed: 3, Dropped: 8},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := NewJitterBuffer(DefaultJitter)
			if got := play(t, b, tc.schedule, tc.ticks); got != tc.want {
				t.Errorf("playout\n got: %s\nwant: %s", got, tc.want)
			}
			got := b.Stats()
			got.Jitter, got.Target = 0, 0
			if got != tc.stats {
				t.Errorf("stats\n got: %+v\nwant: %+v", got, tc.stats)
			}
		})
	}
}

// The target delay follows the measured jitter: 40 ms on a clean network, up to 80 ms.
func TestJitterBufferAdapts(t *testing.T) {
	tests := []struct {
		name       string
		jitter     time.Duration // packets arrive up to this much late, at random
		minT, maxT time.Duration
	}{
		{"clean", 0, 40 * time.Millisecond, 40 * time.Millisecond},
		{"10 ms", 10 * time.Millisecond, 40 * time.Millisecond, 60 * time.Millisecond},
		{"30 ms", 30 * time.Millisecond, 60 * time.Millisecond, 80 * time.Millisecond},
		{"200 ms", 200 * time.Millisecond, 80 * time.Millisecond, 80 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewSource(1))
			b := NewJitterBuffer(DefaultJitter)
			type pending struct {
				p  Packet
				at time.Time
			}
			var queue []pending
			played := 0
			for i := 0; i < 500; i++ {
				delay := time.Duration(0)
				if tc.jitter > 0 {
					delay = time.Duration(rng.Int63n(int64(tc.jitter)))
				}
				arrive := at(i).Add(delay)
				queue = append(queue, pending{packet(uint16(i), uint32(i*FrameSamples), arrive), arrive})
				now := at(i)
				rest := queue[:0]
				for _, q := range queue {
					if !q.at.After(now) {
						b.Push(q.p)
					} else {
						rest = append(rest, q)
					}
				}
				queue = rest
				if b.Pop(now).Status == Play {
					played++
				}
			}
			s := b.Stats()
			if s.Target < tc.minT || s.Target > tc.maxT {
				t.Errorf("target delay %v with jitter %v (estimated %v), want %v..%v", s.Target, tc.jitter, s.Jitter, tc.minT, tc.maxT)
			}
			if tc.jitter <= 30*time.Millisecond && played < 450 {
				t.Errorf("played %d of 500 frames with %v jitter: %+v", played, tc.jitter, s)
			}
		})
	}
}

// FuzzJitterBuffer feeds any sequence of pushes and pops and checks what must always hold: no
// panic, every played frame is the packet of that sequence number, played sequence numbers only
// go forward between resyncs, and the buffer's count matches its contents.
func FuzzJitterBuffer(f *testing.F) {
	f.Add([]byte{0, 1, 0, 2, 0, 3, 1, 1, 1, 1, 0, 5, 1, 1, 1, 1, 1, 1, 1})
	f.Add([]byte{0, 0xff, 0, 0xfe, 1, 0, 0, 1, 1, 0x80, 0x40, 1, 0x80, 0x41, 1, 1, 1, 1})
	f.Add([]byte{2, 9, 2, 9, 2, 9, 1, 1, 1, 1, 1, 3, 3, 3, 0, 10})
	f.Fuzz(func(t *testing.T, ops []byte) {
		b := NewJitterBuffer(DefaultJitter)
		var seq uint16
		tick := 0
		var lastPlayed int64 = -1
		resyncs := 0
		for i := 0; i < len(ops); i++ {
			switch op := ops[i] % 4; op {
			case 0, 2: // push: the next byte moves the sequence number
				step := uint16(1)
				if i+1 < len(ops) {
					i++
					step = uint16(int8(ops[i]))
					if op == 2 {
						step <<= 8
					}
				}
				seq += step
				b.Push(packet(seq, uint32(seq)*FrameSamples, at(tick).Add(time.Duration(ops[i]%40)*time.Millisecond)))
			case 1: // a playout tick
				f := b.Pop(at(tick))
				tick++
				if s := b.Stats(); s.Resyncs != resyncs {
					resyncs, lastPlayed = s.Resyncs, -1
				}
				if f.Status == Play {
					if got := binary.BigEndian.Uint16(f.Payload[1:]); got != f.Seq {
						t.Fatalf("frame %d carries packet %d", f.Seq, got)
					}
					played := int64(f.Seq) + 1<<20
					if lastPlayed >= 0 {
						played = unwrap(f.Seq, lastPlayed)
					}
					if lastPlayed >= 0 && played <= lastPlayed {
						t.Fatalf("played %d after %d", played, lastPlayed)
					}
					lastPlayed = played
				}
			case 3:
				if ops[i]%16 == 3 {
					b.Reset()
					lastPlayed = -1
				}
			}
			b.mu.Lock()
			n := 0
			for _, e := range b.ring {
				if e.payload != nil {
					n++
				}
			}
			if n != b.count {
				b.mu.Unlock()
				t.Fatalf("count %d, but %d packets in the ring", b.count, n)
			}
			b.mu.Unlock()
		}
	})
}
