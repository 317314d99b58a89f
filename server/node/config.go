package node

import (
	"errors"
	"fmt"
	"time"

	"github.com/embassy-project/embassy/server/gateway"
	"github.com/embassy-project/embassy/server/room"
	"github.com/embassy-project/embassy/server/voice"
)

// Config is everything a node is started with. Zero values are filled by Defaults.
type Config struct {
	Addr          string        // listen address, e.g. ":8080"
	WorldDir      string        // empty: the embedded default embassy
	TickHz        int           // room simulation rate
	Redis         string        // empty: in-process presence; else a redis:// or rediss:// URL
	NodeID        string        // this node's name in presence; default: the hostname-less "local"
	DataDir       string        // where the server keeps what must survive (the sign-in secret, the store)
	Secret        string        // secret: signs sign-in tokens (EMBASSY_SECRET); empty: SecretFile, else DataDir/secret
	SecretFile    string        // file holding the secret
	Guests        bool          // admit people without a sign-in, as visitors
	ViewMax       int           // most other avatars one client sees at once
	ViewRadius    int           // metres
	MaxSessions   int           // connections this node accepts
	ShutdownGrace time.Duration // how long shutdown waits for clients to be told and closed
	Advertise     string        // the ws:// URL other nodes send clients to; default from Addr
	PresenceTTL   time.Duration // with Redis: how long a silent node's users, rooms and claims live
	Voice         voice.Config  // the SFU's ports and addresses
	VoiceOff      bool          // no voice: VoiceJoin is refused
	WebDir        string        // the browser client `make web` builds, served at /play; relative to the working directory
	Liveness      time.Duration // no flag: a client that answers no ping for this long is closed; zero: the gateway's default (60 s); tests shorten it
}

// Defaults returns the configuration `make run` uses.
func Defaults() Config {
	rc, gc := room.DefaultConfig(), gateway.DefaultConfig()
	return Config{
		Addr: ":8080", TickHz: rc.TickHz, NodeID: "local",
		ViewMax: rc.ViewMax, ViewRadius: int(rc.ViewRadius), MaxSessions: gc.MaxSessions,
		ShutdownGrace: 5 * time.Second, PresenceTTL: 15 * time.Second, Voice: voice.Defaults(),
		DataDir: "data", Guests: true, WebDir: "bin/web",
	}
}

// Validate reports every problem with the configuration at once.
func (c Config) Validate() error {
	var errs []error
	if c.TickHz < 1 || c.TickHz > 120 {
		errs = append(errs, fmt.Errorf("tick must be 1..120 Hz, got %d", c.TickHz))
	}
	if c.ViewMax < 1 || c.ViewMax > 1000 {
		errs = append(errs, fmt.Errorf("view-max must be 1..1000, got %d", c.ViewMax))
	}
	if c.ViewRadius < 1 || c.ViewRadius > 200 {
		errs = append(errs, fmt.Errorf("view-radius must be 1..200 m, got %d", c.ViewRadius))
	}
	if c.MaxSessions < 1 {
		errs = append(errs, fmt.Errorf("max-sessions must be positive, got %d", c.MaxSessions))
	}
	if c.NodeID == "" {
		errs = append(errs, errors.New("node id must not be empty"))
	}
	if c.Redis != "" && (c.NodeID == "" || c.NodeID == "local") {
		errs = append(errs, errors.New("with Redis every node needs its own -node id"))
	}
	if c.Redis != "" && c.Advertise == "" {
		errs = append(errs, errors.New("with Redis every node needs -advertise, the ws:// URL clients can reach it at"))
	}
	if c.PresenceTTL < 3*time.Second {
		errs = append(errs, fmt.Errorf("presence TTL must be at least 3s, got %v", c.PresenceTTL))
	}
	if c.Liveness != 0 && c.Liveness < 100*time.Millisecond {
		errs = append(errs, fmt.Errorf("liveness window must be at least 100ms, got %v", c.Liveness))
	}
	if !c.VoiceOff {
		if err := c.Voice.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	if c.DataDir == "" && c.Secret == "" && c.SecretFile == "" {
		errs = append(errs, errors.New("a data directory (-data) or a secret (EMBASSY_SECRET, -secret-file) is needed to sign in staff"))
	}
	return errors.Join(errs...)
}
