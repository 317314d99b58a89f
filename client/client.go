// Package client is the headless Embassy client: it connects to a server, runs the handshake, sends
// intents and chat, and keeps a local view of the room from the server's snapshots, with no window.
// The desktop game, the bots load generator and the end-to-end tests all sit on it.
package client

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/embassy-project/embassy/client/transport"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Options configure a connection.
type Options struct {
	URL   string // ws://host:port/ws
	Name  string
	Look  *pb.Look
	Token string // optional sign-in token
	// DeviceKey is a guest's device key (see platform.DeviceKey), so a ban holds across names.
	DeviceKey string
	// Invite is a signed invitation to an event: without a Token the person enters under its name.
	Invite string
	Client string // client name and version, e.g. "embassy-bots/1"
	// OnMessage, if set, is called from the read goroutine for every server message, after the view
	// has been updated. It must not block for long.
	OnMessage func(m *pb.ServerMessage, received time.Time)
	// Dialer opens the WebSocket; nil means transport.WebSocket{}.
	Dialer transport.Dialer
}

// CloseError is why the server ended the connection.
type CloseError = transport.CloseError

// Client is one connection to an Embassy server. Its methods are safe for concurrent use.
type Client struct {
	Intents // what it sends: Join, Move, Chat, Request... written through writeFrame

	opts    Options
	conn    transport.Conn
	welcome *pb.Welcome

	wmu     sync.Mutex // guards writes to conn, conn itself, welcome and closing
	closing bool       // Close was called: a redirect in flight must not bring the connection back

	mu      sync.Mutex // guards view, changed and watched
	view    View
	changed chan struct{} // closed and replaced when the view changes while someone waits on it
	watched bool          // a WaitFor holds changed

	redirects atomic.Int64
	bytesIn   atomic.Int64
	msgsIn    atomic.Int64
	done      chan struct{}
	err       error // set before done is closed
}

// Dial connects, sends Hello and waits for Welcome. The connection's read loop then runs until Close
// or until the server closes it.
func Dial(ctx context.Context, opts Options) (*Client, error) {
	if opts.Dialer == nil {
		opts.Dialer = transport.WebSocket{}
	}
	c := &Client{opts: opts, changed: make(chan struct{}), done: make(chan struct{})}
	c.Intents.write = c.writeFrame
	c.view.init()
	conn, welcome, err := c.handshake(ctx, opts.URL, "")
	if err != nil {
		return nil, err
	}
	c.conn = conn
	c.setWelcome(welcome)
	go c.readLoop()
	return c, nil
}

// handshake connects to url, says Hello (with a redirect's ticket, if any) and reads the Welcome.
func (c *Client) handshake(ctx context.Context, url, ticket string) (transport.Conn, *pb.ServerMessage, error) {
	conn, err := c.opts.Dialer.Dial(ctx, url, protocol.MaxServerFrame)
	if err != nil {
		return nil, nil, err
	}
	hello, err := protocol.Encode(&pb.ClientMessage{Msg: &pb.ClientMessage_Hello{Hello: &pb.Hello{
		ProtocolVersion: protocol.Version, Name: c.opts.Name, Look: c.opts.Look, Token: c.opts.Token,
		Client: c.opts.Client, Ticket: ticket, DeviceKey: c.opts.DeviceKey, Invite: c.opts.Invite,
	}}})
	if err == nil {
		err = conn.Write(hello)
	}
	if err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("hello: %w", err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetReadDeadline(dl)
	}
	m, err := c.readOne(conn)
	if err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("handshake: %w", err)
	}
	_ = conn.SetReadDeadline(time.Time{})
	if m.GetWelcome() == nil {
		conn.Close()
		return nil, nil, fmt.Errorf("handshake: expected Welcome, got %T", m.Msg)
	}
	return conn, m, nil
}

func (c *Client) setWelcome(m *pb.ServerMessage) {
	c.wmu.Lock()
	c.welcome = m.GetWelcome()
	c.wmu.Unlock()
	_ = c.apply(m, time.Now()) // a Welcome cannot fail to apply
}

// follow moves this client to the node a Redirect names, keeping its identity; the server there
// places it in the room at once.
func (c *Client) follow(r *pb.Redirect) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, welcome, err := c.handshake(ctx, r.GetUrl(), r.GetTicket())
	if err != nil {
		return fmt.Errorf("follow redirect to %s: %w", r.GetUrl(), err)
	}
	c.wmu.Lock()
	if c.closing {
		c.wmu.Unlock()
		conn.Close()
		return errors.New("closed while following a redirect")
	}
	old := c.conn
	c.conn = conn
	c.wmu.Unlock()
	_ = old.WriteClose(transport.CloseNormal, "moved")
	old.Close()
	c.redirects.Add(1)
	c.setWelcome(welcome)
	return nil
}

// Welcome returns the server's latest Welcome: the user id and name given, the tick rate, speed and
// rooms.
func (c *Client) Welcome() *pb.Welcome {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.welcome
}

// Redirects returns how many times the client followed a server to another node.
func (c *Client) Redirects() int64 { return c.redirects.Load() }

// Done is closed when the connection has ended; Err then says why.
func (c *Client) Done() <-chan struct{} { return c.done }

// Err returns why the connection ended (a *CloseError when the server closed it), or nil if it has not.
func (c *Client) Err() error {
	select {
	case <-c.done:
		return c.err
	default:
		return nil
	}
}

// BytesIn returns the payload bytes received so far; MessagesIn the messages.
func (c *Client) BytesIn() int64    { return c.bytesIn.Load() }
func (c *Client) MessagesIn() int64 { return c.msgsIn.Load() }

// Close ends the connection politely.
func (c *Client) Close() error {
	c.wmu.Lock()
	c.closing = true
	conn := c.conn
	_ = conn.WriteClose(transport.CloseNormal, "bye")
	c.wmu.Unlock()
	select {
	case <-c.done:
	case <-time.After(2 * time.Second):
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.conn.Close()
}

func (c *Client) readOne(conn transport.Conn) (*pb.ServerMessage, error) {
	data, err := conn.Read()
	if err != nil {
		return nil, err
	}
	c.bytesIn.Add(int64(len(data)))
	c.msgsIn.Add(1)
	return protocol.DecodeServer(data)
}

func (c *Client) readLoop() {
	var err error
	c.wmu.Lock()
	conn := c.conn
	c.wmu.Unlock()
	for {
		var m *pb.ServerMessage
		m, err = c.readOne(conn)
		if err != nil {
			break
		}
		if r := m.GetRedirect(); r != nil {
			if err = c.follow(r); err != nil {
				break
			}
			c.wmu.Lock()
			conn = c.conn
			c.wmu.Unlock()
			continue
		}
		now := time.Now()
		if err = c.apply(m, now); err != nil {
			c.closeWith(transport.CloseProtocolError, err.Error())
			break
		}
		if c.opts.OnMessage != nil {
			c.opts.OnMessage(m, now)
		}
	}
	conn.Close()
	c.mu.Lock()
	c.err = err
	close(c.done)
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
}

// writeFrame writes one frame to the connection the client has now; the Intents write through it.
func (c *Client) writeFrame(b []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if err := c.conn.Write(b); err != nil {
		return fmt.Errorf("send: %w", err)
	}
	return nil
}

// View calls fn with the current view while holding the view's lock; fn must not keep the pointer.
func (c *Client) View(fn func(v *View)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fn(&c.view)
}

// WaitFor blocks until cond holds for the view (checked after every message), ctx ends, or the
// connection closes.
func (c *Client) WaitFor(ctx context.Context, cond func(v *View) bool) error {
	for {
		c.mu.Lock()
		ok, ch := cond(&c.view), c.changed
		c.watched = true
		c.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait: %w", ctx.Err())
		case <-c.done:
			c.mu.Lock()
			ok := cond(&c.view)
			c.mu.Unlock()
			if ok {
				return nil
			}
			return fmt.Errorf("wait: connection ended: %w", c.err)
		case <-ch:
		}
	}
}

func (c *Client) apply(m *pb.ServerMessage, at time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.view.Apply(m, at); err != nil {
		return fmt.Errorf("server message %T: %w", m.Msg, err)
	}
	if c.watched {
		close(c.changed)
		c.changed, c.watched = make(chan struct{}), false
	}
	return nil
}

// closeWith tells the server why this client is hanging up.
func (c *Client) closeWith(code int, reason string) {
	if len(reason) > 120 {
		reason = reason[:120]
	}
	c.wmu.Lock()
	_ = c.conn.WriteClose(code, reason)
	c.wmu.Unlock()
}
