package voice

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/rtp"
	"github.com/prometheus/client_golang/prometheus"
)

// fanoutQueue bounds each shard's queue of packets waiting to be written: 1,024 packets is a
// second of 20 speakers reaching that shard, far longer than a packet is still worth playing.
const fanoutQueue = 1024

// fanout writes packets to listeners on a fixed set of long-lived workers, one per processor. Every
// participant belongs to one shard for as long as it is in voice, and only that shard's worker
// writes to its slots, in the order publishers handed the packets over, so a slot's stream keeps
// its order and each packet's sequence-number and timestamp rewriting runs on one goroutine. A
// publisher's read goroutine only reads, observes, and hands each packet to the shards that have
// listeners for it; it never waits on a write. A full queue drops the packet for that shard.
type fanout struct {
	m            *metrics
	queueDropped prometheus.Counter // m.dropped for reason queue, looked up once: overload drops many
	writeDropped prometheus.Counter
	queues       []chan shardJob
	next         atomic.Uint32 // shard of the next participant
	batch        gatherer      // nil: every write is sent at once

	finished func() // nil; a benchmark's hook, called once a packet is done on every shard
}

// gatherer sends the writes a shard makes between gather and flush together (batchConn).
type gatherer interface {
	gather()
	flush()
}

// delivery is one packet on its way to every slot subscribed to its publisher.
type delivery struct {
	pkt   *rtp.Packet  // read-only from here on: shards share it
	read  time.Time    // when the publisher read it
	left  atomic.Int32 // shards not yet done with it
	wrote atomic.Bool  // some shard wrote it (not every one dropped it)
}

// shardJob is a delivery's part for one shard: the slots of that shard's listeners.
type shardJob struct {
	d     *delivery
	slots []*slotOut
}

// fanList is the slots a publisher writes to, by shard. The router builds a new one whenever
// assignments change; publishers read it without locks (publisher.subs).
type fanList struct {
	shards [][]*slotOut
	n      int // slots in all
}

// newFanout makes a fan-out of the given number of shards (at least one).
func newFanout(m *metrics, shards int) *fanout {
	f := &fanout{m: m, queues: make([]chan shardJob, max(1, shards)),
		queueDropped: m.dropped.WithLabelValues("queue"), writeDropped: m.dropped.WithLabelValues("write")}
	for i := range f.queues {
		f.queues[i] = make(chan shardJob, fanoutQueue)
	}
	return f
}

// shard picks the shard of a new participant: in turn, so shards hold about as many listeners.
func (f *fanout) shard() int { return int(f.next.Add(1)-1) % len(f.queues) }

// newList returns an empty fanList for this fanout's shards.
func (f *fanout) newList() *fanList { return &fanList{shards: make([][]*slotOut, len(f.queues))} }

// add puts slot s, of a participant in shard i, on the list.
func (l *fanList) add(i int, s *slotOut) {
	l.shards[i] = append(l.shards[i], s)
	l.n++
}

// run starts the workers and returns a function that stops them and waits for them; packets still
// queued then are not written. With nice other than 0, each worker runs on an OS thread of its own
// at that nice value: a negative one lets the fan-out take a core from other work on the machine
// (rooms, connections, other processes) the moment a packet arrives; err says if that failed, and
// the workers then run at the process's own priority.
func (f *fanout) run(nice int) (stop func(), err error) {
	quit := make(chan struct{})
	var wg sync.WaitGroup
	started := make(chan error, len(f.queues))
	for _, q := range f.queues {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if nice != 0 {
				err = ownThread(nice)
			}
			started <- err
			var jobs []shardJob
			for {
				select {
				case <-quit:
					return
				case j := <-q:
					jobs = takeQueued(append(jobs[:0], j), q)
					for rest := jobs; len(rest) > 0; {
						n := runLength(rest)
						f.write(rest[:n])
						rest = rest[n:]
					}
				}
			}
		}()
	}
	for range f.queues {
		if e := <-started; err == nil {
			err = e // every worker fails alike: the first says it
		}
	}
	return func() { close(quit); wg.Wait() }, err
}

// send hands pkt, read at read, to the shards that have slots on list.
func (f *fanout) send(pkt *rtp.Packet, read time.Time, list *fanList) {
	d := &delivery{pkt: pkt, read: read}
	used := 0
	for _, slots := range list.shards {
		if len(slots) > 0 {
			used++
		}
	}
	d.left.Store(int32(used))
	for i, slots := range list.shards {
		if len(slots) == 0 {
			continue
		}
		select {
		case f.queues[i] <- shardJob{d: d, slots: slots}:
		default:
			f.queueDropped.Add(float64(len(slots)))
			f.done(d, false)
		}
	}
}

// maxRun is the most queued jobs a worker takes at once.
const maxRun = 8

// takeQueued adds to jobs what else is waiting in q, up to maxRun jobs in all.
func takeQueued(jobs []shardJob, q chan shardJob) []shardJob {
	for len(jobs) < maxRun {
		select {
		case j := <-q:
			jobs = append(jobs, j)
		default:
			return jobs
		}
	}
	return jobs
}

// runLength counts the jobs at the start of jobs that go to the same slots as the first: packets
// of one speaker that arrived together (a sender catching up, network jitter).
func runLength(jobs []shardJob) int {
	n := 1
	for n < len(jobs) && sameSlots(jobs[n].slots, jobs[0].slots) {
		n++
	}
	return n
}

func sameSlots(a, b []*slotOut) bool { return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0]) }

// write writes a run of jobs with the same slots, listener by listener: each listener gets the
// run's packets back to back, so a packet that arrived right behind another does not wait for that
// one to reach every listener first, and each listener's state is touched while it is warm. Each
// slot still gets its packets in the order they were read; the datagrams go out together.
func (f *fanout) write(run []shardJob) {
	f.writeSlots(run)
	for _, j := range run {
		f.m.forwarded.Add(float64(len(j.slots)))
		f.done(j.d, true)
	}
}

// writeSlots writes the run to its slots a batch at a time, sending each batch's datagrams
// together and timing each listener's copy once its batch is sent.
func (f *fanout) writeSlots(run []shardJob) {
	slots := run[0].slots
	for len(slots) > 0 {
		n := min(len(slots), batchMax)
		f.writeBatch(slots[:n], run)
		slots = slots[n:]
		now := time.Now()
		for _, j := range run {
			d := now.Sub(j.d.read).Seconds()
			for range n {
				f.m.delivery.Observe(d)
			}
		}
	}
}

func (f *fanout) writeBatch(slots []*slotOut, run []shardJob) {
	if f.batch != nil {
		f.batch.gather()
		defer f.batch.flush()
	}
	for _, s := range slots {
		for _, j := range run {
			switched, err := s.write(j.d.pkt, j.d.read)
			if err != nil {
				f.writeDropped.Inc()
				continue
			}
			if switched {
				f.m.switches.Inc()
			}
		}
	}
}

// done notes that one shard is finished with d, having written it or dropped it; the last one
// records the SFU's time for the packet, from its reading to the last write of it on any shard
// (a packet that every shard dropped is counted as dropped, not timed).
func (f *fanout) done(d *delivery, wrote bool) {
	if wrote {
		d.wrote.Store(true)
	}
	if d.left.Add(-1) != 0 {
		return
	}
	if d.wrote.Load() {
		f.m.latency.Observe(time.Since(d.read).Seconds())
	}
	if f.finished != nil {
		f.finished()
	}
}
