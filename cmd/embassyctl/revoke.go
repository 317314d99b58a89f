package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/store"
)

// revokeCommand withdraws a signed token by its id, so that the server refuses it ("this
// sign-in was withdrawn") although it has not expired.
type revokeCommand struct{}

func (revokeCommand) Name() string { return "revoke" }

func (revokeCommand) Summary() string { return "withdraw a signed token by its id (-token-id)" }

func (revokeCommand) Run(e *env, args []string) error {
	fs := newFlags(e, "revoke")
	describe(fs, e, "revoke -token-id JTI [-until T] [-reason TEXT] [-by NAME]",
		"Withdraws a token: the server refuses it from then on, saying \"this sign-in was withdrawn\".",
		"embassyctl token prints the id of each token it mints. The revocation needs to last only",
		"until the token expires; by default it lasts as long as any token can live.", takesEffect)
	tokenID := fs.String("token-id", "", "the token's id (its jti) (required)")
	until := fs.String("until", "", fmt.Sprintf("refuse it until this time (2026-01-02T15:04:05Z) or for this long (720h); default %v, the longest a token lives", identity.MaxTTL))
	reason := fs.String("reason", "", "why, for the audit log")
	var cf changeFlags
	cf.register(fs, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	jti := strings.TrimSpace(*tokenID)
	if jti == "" {
		return usagef("-token-id is required")
	}
	if !validID(jti) {
		return usagef("-token-id %q: a token id is 1 to 64 printable ASCII characters without spaces", *tokenID)
	}
	now := time.Now()
	end := now.Add(identity.MaxTTL)
	if *until != "" {
		var err error
		if end, err = parseWhen("until", *until, now, 1); err != nil {
			return err
		}
		if !end.After(now) {
			return usagef("-until %s is not in the future", *until)
		}
	}
	by, err := cf.actor()
	if err != nil {
		return err
	}
	return cf.with(e, fs, func(ctx context.Context, st store.Store) error {
		if err := st.RevokeToken(ctx, jti, end); err != nil {
			return err
		}
		note := withNote(*reason, fmt.Sprintf("token %s refused until %s", jti, when(end)))
		if err := audit(ctx, st, store.AuditEntry{Time: now, Actor: by, Action: "revoke", Target: store.Target{ID: jti}, Reason: note},
			fmt.Sprintf("token %s is revoked", jti)); err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "token %s revoked until %s\n", jti, when(end))
		return nil
	})
}
