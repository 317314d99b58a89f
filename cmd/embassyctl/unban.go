package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/embassy-project/embassy/server/httpapi"
	"github.com/embassy-project/embassy/server/store"
)

// unbanCommand lifts a ban early. The record stays, with who lifted it and when.
type unbanCommand struct{}

func (unbanCommand) Name() string { return "unban" }

func (unbanCommand) Summary() string {
	return "lift ban -id N early (with -server also -name NAME); its record stays"
}

func (unbanCommand) Where() where { return either }

func (unbanCommand) Run(e *env, args []string) error {
	fs := newFlags(e, "unban")
	describe(fs, e, "unban (-id N | -name NAME) [-reason TEXT] [-by NAME]",
		"Lifts a ban before it ends (embassyctl bans lists them with their ids). The ban's record",
		"stays, with who lifted it and when, and the audit log says so.", takesEffect, `
With -server it goes through the server's admin API instead, and -name NAME lifts every ban in
force on that name.`, viaServerNote)
	id := fs.Int64("id", 0, "the ban to lift (required, unless -name with -server)")
	name := fs.String("name", "", "with -server: lift every ban in force on this name")
	reason := fs.String("reason", "", "why, for the audit log")
	var cf changeFlags
	cf.register(fs, e)
	var af apiFlags
	af.register(fs, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case af.on():
		return unbanViaServer(e, fs, &af, *id, *name, *reason)
	case *name != "":
		return usagef("-name works with -server; on the store, lift a ban by -id (embassyctl bans lists them)")
	case *id <= 0:
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

// unbanViaServer lifts a ban, or every ban on a name, through the admin API (DELETE /api/bans/...).
func unbanViaServer(e *env, fs *flag.FlagSet, af *apiFlags, id int64, name, reason string) error {
	if err := notWith(fs, "by", "data", "redis", "redis-file"); err != nil {
		return err
	}
	target := strings.TrimSpace(name)
	switch {
	case (id > 0) == (target != ""):
		return usagef("give -id N or -name NAME, one of them")
	case id > 0:
		target = strconv.FormatInt(id, 10)
	}
	c, err := af.client(e)
	if err != nil {
		return err
	}
	var q url.Values
	if reason != "" {
		q = url.Values{"reason": {reason}}
	}
	var out httpapi.ActionJSON
	if err := c.call(http.MethodDelete, "/api/bans/"+url.PathEscape(target), q, nil, &out); err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, out.Text)
	return nil
}
