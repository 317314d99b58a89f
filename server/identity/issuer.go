package identity

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/embassy-project/embassy/shared/names"
)

// Issuer mints tokens. It is safe for concurrent use.
type Issuer struct {
	key    []byte
	issuer string
}

// NewIssuer returns an Issuer signing with secret under the given issuer name (DefaultIssuer if empty).
func NewIssuer(secret Secret, issuer string) (*Issuer, error) {
	if len(secret.key) < MinSecretLen {
		return nil, errors.New("identity: issuer without a secret")
	}
	if issuer == "" {
		issuer = DefaultIssuer
	}
	return &Issuer{key: secret.key, issuer: issuer}, nil
}

// Mint signs a token for c that lives for ttl, and returns it with the claims as signed. c needs a
// UserID (UserIDFor derives one), a Name (normalised here; refused with a names.Refusal) and a
// Role. Left zero: TokenID (a random one), IssuedAt (now), NotBefore (IssuedAt). Issuer and
// ExpiresAt (IssuedAt + ttl) are always set here. Times are kept to the second, as tokens carry them.
func (i *Issuer) Mint(c Claims, ttl time.Duration) (string, Claims, error) {
	if ttl <= 0 || ttl > MaxTTL {
		return "", c, fmt.Errorf("a token must live between a second and %v, not %v", MaxTTL, ttl)
	}
	if !c.Role.Valid() {
		return "", c, fmt.Errorf("%w: %v", ErrUnknownRole, c.Role)
	}
	if !validID(c.UserID) {
		return "", c, fmt.Errorf("user id %q: 1 to %d printable ASCII characters, no spaces", truncate(c.UserID), maxIDLen)
	}
	if c.TokenID == "" {
		c.TokenID = NewTokenID()
	} else if !validID(c.TokenID) {
		return "", c, fmt.Errorf("token id %q: 1 to %d printable ASCII characters, no spaces", truncate(c.TokenID), maxIDLen)
	}
	name, err := names.Normalize(c.Name)
	if err != nil {
		return "", c, err
	}
	c.Name, c.Issuer = name, i.issuer
	if c.IssuedAt.IsZero() {
		c.IssuedAt = time.Now()
	}
	c.IssuedAt = c.IssuedAt.Truncate(time.Second)
	if c.NotBefore.IsZero() {
		c.NotBefore = c.IssuedAt
	}
	c.NotBefore = c.NotBefore.Truncate(time.Second)
	c.ExpiresAt = c.IssuedAt.Add(ttl).Truncate(time.Second)
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c.wire()).SignedString(i.key)
	if err != nil {
		return "", c, fmt.Errorf("sign token: %w", err)
	}
	if len(token) > MaxTokenSize {
		return "", c, fmt.Errorf("the token would be %d bytes, more than the %d allowed", len(token), MaxTokenSize)
	}
	return token, c, nil
}
