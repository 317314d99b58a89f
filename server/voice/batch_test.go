package voice

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// batchPeers opens a batchConn on network/addr and n receivers on rnet/raddr, all real sockets.
func batchPeers(t *testing.T, addr, raddr string, n int) (*batchConn, prometheus.Counter, []*net.UDPConn) {
	t.Helper()
	pc, err := net.ListenPacket("udp", addr)
	if err != nil { // IPv6 may be off on a developer's machine; a CI machine must have it
		if os.Getenv("CI") != "" {
			t.Fatalf("no %s socket (CI is set, so this fails instead of skipping): %v", addr, err)
		}
		t.Skipf("no %s socket here: %v; with CI set this test fails instead of skipping", addr, err)
	}
	dropped := prometheus.NewCounter(prometheus.CounterOpts{Name: "dropped"})
	c := newBatchConn(pc.(*net.UDPConn), dropped)
	t.Cleanup(func() { c.Close() })
	var rs []*net.UDPConn
	for range n {
		r, err := net.ListenPacket("udp", raddr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		rs = append(rs, r.(*net.UDPConn))
	}
	return c, dropped, rs
}

func addrOf(r *net.UDPConn) netip.AddrPort { return r.LocalAddr().(*net.UDPAddr).AddrPort() }

// expect reads want from r, in order, or fails.
func expect(t *testing.T, r *net.UDPConn, want ...string) {
	t.Helper()
	buf := make([]byte, 2000)
	for _, w := range want {
		_ = r.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, err := r.Read(buf)
		if err != nil {
			t.Fatalf("%v: waiting for %q: %v", r.LocalAddr(), w, err)
		}
		if got := string(buf[:n]); got != w {
			t.Fatalf("%v: got %q, want %q", r.LocalAddr(), got, w)
		}
	}
}

// nothing checks that r receives nothing for a while.
func nothing(t *testing.T, r *net.UDPConn) {
	t.Helper()
	_ = r.SetReadDeadline(time.Now().Add(150 * time.Millisecond))
	buf := make([]byte, 2000)
	if n, err := r.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("%v: got %q (%v) before the flush", r.LocalAddr(), buf[:n], err)
	}
}

// Gathered datagrams are held until the batch is full or the shard flushes, then all arrive, each
// at its own destination with its own bytes, in order; ungathered ones go at once.
func TestBatchConnSendsGatheredDatagramsOnFlush(t *testing.T) {
	for _, tc := range []struct{ name, addr, raddr string }{
		{"IPv4", "127.0.0.1:0", "127.0.0.1:0"},
		{"IPv6", "[::1]:0", "[::1]:0"},
		{"dual-stack socket to IPv4", ":0", "127.0.0.1:0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, dropped, rs := batchPeers(t, tc.addr, tc.raddr, 3)

			if _, err := c.WriteToAddrPort([]byte("at once"), addrOf(rs[0])); err != nil {
				t.Fatal(err)
			}
			expect(t, rs[0], "at once")

			c.gather()
			for i := range 4 {
				_, _ = c.WriteToAddrPort(fmt.Appendf(nil, "early %d", i), addrOf(rs[i%3]))
			}
			nothing(t, rs[0]) // 4 datagrams do not fill a batch: held
			c.flush()
			expect(t, rs[0], "early 0", "early 3")
			expect(t, rs[1], "early 1")
			expect(t, rs[2], "early 2")

			// More than two batches' worth: full batches go while gathering, the rest on flush.
			c.gather()
			total := 2*batchMax + 10
			for i := range total {
				_, _ = c.WriteToAddrPort(fmt.Appendf(nil, "d%03d", i), addrOf(rs[i%3]))
			}
			c.flush()
			for k, r := range rs {
				var want []string
				for i := k; i < total; i += 3 {
					want = append(want, fmt.Sprintf("d%03d", i))
				}
				expect(t, r, want...)
			}
			if v := value(t, dropped); v != 0 {
				t.Fatalf("%v datagrams counted as dropped", v)
			}
		})
	}
}

// A destination the socket cannot reach costs only its own datagram: it is counted as dropped, and
// the datagrams around it in the batch still arrive.
func TestBatchConnSkipsARefusedDatagram(t *testing.T) {
	c, dropped, rs := batchPeers(t, "127.0.0.1:0", "127.0.0.1:0", 1)
	c.gather()
	_, _ = c.WriteToAddrPort([]byte("before"), addrOf(rs[0]))
	_, _ = c.WriteToAddrPort([]byte("to IPv6"), netip.MustParseAddrPort("[2001:db8::1]:9")) // an IPv4 socket cannot
	_, _ = c.WriteToAddrPort([]byte("after"), addrOf(rs[0]))
	c.flush()
	expect(t, rs[0], "before", "after")
	if v := value(t, dropped); v != 1 {
		t.Fatalf("dropped = %v, want 1", v)
	}
}

// pion's UDP mux may write through the net.PacketConn method; that path gathers too.
func TestBatchConnWriteToGathers(t *testing.T) {
	c, _, rs := batchPeers(t, "127.0.0.1:0", "127.0.0.1:0", 1)
	c.gather()
	if _, err := c.WriteTo([]byte("via WriteTo"), rs[0].LocalAddr()); err != nil {
		t.Fatal(err)
	}
	nothing(t, rs[0])
	c.flush()
	expect(t, rs[0], "via WriteTo")
}
