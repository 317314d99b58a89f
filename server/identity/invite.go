package identity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/embassy-project/embassy/shared/names"
)

// InviteAudience marks a token as an invitation: a sign-in has no audience, so neither can pass
// for the other.
const InviteAudience = "embassy-invite"

// Invite is a signed invitation: it names an event and the guest, who enters under that name.
type Invite struct {
	EventID   int64
	Name      string // normalised (shared/names)
	TokenID   string // what revokes it
	IssuedAt  time.Time
	ExpiresAt time.Time
}

type wireInvite struct {
	jwt.RegisteredClaims
	Name  string `json:"name"`
	Event int64  `json:"event"`
}

// MintInvite signs an invitation for inv's guest to inv's event, valid for ttl.
func (i *Issuer) MintInvite(inv Invite, ttl time.Duration) (string, Invite, error) {
	if ttl <= 0 || ttl > MaxTTL {
		return "", inv, fmt.Errorf("an invitation must live between a second and %v, not %v", MaxTTL, ttl)
	}
	if inv.EventID <= 0 {
		return "", inv, errors.New("an invitation must name an event")
	}
	name, err := names.Normalize(inv.Name)
	if err != nil {
		return "", inv, err
	}
	inv.Name, inv.TokenID = name, NewTokenID()
	if inv.IssuedAt.IsZero() {
		inv.IssuedAt = time.Now()
	}
	inv.IssuedAt = inv.IssuedAt.Truncate(time.Second)
	inv.ExpiresAt = inv.IssuedAt.Add(ttl).Truncate(time.Second)
	w := wireInvite{
		RegisteredClaims: jwt.RegisteredClaims{
			Subject: UserIDFor(name), ID: inv.TokenID, Issuer: i.issuer, Audience: jwt.ClaimStrings{InviteAudience},
			IssuedAt: jwt.NewNumericDate(inv.IssuedAt), ExpiresAt: jwt.NewNumericDate(inv.ExpiresAt),
		},
		Name: name, Event: inv.EventID,
	}
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, w).SignedString(i.key)
	if err != nil {
		return "", inv, fmt.Errorf("sign invitation: %w", err)
	}
	if len(token) > MaxTokenSize {
		return "", inv, fmt.Errorf("the invitation would be %d bytes, more than the %d allowed", len(token), MaxTokenSize)
	}
	return token, inv, nil
}

// Why an invitation was refused, in words fit to show.
var (
	ErrInviteExpired  = errors.New("your invitation has expired")
	ErrInviteNotValid = errors.New("this invitation is not valid")
	ErrInviteRevoked  = errors.New("this invitation was withdrawn")
)

// VerifyInvite checks an invitation: HS256 with this server's secret, the invitation audience,
// not expired, not revoked (through the same revocation list as sign-ins).
func (v *Verifier) VerifyInvite(ctx context.Context, token string, now time.Time) (Invite, error) {
	if len(token) > MaxTokenSize {
		return Invite{}, refuse(ErrInviteNotValid, fmt.Errorf("invitation is %d bytes, the limit is %d", len(token), MaxTokenSize))
	}
	p := jwt.NewParser(
		jwt.WithValidMethods(validMethods), jwt.WithIssuer(v.issuer), jwt.WithAudience(InviteAudience),
		jwt.WithLeeway(ClockSkew), jwt.WithTimeFunc(func() time.Time { return now }),
		jwt.WithExpirationRequired(), jwt.WithIssuedAt(), jwt.WithStrictDecoding(),
	)
	var w wireInvite
	_, err := p.ParseWithClaims(token, &w, func(*jwt.Token) (any, error) { return v.key, nil })
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return Invite{}, refuse(ErrInviteExpired, err)
	case err != nil:
		return Invite{}, refuse(ErrInviteNotValid, err)
	case w.Event <= 0 || !validID(w.ID) || w.IssuedAt == nil:
		return Invite{}, refuse(ErrInviteNotValid, errors.New("invitation without an event, an id or a time"))
	}
	name, err := names.Normalize(w.Name)
	if err != nil {
		return Invite{}, refuse(ErrInviteNotValid, fmt.Errorf("invitation name: %w", err))
	}
	if v.revoked != nil {
		withdrawn, err := v.revoked(ctx, w.ID, now)
		switch {
		case err != nil:
			return Invite{}, refuse(ErrUnchecked, fmt.Errorf("revocation check for invitation %s: %w", w.ID, err))
		case withdrawn:
			return Invite{}, refuse(ErrInviteRevoked, fmt.Errorf("invitation %s was revoked", w.ID))
		}
	}
	return Invite{EventID: w.Event, Name: name, TokenID: w.ID, IssuedAt: w.IssuedAt.Time, ExpiresAt: w.ExpiresAt.Time}, nil
}
