package voice

import (
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Batched sending. Every listener of a packet is a datagram of its own (its own SRTP keys), and a
// stage speaker's packet to 500 listeners was 500 sendto calls on the one UDP socket, each taking
// Go's write lock on it: the fan-out's shards queued for that lock, and every hand-over parked a
// worker until the scheduler ran it again (the largest delay in a scheduler trace at 500
// listeners). batchConn gathers the datagrams a shard writes for one packet and sends them
// together: on Linux with one sendmmsg system call per batch (batch_linux.go), elsewhere one by one.

// batchMax is the most datagrams one batch carries; maxDatagram the largest gathered (a larger
// one goes out on its own).
const (
	batchMax    = 64
	maxDatagram = 1500
)

// batchConn is the SFU's UDP socket as pion's UDP mux sees it. Reads pass straight through. Writes
// made while some shard is gathering (between gather and flush) are copied into a batch and sent
// when a batch is full or a shard flushes; writes made while no shard gathers (ICE checks, DTLS,
// RTCP, retransmissions between fan-outs) go out at once. A write gathered by one shard may be
// sent by another's flush: order between destinations does not matter, and each slot is written
// by one shard, in order.
type batchConn struct {
	conn    *net.UDPConn
	sys     *batchSender // the platform's way of sending a batch
	dropped prometheus.Counter

	open atomic.Int32 // shards gathering now
	mu   sync.Mutex   // guards cur
	cur  *sendBatch
	free sync.Pool // of *sendBatch
}

// sendBatch is up to batchMax datagrams, with their own copies of the bytes.
type sendBatch struct {
	n    int
	to   [batchMax]netip.AddrPort
	lens [batchMax]int
	data [batchMax][maxDatagram]byte
	sys  sysBatch // the platform's own form of the batch
}

func newBatchConn(c *net.UDPConn, dropped prometheus.Counter) *batchConn {
	return &batchConn{conn: c, sys: newBatchSender(c), dropped: dropped}
}

// gather starts a stretch of writes (one shard's part of one packet) to send together.
func (c *batchConn) gather() { c.open.Add(1) }

// flush ends a stretch of writes started by gather and sends everything gathered so far.
func (c *batchConn) flush() {
	c.open.Add(-1)
	c.mu.Lock()
	b := c.cur
	c.cur = nil
	c.mu.Unlock()
	if b != nil {
		c.send(b)
	}
}

// WriteToAddrPort writes b to addr: at once, or into the current batch while a shard gathers.
// It implements pion/ice's AddrPortReaderWriter, the allocation-free path its UDP mux takes.
func (c *batchConn) WriteToAddrPort(b []byte, addr netip.AddrPort) (int, error) {
	if c.open.Load() == 0 || len(b) > maxDatagram {
		return c.conn.WriteToUDPAddrPort(b, addr)
	}
	c.mu.Lock()
	if c.cur == nil {
		c.cur = c.newBatch()
	}
	full := c.cur.add(b, addr)
	var send *sendBatch
	// The last gathering may have ended between the check above and the lock: then no flush is
	// coming for this datagram (a DTLS or ICE reply while nobody speaks would wait for the next
	// packet to forward), so it goes now. A gathering still open flushes after this unlock.
	if full || c.open.Load() == 0 {
		send, c.cur = c.cur, nil
	}
	c.mu.Unlock()
	if send != nil {
		c.send(send)
	}
	return len(b), nil
}

func (c *batchConn) newBatch() *sendBatch {
	if b, ok := c.free.Get().(*sendBatch); ok {
		return b
	}
	return &sendBatch{}
}

// add copies p, to addr, into the batch and reports whether the batch is now full.
func (b *sendBatch) add(p []byte, addr netip.AddrPort) (full bool) {
	b.lens[b.n] = copy(b.data[b.n][:], p)
	b.to[b.n] = addr
	b.n++
	return b.n == batchMax
}

// datagram returns the batch's i'th datagram.
func (b *sendBatch) datagram(i int) []byte { return b.data[i][:b.lens[i]] }

// send sends a batch and returns it to the pool. A datagram the kernel refuses (an unreachable
// address, say) is counted as dropped and skipped; the rest still go.
func (c *batchConn) send(b *sendBatch) {
	for i := c.sys.send(b); i < b.n; i++ { // what the platform's sender left: one by one
		if _, err := c.conn.WriteToUDPAddrPort(b.datagram(i), b.to[i]); err != nil {
			c.dropped.Inc()
		}
	}
	b.n = 0
	c.free.Put(b)
}

// WriteTo implements net.PacketConn.
func (c *batchConn) WriteTo(b []byte, addr net.Addr) (int, error) {
	if ua, ok := addr.(*net.UDPAddr); ok {
		return c.WriteToAddrPort(b, ua.AddrPort())
	}
	return c.conn.WriteTo(b, addr)
}

// ReadFromAddrPort implements pion/ice's AddrPortReaderWriter.
func (c *batchConn) ReadFromAddrPort(b []byte) (int, netip.AddrPort, error) {
	return c.conn.ReadFromUDPAddrPort(b)
}

// The rest of net.PacketConn, straight through.
func (c *batchConn) ReadFrom(b []byte) (int, net.Addr, error) { return c.conn.ReadFrom(b) }
func (c *batchConn) Close() error                             { c.sys.close(); return c.conn.Close() }
func (c *batchConn) LocalAddr() net.Addr                      { return c.conn.LocalAddr() }
func (c *batchConn) SetDeadline(t time.Time) error            { return c.conn.SetDeadline(t) }
func (c *batchConn) SetReadDeadline(t time.Time) error        { return c.conn.SetReadDeadline(t) }
func (c *batchConn) SetWriteDeadline(t time.Time) error       { return c.conn.SetWriteDeadline(t) }
