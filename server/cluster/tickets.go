package cluster

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// TicketTTL is how long a redirect ticket stays valid.
const TicketTTL = 30 * time.Second

// ErrBadTicket means a ticket is unknown, used or expired.
var ErrBadTicket = errors.New("ticket is unknown, used or expired")

// Ticket carries a visitor's identity from one node to another.
type Ticket struct {
	UserID string `json:"user_id"`
	Name   string `json:"name"`
	Role   int32  `json:"role"`
	Room   string `json:"room"`
	Spawn  string `json:"spawn"`
	// DeviceKey is a guest's device key, so bans by device hold on the node they move to.
	DeviceKey string  `json:"device_key,omitempty"`
	SignedIn  bool    `json:"signed_in,omitempty"` // the name comes from a sign-in
	Invites   []int64 `json:"invites,omitempty"`   // events the person holds an invitation to
	Guiding   string  `json:"guiding,omitempty"`   // the guided tour the person leads
	Following string  `json:"following,omitempty"` // the guide the person follows
}

// Tickets issues and redeems single-use tickets in Redis.
type Tickets struct {
	rdb    *redis.Client
	prefix string
}

// NewTickets returns the ticket office.
func NewTickets(rdb *redis.Client, prefix string) *Tickets { return &Tickets{rdb: rdb, prefix: prefix} }

// Issue stores t and returns its secret token.
func (k *Tickets) Issue(ctx context.Context, t Ticket) (string, error) {
	var b [16]byte
	_, _ = rand.Read(b[:])
	token := hex.EncodeToString(b[:])
	data, _ := json.Marshal(t)
	if err := k.rdb.Set(ctx, k.prefix+"ticket:"+token, data, TicketTTL).Err(); err != nil {
		return "", fmt.Errorf("issue ticket: %w", err)
	}
	return token, nil
}

// Redeem returns the ticket for token and deletes it.
func (k *Tickets) Redeem(ctx context.Context, token string) (Ticket, error) {
	var t Ticket
	data, err := k.rdb.GetDel(ctx, k.prefix+"ticket:"+token).Bytes()
	if errors.Is(err, redis.Nil) {
		return t, ErrBadTicket
	}
	if err != nil {
		return t, fmt.Errorf("redeem ticket: %w", err)
	}
	if err := json.Unmarshal(data, &t); err != nil {
		return t, fmt.Errorf("redeem ticket: %w", err)
	}
	return t, nil
}
