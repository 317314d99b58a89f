package gateway

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gorilla/websocket"

	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/store"
	"github.com/embassy-project/embassy/shared/names"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Verifier checks sign-in tokens (*identity.Verifier).
type Verifier interface {
	Verify(ctx context.Context, token string, now time.Time) (identity.Claims, error)
	VerifyInvite(ctx context.Context, token string, now time.Time) (identity.Invite, error)
}

// Words for sign-in refusals.
const (
	sayGuestsClosed = "This embassy admits signed-in visitors only: ask its staff for a sign-in."
	sayNoVerifier   = "This server does not accept sign-ins."
)

// signedIn is who a Hello says the person is.
type signedIn struct {
	userID  string // "" for a guest: the session makes one
	name    string
	role    identity.Role
	signed  bool    // the name comes from a sign-in
	invites []int64 // events the person holds an invitation to
}

// signIn checks a Hello's sign-in and invitation (see signInToken). With an invitation and no
// sign-in, the person enters as a visitor under the invitation's name.
func (s *Session) signIn(h *pb.Hello) (signedIn, error) {
	if h.GetInvite() == "" {
		return s.signInToken(h)
	}
	if s.g.cfg.Verifier == nil {
		return signedIn{}, closeError{code: websocket.ClosePolicyViolation, reason: sayNoVerifier, cause: causeBadToken}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	inv, err := s.g.cfg.Verifier.VerifyInvite(ctx, h.GetInvite(), time.Now())
	if err != nil {
		code, cause := websocket.ClosePolicyViolation, causeBadToken
		if errors.Is(err, identity.ErrUnchecked) {
			code, cause = websocket.CloseTryAgainLater, causeUnavailable
		}
		return signedIn{}, closeError{code: code, reason: err.Error(), cause: cause, detail: err}
	}
	if h.GetToken() != "" {
		who, err := s.signInToken(h)
		who.invites = []int64{inv.EventID}
		return who, err
	}
	// Invited: admitted like a guest would be, even where guests are not, under the invited name.
	return signedIn{userID: identity.UserIDFor(inv.Name), name: inv.Name, role: identity.Visitor, invites: []int64{inv.EventID}}, nil
}

// signInToken checks a Hello's token, or admits a guest under a normalised name that is not a
// member of staff's look-alike. Refusals are close errors with words fit to show.
func (s *Session) signInToken(h *pb.Hello) (signedIn, error) {
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
		return signedIn{userID: c.UserID, name: c.Name, role: c.Role, signed: true}, nil
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

// CloseBanned is the close code for someone banned from the embassy.
const CloseBanned = 4007

// causeBanned labels sessions turned away by a ban.
const causeBanned = "banned"

// Bans is what the gateway asks of the store at the door (*store.Store is one).
type Bans interface {
	Banned(ctx context.Context, s store.Subject, now time.Time) (store.Ban, bool, error)
	AppendAudit(ctx context.Context, e store.AuditEntry) (store.AuditEntry, error)
}

// checkBan turns away someone a ban matches (by user id, name or device key), in words that say
// until when and why, and puts the refused attempt in the audit log. A store that cannot answer
// turns them away too, to try again: a ban must not lapse because a disk or Redis is slow.
func (s *Session) checkBan(who signedIn, deviceKey string) error {
	bans := s.g.cfg.Bans
	if bans == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	now := time.Now()
	subj := store.Subject{UserID: who.userID, Name: names.CompareKey(who.name), DeviceKey: deviceKey}
	ban, banned, err := bans.Banned(ctx, subj, now)
	if err != nil {
		s.g.refusals.note(refusedUnavailable, who.userID, sayPresenceDown, err)
		return closeError{code: websocket.CloseTryAgainLater, reason: sayPresenceDown, cause: causeUnavailable, detail: err}
	}
	if !banned {
		return nil
	}
	reason := "You are banned from this embassy"
	if !ban.ExpiresAt.IsZero() {
		reason += " until " + ban.ExpiresAt.UTC().Format("15:04 UTC, 2 Jan")
	}
	if ban.Reason != "" {
		reason += ": " + ban.Reason
	}
	if _, err := bans.AppendAudit(ctx, store.AuditEntry{
		Time: now, Actor: store.Actor{ID: who.userID, Name: who.name, Role: who.role.String()}, Action: "enter",
		Target: store.Target{ID: who.userID, Name: who.name}, Reason: fmt.Sprintf("banned (ban %d)", ban.ID),
		Node: s.g.cfg.Node, Outcome: store.OutcomeRefused,
	}); err != nil {
		s.log.Warn("audit a refused entry", "err", err)
	}
	return closeError{code: CloseBanned, reason: truncateReason(reason), cause: causeBanned}
}
