package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/embassy-project/embassy/server/store"
)

// unbanCommand lifts a ban early. The record stays, with who lifted it and when.
type unbanCommand struct{}

func (unbanCommand) Name() string { return "unban" }

func (unbanCommand) Summary() string { return "lift ban -id N early; its record stays" }

func (unbanCommand) Run(e *env, args []string) error {
	fs := newFlags(e, "unban")
	describe(fs, e, "unban -id N [-reason TEXT] [-by NAME]",
		"Lifts a ban before it ends (embassyctl bans lists them with their ids). The ban's record",
		"stays, with who lifted it and when, and the audit log says so.", takesEffect)
	id := fs.Int64("id", 0, "the ban to lift (required)")
	reason := fs.String("reason", "", "why, for the audit log")
	var cf changeFlags
	cf.register(fs, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id <= 0 {
		return usagef("-id is required: the ban's number, from embassyctl bans")
	}
	by, err := cf.actor()
	if err != nil {
		return err
	}
	return cf.with(e, fs, func(ctx context.Context, st store.Store) error {
		now := time.Now()
		b, err := st.LiftBan(ctx, *id, by, now)
		switch {
		case errors.Is(err, store.ErrNotFound):
			return fmt.Errorf("there is no ban %d", *id)
		case errors.Is(err, store.ErrAlreadyLifted):
			if old, gerr := st.GetBan(ctx, *id); gerr == nil {
				return fmt.Errorf("ban %d was already lifted, by %s at %s", *id, old.LiftedBy.Name, when(old.LiftedAt))
			}
			return fmt.Errorf("ban %d was already lifted", *id)
		case err != nil:
			return err
		}
		note := withNote(*reason, fmt.Sprintf("ban %d lifted", b.ID))
		if err := audit(ctx, st, store.AuditEntry{Time: now, Actor: by, Action: "unban", Target: banTarget(b), Reason: note},
			fmt.Sprintf("ban %d is lifted", b.ID)); err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "ban %d on %s lifted\n", b.ID, banSubject(b, false))
		if !b.ExpiresAt.IsZero() && !now.Before(b.ExpiresAt) {
			fmt.Fprintf(e.Stderr, "embassyctl: ban %d had already ended at %s\n", b.ID, when(b.ExpiresAt))
		}
		return nil
	})
}
