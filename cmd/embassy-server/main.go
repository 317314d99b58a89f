// Command embassy-server runs one Embassy server node: the embassy's rooms, the WebSocket gateway at
// /ws and the HTTP API. Flags fall back to EMBASSY_* environment variables; secrets come only from
// the environment.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/embassy-project/embassy/server/node"
)

func main() { os.Exit(run()) }

func run() int {
	cfg := node.Defaults()
	fs := flag.NewFlagSet("embassy-server", flag.ContinueOnError)
	fs.StringVar(&cfg.Addr, "addr", env("EMBASSY_ADDR", cfg.Addr), "listen address (EMBASSY_ADDR)")
	fs.StringVar(&cfg.WorldDir, "world", env("EMBASSY_WORLD", ""), "directory of Tiled maps to load instead of the default embassy (EMBASSY_WORLD)")
	fs.IntVar(&cfg.TickHz, "tick", envInt("EMBASSY_TICK", cfg.TickHz), "simulation ticks per second (EMBASSY_TICK)")
	fs.StringVar(&cfg.Redis, "redis", env("EMBASSY_REDIS", ""), "Redis URL for presence and clustering; empty runs in-process. A URL with a password must come from EMBASSY_REDIS or -redis-file, not the command line (EMBASSY_REDIS)")
	redisFile := fs.String("redis-file", env("EMBASSY_REDIS_FILE", ""), "file holding the Redis URL, credentials included (EMBASSY_REDIS_FILE)")
	fs.StringVar(&cfg.NodeID, "node", env("EMBASSY_NODE", cfg.NodeID), "this node's id (EMBASSY_NODE)")
	fs.IntVar(&cfg.ViewMax, "view-max", envInt("EMBASSY_VIEW_MAX", cfg.ViewMax), "most avatars one client sees at once (EMBASSY_VIEW_MAX)")
	fs.IntVar(&cfg.ViewRadius, "view-radius", envInt("EMBASSY_VIEW_RADIUS", cfg.ViewRadius), "view radius in metres (EMBASSY_VIEW_RADIUS)")
	fs.StringVar(&cfg.Advertise, "advertise", env("EMBASSY_ADVERTISE", ""), "with Redis: the ws:// URL other nodes send clients to (default: ws://<listen address>/ws) (EMBASSY_ADVERTISE)")
	fs.DurationVar(&cfg.PresenceTTL, "presence-ttl", envDuration("EMBASSY_PRESENCE_TTL", cfg.PresenceTTL), "with Redis: how long a silent node's users and rooms live (EMBASSY_PRESENCE_TTL)")
	fs.IntVar(&cfg.MaxSessions, "max-sessions", envInt("EMBASSY_MAX_SESSIONS", cfg.MaxSessions), "connections accepted (EMBASSY_MAX_SESSIONS)")
	fs.StringVar(&cfg.DataDir, "data", env("EMBASSY_DATA", cfg.DataDir), "directory for what must survive a restart: the sign-in secret (EMBASSY_DATA)")
	fs.StringVar(&cfg.SecretFile, "secret-file", env("EMBASSY_SECRET_FILE", ""), "file holding the secret that signs sign-ins; default EMBASSY_SECRET, else <data>/secret, made on first start (EMBASSY_SECRET_FILE)")
	fs.StringVar(&cfg.WebDir, "web", env("EMBASSY_WEB", cfg.WebDir), "directory of the browser client that make web builds, served at /play (EMBASSY_WEB)")
	fs.BoolVar(&cfg.Guests, "guests", envBool("EMBASSY_GUESTS", cfg.Guests), "admit people without a sign-in, as visitors (EMBASSY_GUESTS)")
	voiceOn := fs.Bool("voice", envBool("EMBASSY_VOICE", true), "run the voice SFU (EMBASSY_VOICE)")
	fs.StringVar(&cfg.Voice.UDP, "voice-udp", env("EMBASSY_VOICE_UDP", cfg.Voice.UDP), "UDP address every voice peer uses; port 0 picks a free one (EMBASSY_VOICE_UDP)")
	fs.StringVar(&cfg.Voice.TCP, "voice-tcp", env("EMBASSY_VOICE_TCP", cfg.Voice.TCP), "ICE-TCP address, the fallback where UDP is blocked; empty turns it off (EMBASSY_VOICE_TCP)")
	fs.IntVar(&cfg.Voice.FanoutNice, "voice-fanout-nice", envInt("EMBASSY_VOICE_FANOUT_NICE", cfg.Voice.FanoutNice), "nice value of the voice fan-out's threads, -20 to 19: negative forwards voice before other work (needs root or CAP_SYS_NICE; without, a line in the log and normal priority); 0 leaves them be (EMBASSY_VOICE_FANOUT_NICE)")
	publicIPs := fs.String("voice-public-ip", env("EMBASSY_VOICE_PUBLIC_IP", ""), "comma-separated public IPs to advertise for voice (NAT 1:1) (EMBASSY_VOICE_PUBLIC_IP)")
	debugAddr := fs.String("debug-addr", env("EMBASSY_DEBUG_ADDR", ""), "if set, serve Go pprof profiles on this address, e.g. 127.0.0.1:6060 (EMBASSY_DEBUG_ADDR)")
	level := fs.String("log-level", env("EMBASSY_LOG_LEVEL", "info"), "debug, info, warn or error (EMBASSY_LOG_LEVEL)")
	format := fs.String("log-format", env("EMBASSY_LOG_FORMAT", "text"), "text or json (EMBASSY_LOG_FORMAT)")
	if err := fs.Parse(os.Args[1:]); err != nil {
		return 2
	}
	if err := redisURL(fs, &cfg.Redis, *redisFile); err != nil {
		fmt.Fprintln(os.Stderr, "embassy-server:", err)
		return 2
	}
	cfg.VoiceOff = !*voiceOn
	cfg.Voice.PublicIPs = splitList(*publicIPs)
	// STUN/TURN URLs may carry TURN credentials: only from the environment.
	cfg.Voice.ICEServers = splitList(os.Getenv("EMBASSY_VOICE_ICE_SERVERS"))
	cfg.Secret = os.Getenv("EMBASSY_SECRET")
	for _, old := range []string{"EMBASSY_DIPLOMAT_TOKEN", "EMBASSY_MODERATOR_TOKEN"} {
		if os.Getenv(old) != "" {
			fmt.Fprintf(os.Stderr, "embassy-server: %s is no longer used: staff sign in with signed tokens (embassyctl token -name NAME -role ROLE)\n", old)
		}
	}

	log, err := newLogger(*level, *format)
	if err != nil {
		fmt.Fprintln(os.Stderr, "embassy-server:", err)
		return 2
	}
	if *debugAddr != "" {
		go func() {
			// pprof registers itself on the default mux, which nothing else uses.
			log.Info("pprof listening", "addr", *debugAddr, "err", http.ListenAndServe(*debugAddr, nil))
		}()
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		log.Error("cannot listen", "addr", cfg.Addr, "err", err)
		return 1
	}
	if cfg.Advertise == "" {
		cfg.Advertise = "ws://" + hostPort(ln.Addr()) + "/ws"
	}
	n, err := node.New(cfg, log)
	if err != nil {
		log.Error("cannot start", "err", err)
		return 1
	}
	fmt.Printf("Embassy is open: connect a client to ws://%s/ws (rooms: http://%s/api/rooms)\n", hostPort(ln.Addr()), hostPort(ln.Addr()))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := n.Run(ctx, ln); err != nil && !errors.Is(err, context.Canceled) {
		log.Error("server stopped", "err", err)
		return 1
	}
	log.Info("server stopped")
	return 0
}

// redisURL reads the URL from file if given, and refuses a password on the command line, where every
// user of the machine can read it.
func redisURL(fs *flag.FlagSet, dst *string, file string) error {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return fmt.Errorf("redis url file: %w", err)
		}
		*dst = strings.TrimSpace(string(b))
		return nil
	}
	onCommandLine := false
	fs.Visit(func(f *flag.Flag) { onCommandLine = onCommandLine || f.Name == "redis" })
	if u, err := url.Parse(*dst); onCommandLine && err == nil && u.User != nil {
		if _, hasPassword := u.User.Password(); hasPassword {
			return errors.New("-redis must not carry a password on the command line: use EMBASSY_REDIS or -redis-file")
		}
	}
	return nil
}

func newLogger(level, format string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: %w", level, err)
	}
	opts := &slog.HandlerOptions{Level: l}
	switch strings.ToLower(format) {
	case "text":
		return slog.New(slog.NewTextHandler(os.Stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(os.Stderr, opts)), nil
	}
	return nil, fmt.Errorf("log format %q: want text or json", format)
}

func hostPort(a net.Addr) string {
	host, port, _ := net.SplitHostPort(a.String())
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}

// envInt and envDuration read a typed fallback; a malformed value stops the server with a clear error
// rather than being silently ignored.
func envInt(key string, def int) int {
	v, ok := os.LookupEnv(key)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		fmt.Fprintf(os.Stderr, "embassy-server: %s=%q is not a whole number\n", key, v)
		os.Exit(2)
	}
	return n
}

func envDuration(key string, def time.Duration) time.Duration {
	v, ok := os.LookupEnv(key)
	if !ok {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		fmt.Fprintf(os.Stderr, "embassy-server: %s=%q is not a duration like 15s\n", key, v)
		os.Exit(2)
	}
	return d
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// envBool reads a boolean environment variable; anything but a parseable boolean keeps def.
func envBool(k string, def bool) bool {
	if v, err := strconv.ParseBool(os.Getenv(k)); err == nil {
		return v
	}
	return def
}
