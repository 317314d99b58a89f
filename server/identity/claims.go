// Package identity says who a person is: signed tokens (JWT, HS256) that carry a user id, a name
// and a role, minted by an Issuer and checked by a Verifier; the secret they are signed with
// (LoadSecret); roles; and the names visitors may not take because they look like staff's
// (ReservedNames). It keeps no store: whether a token was withdrawn is asked of a RevokedFunc that
// the caller supplies. It must not import the gateway, rooms or the network.
package identity

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/embassy-project/embassy/shared/names"
)

// Limits on tokens.
const (
	// DefaultIssuer is the issuer tokens carry unless an Issuer is given another; a Verifier
	// refuses tokens from any issuer but its own.
	DefaultIssuer = "embassy"
	// MaxTokenSize bounds a token in bytes; a longer one is refused before it is parsed. A token
	// with the longest name (32 characters of four bytes each) and user id is 520 bytes.
	MaxTokenSize = 1024
	// MaxTTL is the longest a token may live: a year and a day.
	MaxTTL = 366 * 24 * time.Hour
	// ClockSkew is how far the clocks of the machine that minted a token and the one checking it
	// may disagree: a token is accepted this long after it expires, and this long before it starts.
	ClockSkew = 30 * time.Second
	// maxIDLen bounds a user id and a token id.
	maxIDLen = 64
)

// Claims are what a token says about its holder.
type Claims struct {
	UserID    string    // "sub": stable across tokens, what bans and the audit log name
	Name      string    // "name": the display name, normalised (shared/names)
	Role      Role      // "role": by name ("moderator")
	TokenID   string    // "jti": what revokes this one token
	Issuer    string    // "iss"
	IssuedAt  time.Time // "iat"
	NotBefore time.Time // "nbf"
	ExpiresAt time.Time // "exp"
}

// wireClaims is the JSON a token carries.
type wireClaims struct {
	jwt.RegisteredClaims
	Name string `json:"name"`
	Role string `json:"role"`
}

func (c Claims) wire() wireClaims {
	return wireClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Subject: c.UserID, ID: c.TokenID, Issuer: c.Issuer,
			IssuedAt:  jwt.NewNumericDate(c.IssuedAt),
			NotBefore: jwt.NewNumericDate(c.NotBefore),
			ExpiresAt: jwt.NewNumericDate(c.ExpiresAt),
		},
		Name: c.Name, Role: c.Role.String(),
	}
}

// claims checks what the JWT library does not (that the ids, name and role are there and sound)
// and converts.
func (w *wireClaims) claims() (Claims, error) {
	c := Claims{UserID: w.Subject, TokenID: w.ID, Issuer: w.Issuer}
	switch {
	case !validID(w.Subject):
		return c, fmt.Errorf("user id (sub) %q missing or malformed", truncate(w.Subject))
	case !validID(w.ID):
		return c, fmt.Errorf("token id (jti) %q missing or malformed", truncate(w.ID))
	case w.IssuedAt == nil:
		return c, fmt.Errorf("issued-at (iat) missing")
	case len(w.Audience) > 0: // an invitation (InviteAudience) is not a sign-in
		return c, fmt.Errorf("a token for %v is not a sign-in", w.Audience)
	}
	var err error
	if c.Role, err = ParseRole(w.Role); err != nil {
		return c, err
	}
	if c.Name, err = names.Normalize(w.Name); err != nil {
		return c, fmt.Errorf("name %q: %w", truncate(w.Name), err)
	}
	c.IssuedAt, c.ExpiresAt = w.IssuedAt.Time, w.ExpiresAt.Time
	if w.NotBefore != nil {
		c.NotBefore = w.NotBefore.Time
	}
	return c, nil
}

// validID: 1..64 bytes of printable ASCII, no spaces, so an id is safe in logs, keys and URLs.
func validID(s string) bool {
	if s == "" || len(s) > maxIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

func truncate(s string) string {
	if len(s) > maxIDLen {
		return s[:maxIDLen] + "..."
	}
	return s
}

// UserIDFor derives a user id from a name: "u-" and 16 hex digits of a hash of its case-folded
// normal form (names.CompareKey). The same name always gives the same id, so bans and the audit
// log follow a person across the tokens minted for them; two people who share a name need
// explicit ids. Guests get random ids from the gateway, without the "u-".
func UserIDFor(name string) string {
	k := names.CompareKey(name)
	if k == "" {
		k = name
	}
	sum := sha256.Sum256([]byte("embassy user id\x00" + k))
	return "u-" + hex.EncodeToString(sum[:8])
}

// NewTokenID returns a random token id: 128 bits, base64url.
func NewTokenID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (it crashes the program first)
	return base64.RawURLEncoding.EncodeToString(b[:])
}
