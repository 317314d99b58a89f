// Package nodetest runs a real Embassy server node on a loopback port for other packages' tests
// (clients, bots, the desktop window). It stops the node when the test ends.
package nodetest

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"

	"github.com/embassy-project/embassy/server/node"
)

// Server is a running node.
type Server struct {
	Node *node.Node
	Addr string // host:port
	stop func()
}

// WS returns the node's WebSocket URL.
func (s *Server) WS() string { return "ws://" + s.Addr + "/ws" }

// HTTP returns the node's base HTTP URL.
func (s *Server) HTTP() string { return "http://" + s.Addr }

// Stop stops the node and waits for it; it is safe to call more than once.
func (s *Server) Stop() { s.stop() }

// Start runs a node with the default configuration on ln (a fresh loopback port when nil), and stops
// it when t ends.
func Start(t testing.TB, ln net.Listener) *Server {
	t.Helper()
	return StartWith(t, ln)
}

// StartWith runs a node on ln (a fresh loopback port when nil) with the default configuration as
// the mutate functions change it (Redis, node id...), advertising its own address, and stops it
// when t ends.
func StartWith(t testing.TB, ln net.Listener, mutate ...func(*node.Config)) *Server {
	t.Helper()
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
	}
	cfg := node.Defaults()
	cfg.Advertise = "ws://" + ln.Addr().String() + "/ws"
	cfg.DataDir = t.TempDir()
	for _, m := range mutate {
		m(&cfg)
	}
	n, err := node.New(cfg, slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError})))
	if err != nil {
		ln.Close()
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = n.Run(ctx, ln) }()
	s := &Server{Node: n, Addr: ln.Addr().String(), stop: func() { cancel(); <-done }}
	t.Cleanup(s.Stop)
	return s
}
