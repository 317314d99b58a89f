package voice

import (
	"errors"
	"io"
	"sync/atomic"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
)

// speechLevel is the loudest RFC 6464 level (in -dBov: 0 is the loudest, 127 silence) that still
// counts as silence; quieter packets do not make a participant "speaking".
const speechLevel = 60

// publisher is one participant's incoming voice. Its read goroutine is the only reader of the track;
// it records how loud and how recent the speech is and hands every packet to the fan-out for the
// slots currently subscribed (an immutable list swapped atomically by the router).
type publisher struct {
	p      *participant
	track  *webrtc.TrackRemote
	extID  uint8 // negotiated id of the audio-level extension, 0 if none
	subs   atomic.Pointer[fanList]
	muted  atomic.Bool
	level  atomic.Int32 // smoothed audio level of recent packets (127: silence)
	loudAt atomic.Int64 // unix nanoseconds of the last packet louder than speechLevel
}

// run forwards packets until the track ends.
func (pub *publisher) run(m *metrics, fan *fanout) {
	pub.level.Store(127)
	for {
		pkt, _, err := pub.track.ReadRTP()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				pub.p.srv.log.Debug("voice track ended", "user_id", pub.p.userID, "err", err)
			}
			return
		}
		now := time.Now()
		if pub.muted.Load() {
			m.dropped.WithLabelValues("muted").Inc()
			continue
		}
		pub.observe(pkt, now)
		if subs := pub.subs.Load(); subs != nil && subs.n > 0 {
			fan.send(pkt, now, subs)
		}
	}
}

// observe reads the packet's audio level.
func (pub *publisher) observe(pkt *rtp.Packet, now time.Time) {
	lvl := int32(127)
	if pub.extID != 0 {
		if b := pkt.GetExtension(pub.extID); b != nil {
			var ext rtp.AudioLevelExtension
			if ext.Unmarshal(b) == nil {
				lvl = int32(ext.Level)
			}
		}
	} else {
		lvl = speechLevel - 1 // no levels negotiated: every packet is speech (senders use DTX)
	}
	old := pub.level.Load()
	pub.level.Store((old*3 + lvl) / 4)
	if lvl < speechLevel {
		pub.loudAt.Store(now.UnixNano())
	}
}

// speakingWithin reports whether a loud packet arrived within d of now.
func (pub *publisher) speakingWithin(d time.Duration, now time.Time) bool {
	t := pub.loudAt.Load()
	return t != 0 && now.UnixNano()-t <= int64(d)
}
