package gateway

import (
	"context"
	"errors"
	"time"

	"github.com/gorilla/websocket"

	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/shared/names"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Verifier checks sign-in tokens (*identity.Verifier).
type Verifier interface {
	Verify(ctx context.Context, token string, now time.Time) (identity.Claims, error)
}

// Words for sign-in refusals.
const (
	sayGuestsClosed = "This embassy admits signed-in visitors only: ask its staff for a sign-in."
	sayNoVerifier   = "This server does not accept sign-ins."
)

// signedIn is who a Hello says the person is.
type signedIn struct {
	userID string // "" for a guest: the session makes one
	name   string
	role   identity.Role
}

// signIn checks a Hello's token, or admits a guest under a normalised name that is not a member of
// staff's look-alike. Refusals are close errors with words fit to show.
func (s *Session) signIn(h *pb.Hello) (signedIn, error) {
	if tok := h.GetToken(); tok != "" {
		if s.g.cfg.Verifier == nil {
			return signedIn{}, closeError{code: websocket.ClosePolicyViolation, reason: sayNoVerifier, cause: causeBadToken}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		c, err := s.g.cfg.Verifier.Verify(ctx, tok, time.Now())
		if err != nil {
			code, cause := websocket.ClosePolicyViolation, causeBadToken
			if errors.Is(err, identity.ErrUnchecked) {
				code, cause = websocket.CloseTryAgainLater, causeUnavailable
			}
			return signedIn{}, closeError{code: code, reason: err.Error(), cause: cause, detail: err}
		}
		if s.g.cfg.Reserved != nil && c.Role.Staff() {
			s.g.cfg.Reserved.Add(c.Name)
		}
		return signedIn{userID: c.UserID, name: c.Name, role: c.Role}, nil
	}
	if !s.g.cfg.Guests {
		return signedIn{}, closeError{code: websocket.ClosePolicyViolation, reason: sayGuestsClosed, cause: causeBadToken}
	}
	name, err := names.Normalize(h.GetName())
	if err != nil {
		return signedIn{}, closeError{code: websocket.ClosePolicyViolation, reason: err.Error(), cause: causePolicy, detail: err}
	}
	if s.g.cfg.Reserved != nil {
		if err := s.g.cfg.Reserved.Check(name, identity.Visitor); err != nil {
			return signedIn{}, closeError{code: websocket.ClosePolicyViolation, reason: err.Error(), cause: causePolicy, detail: err}
		}
	}
	return signedIn{name: name, role: identity.Visitor}, nil
}
