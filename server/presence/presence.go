// Package presence knows who is online in the embassy, under which name, on which node and in which
// room. The Store interface has an in-process implementation (Memory) for a single node; a Redis
// implementation lets many nodes share one view. Writer applies updates off the hot path, so rooms
// and sessions never wait for the store.
package presence

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Errors a Store returns.
var (
	ErrNameTaken = errors.New("name is taken")
	ErrNotFound  = errors.New("not online")
)

// Entry is one person online.
type Entry struct {
	UserID string    `json:"user_id"`
	Name   string    `json:"name"`
	Role   string    `json:"role"`
	Node   string    `json:"node"`
	Room   string    `json:"room"`
	Since  time.Time `json:"since"`
	// DeviceKey is a guest's device key, so that a ban can hold against the device; never shown
	// (not in JSON: /api/online lists entries to staff).
	DeviceKey string `json:"-"`
}

// Store holds presence. Implementations are safe for concurrent use.
type Store interface {
	// Add puts e online, reserving its name; ErrNameTaken if someone else online has it.
	Add(ctx context.Context, e Entry) error
	// SetRoom records that the user is now in room.
	SetRoom(ctx context.Context, userID, room string) error
	// Remove takes the user offline and frees the name.
	Remove(ctx context.Context, userID string) error
	// List returns everyone online, by name.
	List(ctx context.Context) ([]Entry, error)
	// ByName finds who is online under name (case-insensitively); ErrNotFound if nobody.
	ByName(ctx context.Context, name string) (Entry, error)
}

// NameKey is the form of a name used for uniqueness: names differing only in case are the same name.
func NameKey(name string) string { return strings.ToLower(name) }
