// Package voice is the SFU: it owns every WebRTC PeerConnection (pion), receives one Opus track from
// each participant and forwards it to the listeners the rooms say can hear it. Each listener has a
// fixed set of downstream slots (eight, plus one for the stage); when who is audible changes, voice
// re-maps slots to speakers and rewrites sequence numbers and timestamps so that every slot's stream
// stays continuous, and tells the listener which avatar a slot carries. It never decides who hears
// whom: rooms do, from positions and zones (server/room's Audible); it never decodes audio: speaking
// is read from the RFC 6464 audio-level header extension.
package voice

import (
	"errors"
	"fmt"
	"net"
	"time"
)

// Slots is the number of proximity slots per listener; slot Slots (the last) carries the stage.
const (
	Slots     = 8
	StageSlot = Slots
	AllSlots  = Slots + 1
)

// Config configures the SFU's networking.
type Config struct {
	UDP        string        // host:port for the one UDP port every peer uses
	TCP        string        // host:port for ICE-TCP, the fallback when UDP is blocked; "" disables it
	PublicIPs  []string      // addresses to advertise instead of the interfaces' (NAT 1:1); default the UDP host
	ICEServers []string      // STUN/TURN URLs handed to clients (stun:host:port, turn:user:pass@host:port)
	Speaking   time.Duration // how long after a loud packet a participant still counts as speaking
	Active     time.Duration // how long after a loud packet rooms keep routing a participant
	Tick       time.Duration // how often slots are re-assigned
	Connect    time.Duration // a participant whose media has not connected by then is ended
	FanoutNice int           // nice value of the fan-out's threads (Linux): negative runs them first; 0 leaves them be
}

// Defaults returns a configuration for one machine: UDP and ICE-TCP on free ports of 127.0.0.1.
// A public server sets fixed ports (and its public IP) so that firewalls can let them through.
func Defaults() Config {
	return Config{UDP: "127.0.0.1:0", TCP: "127.0.0.1:0", Speaking: 300 * time.Millisecond, Active: 10 * time.Second, Tick: 20 * time.Millisecond, Connect: 30 * time.Second, FanoutNice: -10}
}

// Validate checks the configuration.
func (c Config) Validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.UDP); err != nil {
		errs = append(errs, fmt.Errorf("voice UDP address %q: %w", c.UDP, err))
	}
	if c.TCP != "" {
		if _, _, err := net.SplitHostPort(c.TCP); err != nil {
			errs = append(errs, fmt.Errorf("voice TCP address %q: %w", c.TCP, err))
		}
	}
	for _, ip := range c.PublicIPs {
		if net.ParseIP(ip) == nil {
			errs = append(errs, fmt.Errorf("voice public IP %q is not an IP address", ip))
		}
	}
	if c.Speaking <= 0 || c.Active < c.Speaking || c.Tick <= 0 || c.Connect <= 0 {
		errs = append(errs, errors.New("voice timings must be positive, with Active at least Speaking"))
	}
	if c.FanoutNice < -20 || c.FanoutNice > 19 {
		errs = append(errs, fmt.Errorf("voice fan-out nice value %d is not between -20 and 19", c.FanoutNice))
	}
	return errors.Join(errs...)
}

// nackHistory is how many packets each outgoing stream keeps for retransmission: 1.28 s of voice,
// longer than any retransmission could still be played. pion's default (1024 packets, each in a
// buffer of a full MTU) cost 10 MB per listener once NACK was negotiated for Opus.
const nackHistory = 64
