package identity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// RevokedFunc answers whether the token with this id is withdrawn at now (the time Verify was
// given). The store answers it: its TokenRevoked method is one. An error refuses the sign-in
// (ErrUnchecked) rather than letting a withdrawn token through.
type RevokedFunc func(ctx context.Context, tokenID string, now time.Time) (bool, error)

// Verifier checks tokens. It is safe for concurrent use.
type Verifier struct {
	key     []byte
	issuer  string
	revoked RevokedFunc
}

// NewVerifier returns a Verifier for tokens signed with secret by issuer (DefaultIssuer if empty).
// revoked may be nil: then no token counts as withdrawn.
func NewVerifier(secret Secret, issuer string, revoked RevokedFunc) (*Verifier, error) {
	if len(secret.key) < MinSecretLen {
		return nil, errors.New("identity: verifier without a secret")
	}
	if issuer == "" {
		issuer = DefaultIssuer
	}
	return &Verifier{key: secret.key, issuer: issuer, revoked: revoked}, nil
}

// validMethods pins the algorithm: a token's header cannot choose another (alg "none", RS256
// with the secret as a "public key"...).
var validMethods = []string{jwt.SigningMethodHS256.Alg()}

// Verify checks token at time now and returns its claims, or a *TokenError whose message is fit
// to show the person (expired, not valid, withdrawn, cannot be checked) and whose Detail is for
// the log. In order: size, signature and algorithm, issuer, expiry and start (with ClockSkew
// either way), issued-at not in the future, the claims themselves, then revocation.
func (v *Verifier) Verify(ctx context.Context, token string, now time.Time) (Claims, error) {
	if len(token) > MaxTokenSize {
		return Claims{}, refuse(ErrNotValid, fmt.Errorf("token is %d bytes, the limit is %d", len(token), MaxTokenSize))
	}
	p := jwt.NewParser(
		jwt.WithValidMethods(validMethods),
		jwt.WithIssuer(v.issuer),
		jwt.WithLeeway(ClockSkew),
		jwt.WithTimeFunc(func() time.Time { return now }),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithStrictDecoding(),
	)
	var w wireClaims
	_, err := p.ParseWithClaims(token, &w, func(t *jwt.Token) (any, error) {
		if t.Method != jwt.SigningMethodHS256 { // WithValidMethods already checks; twice is cheap
			return nil, fmt.Errorf("signing method %v", t.Header["alg"])
		}
		return v.key, nil
	})
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return Claims{}, refuse(ErrExpired, err)
	case err != nil:
		return Claims{}, refuse(ErrNotValid, err)
	}
	c, err := w.claims()
	if err != nil {
		return Claims{}, refuse(ErrNotValid, fmt.Errorf("signed token with bad claims: %w", err))
	}
	if v.revoked != nil {
		withdrawn, err := v.revoked(ctx, c.TokenID, now)
		switch {
		case err != nil:
			return Claims{}, refuse(ErrUnchecked, fmt.Errorf("revocation check for token %s: %w", c.TokenID, err))
		case withdrawn:
			return Claims{}, refuse(ErrRevoked, fmt.Errorf("token %s of user %s was revoked", c.TokenID, c.UserID))
		}
	}
	return c, nil
}
