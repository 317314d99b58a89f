package voice

import (
	"encoding/binary"
	"time"
)

// A stamp carries the sender's clock inside an Opus packet, end to end through the SFU, so that a
// listener can tell how long a packet took from the speaker's Send to its own receipt. The SFU
// rewrites everything in the RTP header a stamp could live in (SSRC, sequence number, timestamp)
// and strips header extensions, but it forwards the payload untouched; an Opus packet may end in
// padding, which decoders skip (RFC 6716, 3.2.5: "the decoder MUST accept any value for the padding
// bytes"). Newer decoders read that padding as Opus extensions, so the stamp is written as one: a
// long extension with an experimental id, running to the end of the packet. Bots and tests stamp;
// a person's client does not need to. The clock is the sender's: latency is only meaningful when
// sender and listener share a machine (the bots, the tests).

// stampExtID is the Opus extension id of a stamp: in the experimental range (120-127), clear of
// the ids libopus uses there (124: QEXT, 126: DRED).
const stampExtID = 122

// stampLen is a stamp's size: extension id byte, magic, speaker, send time.
const stampLen = 1 + 2 + 4 + 8

var stampMagic = [2]byte{'E', 'm'}

// Stamp is what a stamped packet says about its sending.
type Stamp struct {
	Speaker uint32    // the sender's stamp id (Config.StampID)
	Sent    time.Time // when the sender handed the packet to the network
}

// appendStamped appends packet to dst as a stamped packet and returns the result. Only packets
// of one frame (Opus code 0, what a 20 ms encoder makes) are stamped; others are appended as they
// are, with ok false.
func appendStamped(dst, packet []byte, speaker uint32, sent time.Time) (out []byte, ok bool) {
	if len(packet) < 1 || packet[0]&0x3 != 0 {
		return append(dst, packet...), false
	}
	// Code 3, one frame (M=1), constant bit rate, padding flag set; one byte of padding length.
	dst = append(dst, packet[0]|0x3, 0x40|1, stampLen)
	dst = append(dst, packet[1:]...)
	dst = append(dst, stampExtID<<1, stampMagic[0], stampMagic[1])
	dst = binary.BigEndian.AppendUint32(dst, speaker)
	dst = binary.BigEndian.AppendUint64(dst, uint64(sent.UnixNano()))
	return dst, true
}

// readStamp finds the stamp at the end of an Opus packet, if it carries one.
func readStamp(p []byte) (Stamp, bool) {
	if len(p) < 3+stampLen || p[0]&0x3 != 0x3 || p[1]&0x40 == 0 {
		return Stamp{}, false
	}
	pad := 0
	for i := 2; i < len(p); i++ {
		if p[i] == 255 {
			pad += 254
			continue
		}
		pad += int(p[i])
		break
	}
	if pad < stampLen || pad > len(p)-2 {
		return Stamp{}, false
	}
	s := p[len(p)-stampLen:]
	if s[0] != stampExtID<<1 || s[1] != stampMagic[0] || s[2] != stampMagic[1] {
		return Stamp{}, false
	}
	return Stamp{
		Speaker: binary.BigEndian.Uint32(s[3:]),
		Sent:    time.Unix(0, int64(binary.BigEndian.Uint64(s[7:]))),
	}, true
}
