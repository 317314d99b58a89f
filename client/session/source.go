// Package session is the desktop and browser game's view of the embassy, with no window, no files
// and no sockets of its own: server messages arrive from a Source and go to handlers registered per
// message type, which update the Model (rooms, you, the people in view with prediction and
// interpolation, chat, bubbles, the open exhibit); Actions (Hold, WalkTo, Say, Join, OpenExhibit...)
// turn what a person wants into intents for a Sender. Widgets read the Model and call Actions; nothing
// here knows about widgets.
package session

import (
	"context"
	"io/fs"
	"time"

	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// State is where a connection stands.
type State int

// The states of a connection.
const (
	Connecting State = iota // dialling (the first time or again)
	Online                  // connected and joined
	Waiting                 // disconnected, retrying at Status.RetryAt
	Ended                   // sent away by the server (kicked, banned): no more attempts
)

// Status is what the game shows about the connection.
type Status struct {
	State   State
	Reason  string    // why the last connection ended or failed, in words for a person
	Detail  string    // the error behind Reason, for the log
	RetryAt time.Time // Waiting: when the next attempt starts
	Attempt int       // consecutive failed attempts
	Session int       // increases with every successful connection
}

// Event is one server message with the time it arrived (for interpolation) and the connection it
// belongs to.
type Event struct {
	Msg     *pb.ServerMessage
	At      time.Time
	Session int
}

// Sender sends intents to the server. *client.Client is one.
type Sender interface {
	Join(room string) error
	Move(dx, dy int) (uint32, error)
	WalkTo(x, y int32) (uint32, error)
	Chat(kind pb.ChatKind, text, to string) (uint32, error)
	Emote(g pb.Gesture) (uint32, error)
	// Request sends a message answered by its ref: a moderation action or report (Moderate), the
	// moderator panel's lists (StaffQuery), an act in your room's event (EventAction), a guided
	// tour's lead or follow (Guide). It sets the ref and returns it.
	Request(m *pb.ClientMessage) (uint32, error)
}

// API is a Source that can also read the server's HTTP API (GET /api/events, /api/tours).
type API interface {
	// API returns the body of GET path (e.g. "api/events") on the server.
	API(ctx context.Context, path string) ([]byte, error)
}

// Source is where server messages come from: a Link to a real server, or a local feed (the drawing
// benchmark).
type Source interface {
	// Drain appends every message received since the last call to dst.
	Drain(dst []Event) []Event
	// Status says how the connection stands.
	Status() Status
	// Sender returns the live connection, nil while there is none.
	Sender() Sender
	// World returns the files of the world a Welcome names (maps, tileset, exhibits).
	World(w *pb.Welcome) fs.FS
	// SetRoom remembers the room you are in, to rejoin it after a reconnection.
	SetRoom(id string)
}
