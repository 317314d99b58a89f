// Command embassy-bots fills an Embassy server with simulated visitors and measures what they
// experience: see package client/bots. Example:
//
//	embassy-bots -server ws://127.0.0.1:8080/ws -n 200 -room reception -duration 20s -json
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/embassy-project/embassy/client/bots"
	"github.com/embassy-project/embassy/internal/keyfile"
)

func main() { os.Exit(run()) }

func run() int {
	fs := flag.NewFlagSet("embassy-bots", flag.ContinueOnError)
	var cfg bots.Config
	fs.StringVar(&cfg.Server, "server", env("EMBASSY_SERVER", "ws://127.0.0.1:8080/ws"), "server WebSocket URL (EMBASSY_SERVER)")
	fs.StringVar(&cfg.MetricsURL, "metrics", "", "server /metrics URL for server-side figures (default: derived from -server; \"off\" to skip)")
	fs.IntVar(&cfg.N, "n", 10, "number of bots")
	fs.StringVar(&cfg.Room, "room", "", "room to join (default: the arrival room)")
	fs.DurationVar(&cfg.Duration, "duration", 20*time.Second, "how long to measure once all bots are connected")
	fs.IntVar(&cfg.Ramp, "ramp", 200, "connections opened per second")
	fs.BoolVar(&cfg.Idle, "idle", false, "join but never move or chat")
	fs.BoolVar(&cfg.NoJoin, "no-join", false, "connect and handshake only (idle-connection memory runs)")
	fs.DurationVar(&cfg.ChatEvery, "chat-every", 30*time.Second, "mean time between one bot's chat lines (0 disables chat)")
	fs.StringVar(&cfg.NamePrefix, "prefix", "bot-", "bot name prefix")
	fs.BoolVar(&cfg.Voice, "voice", false, "every bot joins voice and listens")
	fs.IntVar(&cfg.Speakers, "speakers", 0, "the first K bots speak a tone each, at its own frequency (implies -voice)")
	fs.BoolVar(&cfg.Stage, "stage", false, "the speakers walk onto the room's stage first and stay there")
	fs.IntVar(&cfg.Group, "group", 0, "bots stand still in proximity groups of this size spread over the room (the first of a group speaks, within -speakers)")
	fs.DurationVar(&cfg.VoiceTimeout, "voice-timeout", time.Minute, "how long voice connections and walking into place may take")
	fs.BoolVar(&cfg.VoiceNoFeedback, "voice-no-feedback", false, "bots negotiate no NACK or RTCP reports")
	seed := fs.Uint64("seed", 1, "random seed")
	asJSON := fs.Bool("json", false, "print one JSON object with the results at the end")
	cpuProfile := fs.String("cpuprofile", "", "write the load generator's own CPU profile to this file")
	tokenFile := fs.String("token-file", env("EMBASSY_TOKEN_FILE", ""), "file holding a sign-in for the first bot (or set EMBASSY_TOKEN); never on the command line")
	if err := fs.Parse(os.Args[1:]); err != nil {
		return 2
	}
	cfg.Token = os.Getenv("EMBASSY_TOKEN")
	if *tokenFile != "" {
		b, err := keyfile.Read(*tokenFile, false)
		if err != nil {
			fmt.Fprintln(os.Stderr, "embassy-bots: token file:", err)
			return 2
		}
		cfg.Token = string(b)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "embassy-bots:", err)
			return 2
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "embassy-bots:", err)
			return 2
		}
		defer pprof.StopCPUProfile()
	}
	cfg.Seed = *seed
	switch cfg.MetricsURL {
	case "":
		cfg.MetricsURL = metricsURL(cfg.Server)
	case "off":
		cfg.MetricsURL = ""
	}
	if !*asJSON {
		cfg.Progress = os.Stderr
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := bots.Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "embassy-bots:", err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(res)
	} else {
		fmt.Printf("bots %d connected %d errors %d  move echo p50 %.1f ms p99 %.1f ms  in %.0f B/s/bot  %.1f snapshots/s/bot\n",
			res.Bots, res.Connected, res.Errors, res.MoveEchoMs.P50, res.MoveEchoMs.P99, res.BytesInPerBotPerS, res.SnapshotsPerBotPerS)
		if v := res.Voice; v != nil {
			fmt.Printf("voice: %d speakers %d listeners (%d connected)  packets sent %d received %d expected %d  loss %.3f%%  latency p50 %.1f ms p99 %.1f ms  tone ok %.1f%%\n",
				v.Speakers, v.Listeners, v.Connected, v.SentPackets, v.ReceivedPackets, v.ExpectedPackets, v.LossPct, v.LatencyMs.P50, v.LatencyMs.P99, v.ToneOKPct)
		}
		if s := res.Server; s != nil {
			fmt.Printf("server: tick p99 <= %.2f ms (mean %.2f ms)  cpu %.1f%% of one core  rss %.1f MB\n",
				s.TickP99Ms, s.TickMeanMs, s.CPUPercentOfCore, s.RSSBytes/1e6)
			if res.Voice != nil {
				fmt.Printf("server voice: forward p99 %.2f ms (mean %.3f ms)  each listener's copy p99 %.2f ms (mean %.3f ms)  packets forwarded %.0f dropped %.0f\n",
					s.VoiceForwardP99Ms, s.VoiceForwardMeanMs, s.VoiceDeliveryP99Ms, s.VoiceDeliveryMeanMs, s.VoiceForwarded, s.VoiceDropped)
			}
		}
	}
	if res.Errors > 0 {
		return 1
	}
	return 0 // deferred profile writes run before main's os.Exit
}

// metricsURL turns ws://host:port/ws into http://host:port/metrics.
func metricsURL(ws string) string {
	u, err := url.Parse(ws)
	if err != nil {
		return ""
	}
	u.Scheme = map[string]string{"wss": "https"}[u.Scheme]
	if u.Scheme == "" {
		u.Scheme = "http"
	}
	u.Path = "/metrics"
	return u.String()
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}
