//go:build linux

package voice

import (
	"net"
	"runtime"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// batchSender sends a batch with one sendmmsg system call, made raw: the socket is non-blocking,
// so the call never waits (a full send buffer returns EAGAIN), and the fan-out's worker keeps its
// processor through it. Through Go's usual system call path a call this long lets the runtime hand
// the processor to another goroutine, and the worker then queues to get one back: in a trace at
// 500 listeners that waiting was a fifth of a worker's time per packet.
type batchSender struct {
	mu    sync.RWMutex // held for reading while sending, so close waits and fd is never a reused number
	fd    int          // the socket; -1 once closed or when it cannot be used
	inet6 bool         // the socket is IPv6: IPv4 destinations go as mapped addresses
}

// sysBatch is a batch as sendmmsg takes it; its pointers point into the sendBatch that holds it.
type sysBatch struct {
	hdrs [batchMax]mmsghdr
	iovs [batchMax]unix.Iovec
	sa4  [batchMax]unix.RawSockaddrInet4
	sa6  [batchMax]unix.RawSockaddrInet6
}

// mmsghdr is struct mmsghdr: a message header and the bytes the kernel sent of it.
type mmsghdr struct {
	hdr unix.Msghdr
	len uint32
}

func newBatchSender(c *net.UDPConn) *batchSender {
	s := &batchSender{fd: -1}
	rc, err := c.SyscallConn()
	if err != nil {
		return s
	}
	_ = rc.Control(func(fd uintptr) {
		sa, err := unix.Getsockname(int(fd))
		if err != nil {
			return
		}
		switch sa.(type) {
		case *unix.SockaddrInet4:
			s.fd = int(fd)
		case *unix.SockaddrInet6:
			s.fd, s.inet6 = int(fd), true
		}
	})
	return s
}

// send sends as much of b as it can and returns how many datagrams, from the first, went; the
// caller writes the rest one by one (a destination this socket cannot address, a full send
// buffer, or a datagram the kernel refused).
func (s *batchSender) send(b *sendBatch) (sent int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.fd < 0 {
		return 0
	}
	n := 0
	for n < b.n && s.fill(b, n) {
		n++
	}
	for sent < n {
		r, _, errno := unix.RawSyscall6(unix.SYS_SENDMMSG, uintptr(s.fd), uintptr(unsafe.Pointer(&b.sys.hdrs[sent])), uintptr(n-sent), 0, 0, 0)
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 {
			break
		}
		sent += int(r)
	}
	runtime.KeepAlive(b)
	return sent
}

// fill makes the i'th message header of b, and reports false for a destination this socket
// cannot address (IPv6 on an IPv4 socket, or an IPv6 address with a zone).
func (s *batchSender) fill(b *sendBatch, i int) bool {
	m := &b.sys
	to := b.to[i]
	ip := to.Addr()
	h := &m.hdrs[i]
	*h = mmsghdr{}
	switch {
	case !s.inet6 && ip.Unmap().Is4():
		sa := &m.sa4[i]
		*sa = unix.RawSockaddrInet4{Family: unix.AF_INET, Addr: ip.Unmap().As4()}
		putPort(&sa.Port, to.Port())
		h.hdr.Name, h.hdr.Namelen = (*byte)(unsafe.Pointer(sa)), unix.SizeofSockaddrInet4
	case s.inet6 && ip.Zone() == "":
		sa := &m.sa6[i]
		*sa = unix.RawSockaddrInet6{Family: unix.AF_INET6, Addr: ip.As16()}
		putPort(&sa.Port, to.Port())
		h.hdr.Name, h.hdr.Namelen = (*byte)(unsafe.Pointer(sa)), unix.SizeofSockaddrInet6
	default:
		return false
	}
	iov := &m.iovs[i]
	iov.Base = &b.data[i][0]
	iov.SetLen(b.lens[i])
	h.hdr.Iov = iov
	h.hdr.SetIovlen(1)
	return true
}

// putPort stores port in network byte order, as a sockaddr holds it.
func putPort(dst *uint16, port uint16) {
	p := (*[2]byte)(unsafe.Pointer(dst))
	p[0], p[1] = byte(port>>8), byte(port)
}

// close stops using the socket; batchConn closes it.
func (s *batchSender) close() {
	s.mu.Lock()
	s.fd = -1
	s.mu.Unlock()
}
