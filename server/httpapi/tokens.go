package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/moderation"
)

// TokenRequest is POST /api/tokens: a sign-in for someone.
type TokenRequest struct {
	Name   string `json:"name"`
	Role   string `json:"role"`    // visitor (default), diplomat, moderator, admin
	TTL    string `json:"ttl"`     // like 8h or 30d; default 24h, at most 366 days
	UserID string `json:"user_id"` // default: derived from the name
}

// TokenJSON is a minted sign-in: the token goes to the person it is for; the id revokes it.
type TokenJSON struct {
	Token   string    `json:"token"`
	TokenID string    `json:"token_id"`
	Name    string    `json:"name"`
	Role    string    `json:"role"`
	UserID  string    `json:"user_id"`
	Expires time.Time `json:"expires"`
}

type tokens struct {
	mod *moderation.Service
	iss *identity.Issuer
}

// mountTokens adds POST /api/tokens: moderators mint sign-ins for visitors, only admins for staff.
func mountTokens(mux *http.ServeMux, g *guard, mod *moderation.Service, iss *identity.Issuer) {
	t := &tokens{mod: mod, iss: iss}
	mux.Handle("POST /api/tokens", g.wrap(t.mint))
}

func (t *tokens) mint(ctx context.Context, actor moderation.Actor, r *http.Request) (int, any, error) {
	var req TokenRequest
	if err := decode(r.Body, &req); err != nil {
		return 0, nil, err
	}
	role := identity.Visitor
	if req.Role != "" {
		var err error
		if role, err = identity.ParseRole(req.Role); err != nil {
			return 0, nil, badRequest("%v", err)
		}
	}
	action := moderation.MintVisitor
	if role.Staff() {
		action = moderation.MintStaff
	}
	if err := t.mod.Check(ctx, actor, action); err != nil {
		return 0, nil, err
	}
	if err := checkName("name", req.Name); err != nil {
		return 0, nil, err
	}
	ttl := 24 * time.Hour
	if req.TTL != "" {
		d, err := moderation.ParseDuration(req.TTL)
		if err != nil || d <= 0 {
			return 0, nil, badRequest("ttl %q: a duration like 8h or 30d", req.TTL)
		}
		ttl = d
	}
	userID := req.UserID
	if userID == "" {
		userID = identity.UserIDFor(req.Name)
	}
	tok, c, err := t.iss.Mint(identity.Claims{UserID: userID, Name: req.Name, Role: role}, ttl)
	if err != nil {
		return 0, nil, badRequest("%v", err)
	}
	t.mod.Done(ctx, actor, action, c.Name, "a "+role.String()+" sign-in until "+c.ExpiresAt.UTC().Format(time.RFC3339)+", token id "+c.TokenID)
	return http.StatusCreated, TokenJSON{Token: tok, TokenID: c.TokenID, Name: c.Name, Role: role.String(), UserID: c.UserID, Expires: c.ExpiresAt.UTC()}, nil
}
