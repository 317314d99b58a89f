package httpapi

import (
	"net"
	"net/netip"
	"sync"
	"time"
)

// Limits bound how hard the admin API may be used. The zero value means DefaultLimits.
type Limits struct {
	PerToken     float64 // requests a second one sign-in (token id) may make, on average
	TokenBurst   float64 // requests one sign-in may make at once
	PerAddress   float64 // requests a second from one client address (an IPv6 /64 counts as one)
	AddressBurst float64
	MaxBody      int64 // bytes in a request body
	MaxKeys      int   // buckets kept per limiter; past it, an arbitrary one is forgotten
}

// DefaultLimits: 5 requests a second per sign-in (20 at once), 20 a second per address (40 at
// once), 4 KB bodies. A moderator's script banning a list of names goes at 5 a second; a forger
// trying tokens is held by the address limit before any token is checked.
func DefaultLimits() Limits {
	return Limits{PerToken: 5, TokenBurst: 20, PerAddress: 20, AddressBurst: 40, MaxBody: 4 << 10, MaxKeys: 10000}
}

// limiter is a token bucket per key (a sign-in's token id, a client's address) in bounded memory:
// a bucket left alone long enough to refill is the same as a new one, so it is dropped; and past
// max buckets an arbitrary one is dropped too, which only ever gives its key a full bucket again
// (generous, never a lock-out of someone else).
type limiter struct {
	rate, burst float64
	max         int
	now         func() time.Time

	mu      sync.Mutex // guards buckets and swept
	buckets map[string]*bucket
	swept   time.Time // when idle buckets were last dropped
}

// bucket is one key's tokens as of at.
type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(rate, burst float64, max int) *limiter {
	return &limiter{rate: rate, burst: burst, max: max, now: time.Now, buckets: map[string]*bucket{}}
}

// allow spends one of key's tokens. Without one, it says how long until there is one.
func (l *limiter) allow(key string) (ok bool, retry time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= l.max {
			for k := range l.buckets {
				delete(l.buckets, k)
				break
			}
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// refill is how long an empty bucket takes to fill: a bucket idle that long is as good as new.
func (l *limiter) refill() time.Duration {
	return time.Duration(l.burst / l.rate * float64(time.Second))
}

// sweep drops the buckets idle for a refill, at most once a refill.
func (l *limiter) sweep(now time.Time) {
	idle := l.refill()
	if now.Sub(l.swept) < idle {
		return
	}
	l.swept = now
	for k, b := range l.buckets {
		if now.Sub(b.at) >= idle {
			delete(l.buckets, k)
		}
	}
}

// size is how many buckets are kept (tests).
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// addressKey is the client a request comes from, for the address limit: its IP, or for IPv6 its
// /64 (one host usually holds a whole /64). The connection's address, not X-Forwarded-For: a
// header anyone can write cannot choose whose bucket is spent. Behind a reverse proxy every client
// shares the proxy's bucket.
func addressKey(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}
