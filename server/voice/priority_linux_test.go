//go:build linux

package voice

import (
	"sync"
	"testing"
	"time"

	"github.com/pion/rtp"
	"golang.org/x/sys/unix"
)

// niceProbe is a slot's track that records the nice value of the thread writing to it.
type niceProbe struct {
	mu   sync.Mutex
	nice []int
}

func (p *niceProbe) WriteRTP(*rtp.Packet) error {
	prio, err := unix.Getpriority(unix.PRIO_PROCESS, unix.Gettid()) // the kernel's 20 - nice
	p.mu.Lock()
	defer p.mu.Unlock()
	if err == nil {
		p.nice = append(p.nice, 20-prio)
	}
	return nil
}

// The fan-out's workers write on threads of their own at the configured nice value (5 here: lowering
// priority needs no privilege, so the test runs as any user), and nothing else runs on them; with 0
// they are left at the process's own.
func TestFanoutThreadsTakeTheirNiceValue(t *testing.T) {
	own, err := unix.Getpriority(unix.PRIO_PROCESS, unix.Gettid())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []int{5, 0} {
		f := newFanout(newMetrics(nil), 2)
		stop, err := f.run(want)
		if err != nil {
			t.Fatal(err)
		}
		probes := []*niceProbe{{}, {}}
		list := f.newList()
		list.add(f.shard(), &slotOut{track: probes[0]})
		list.add(f.shard(), &slotOut{track: probes[1]})
		for i := range 20 {
			f.send(&rtp.Packet{Header: rtp.Header{SequenceNumber: uint16(i)}}, time.Now(), list)
		}
		eventually(t, "every packet written", func() bool { return value(t, f.m.forwarded) == 40 })
		stop()
		expect := want
		if want == 0 {
			expect = 20 - own
		}
		for i, p := range probes {
			p.mu.Lock()
			if len(p.nice) != 20 {
				t.Fatalf("shard %d: %d of 20 writes probed", i, len(p.nice))
			}
			for _, n := range p.nice {
				if n != expect {
					t.Fatalf("nice %d: shard %d wrote on a thread at nice %d, want %d", want, i, n, expect)
				}
			}
			p.mu.Unlock()
		}
	}
}
