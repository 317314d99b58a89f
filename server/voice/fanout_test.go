package voice

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pion/rtp"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// recorder is a slot's track that keeps the sequence numbers written to it.
type recorder struct {
	mu  sync.Mutex
	seq []uint16
}

func (r *recorder) WriteRTP(p *rtp.Packet) error {
	r.mu.Lock()
	r.seq = append(r.seq, p.SequenceNumber)
	r.mu.Unlock()
	return nil
}

func (r *recorder) written() []uint16 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]uint16(nil), r.seq...)
}

// value reads a counter's or a histogram's count.
func value(t *testing.T, c prometheus.Metric) float64 {
	t.Helper()
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		t.Fatal(err)
	}
	if h := m.GetHistogram(); h != nil {
		return float64(h.GetSampleCount())
	}
	return m.GetCounter().GetValue()
}

// Spread over shards, every listener still gets every packet of its speakers, each slot's stream in
// order and continuous, and the SFU's time is recorded once per packet (at its last write), not once
// per shard, and once per listener's copy.
func TestFanoutKeepsEachSlotInOrder(t *testing.T) {
	m := newMetrics(nil)
	f := newFanout(m, 3)
	stop, _ := f.run(0)
	const listeners, packets = 10, 500
	var recs []*recorder
	a, b := f.newList(), f.newList() // two speakers: every listener hears A on slot 0, half hear B on slot 1
	for i := range listeners {
		shard := f.shard()
		ra, rb := &recorder{}, &recorder{}
		recs = append(recs, ra, rb)
		a.add(shard, &slotOut{index: 0, track: ra})
		if i%2 == 0 {
			b.add(shard, &slotOut{index: 1, track: rb})
		}
	}
	now := time.Now()
	var wg sync.WaitGroup
	for k, list := range []*fanList{a, b} {
		wg.Add(1)
		go func() { // each speaker's own read goroutine
			defer wg.Done()
			for i := range packets {
				pkt := &rtp.Packet{Header: rtp.Header{SSRC: uint32(k + 1), SequenceNumber: uint16(60000 + i), Timestamp: uint32(i) * 960}}
				f.send(pkt, now, list)
			}
		}()
	}
	wg.Wait()
	eventually(t, "every packet timed", func() bool { return value(t, m.latency) == 2*packets })
	stop()
	for i, r := range recs {
		got := r.written()
		if i%4 == 3 { // listener i/2 odd: no slot for B
			if len(got) != 0 {
				t.Fatalf("slot %d: %d packets from a speaker it was not given", i, len(got))
			}
			continue
		}
		if len(got) != packets {
			t.Fatalf("slot %d: %d packets, want %d", i, len(got), packets)
		}
		for k := 1; k < len(got); k++ {
			if got[k] != got[k-1]+1 {
				t.Fatalf("slot %d: packet %d has seq %d after %d", i, k, got[k], got[k-1])
			}
		}
	}
	if n := value(t, m.forwarded); n != packets*(listeners+listeners/2) {
		t.Fatalf("forwarded %v packets, want %d", n, packets*(listeners+listeners/2))
	}
	if n := value(t, m.delivery); n != packets*(listeners+listeners/2) {
		t.Fatalf("timed %v listeners' copies, want one for each of %d", n, packets*(listeners+listeners/2))
	}
}

// A shard whose worker falls behind drops what its queue cannot hold, counts it, and does not hold
// up the publisher; a packet that no shard took is not timed.
func TestFanoutDropsWhenAShardFallsBehind(t *testing.T) {
	m := newMetrics(nil)
	f := newFanout(m, 1) // not running: nothing drains the queue
	list := f.newList()
	list.add(f.shard(), &slotOut{track: &recorder{}})
	list.add(f.shard(), &slotOut{track: &recorder{}})
	for i := range fanoutQueue + 5 {
		f.send(&rtp.Packet{Header: rtp.Header{SequenceNumber: uint16(i)}}, time.Now(), list)
	}
	if n := value(t, m.dropped.WithLabelValues("queue")); n != 5*2 {
		t.Fatalf("dropped %v slot writes, want 10", n)
	}
	stop, _ := f.run(0)
	eventually(t, "the queue written", func() bool { return value(t, m.latency) == fanoutQueue })
	stop()
	if n := value(t, m.forwarded); n != fanoutQueue*2 {
		t.Fatalf("forwarded %v, want %d", n, fanoutQueue*2)
	}
}

// writeLog is slot tracks that log every write, in the order they happen, as "slot:payload".
type writeLog struct {
	mu  sync.Mutex
	log []string
}

type loggedSlot struct {
	l    *writeLog
	name string
}

func (s loggedSlot) WriteRTP(p *rtp.Packet) error {
	s.l.mu.Lock()
	s.l.log = append(s.l.log, s.name+":"+string(p.Payload))
	s.l.mu.Unlock()
	return nil
}

// Packets of one speaker waiting together are written listener by listener, each listener getting
// them back to back; a run ends where another speaker's packet comes in between, so a slot that
// is on both speakers' lists (a switch in progress) still gets every packet in the order read.
func TestFanoutWritesQueuedPacketsListenerByListener(t *testing.T) {
	m := newMetrics(nil)
	f := newFanout(m, 1)
	l := &writeLog{}
	x, y, z := &slotOut{track: loggedSlot{l, "x"}}, &slotOut{track: loggedSlot{l, "y"}}, &slotOut{track: loggedSlot{l, "z"}}
	a, b := f.newList(), f.newList()
	a.add(0, x)
	a.add(0, y)
	b.add(0, y) // y is switching from A to B
	b.add(0, z)
	pkt := func(ssrc uint32, seq uint16, name string) *rtp.Packet {
		return &rtp.Packet{Header: rtp.Header{SSRC: ssrc, SequenceNumber: seq}, Payload: []byte(name)}
	}
	now := time.Now()
	f.send(pkt(1, 1, "A1"), now, a) // queued before the worker starts: taken together
	f.send(pkt(1, 2, "A2"), now, a)
	f.send(pkt(2, 1, "B1"), now, b)
	f.send(pkt(1, 3, "A3"), now, a)
	stop, _ := f.run(0)
	eventually(t, "every packet timed", func() bool { return value(t, m.latency) == 4 })
	stop()
	want := []string{"x:A1", "x:A2", "y:A1", "y:A2", "y:B1", "z:B1", "x:A3", "y:A3"}
	l.mu.Lock()
	defer l.mu.Unlock()
	if fmt.Sprint(l.log) != fmt.Sprint(want) {
		t.Fatalf("writes %v, want %v", l.log, want)
	}
}
