package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/embassy-project/embassy/server/httpapi"
	"github.com/embassy-project/embassy/server/store"
)

// auditCommand prints the audit log, newest first: what staff did and what they were refused,
// and what operators did with embassyctl.
type auditCommand struct{}

func (auditCommand) Name() string { return "audit" }

func (auditCommand) Summary() string {
	return "show the audit log, newest first (-since, -actor, -target, -action, -json)"
}

func (auditCommand) Where() where { return either }

func (auditCommand) Run(e *env, args []string) error {
	fs := newFlags(e, "audit")
	describe(fs, e, "audit [-since 24h] [-actor X] [-target Y] [-action A] [-limit 50] [-json]",
		"Shows the audit log, newest first: every staff action and refused attempt, and every change",
		"made with embassyctl (node \"embassyctl\"). -actor and -target match an id or a name exactly.", `
With -server it asks the server's admin API instead (GET /api/audit), with the same flags and output.`,
		viaServerNote)
	since := fs.String("since", "24h", "entries since this long ago (24h), or since a time (2026-01-02T15:04:05Z); 0: all")
	actor := fs.String("actor", "", "only entries by this user id or name")
	target := fs.String("target", "", "only entries about this user id or name (or token id, for revoke)")
	action := fs.String("action", "", "only this action: ban, unban, revoke, enter, kick...")
	limit := fs.Int("limit", store.DefaultAuditLimit, fmt.Sprintf("at most this many entries, 1 to %d", store.MaxAuditLimit))
	asJSON := fs.Bool("json", false, "print a JSON array instead of a table")
	var sf storeFlags
	sf.register(fs, e)
	var af apiFlags
	af.register(fs, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	q := store.AuditQuery{Actor: *actor, Target: *target, Action: *action, Limit: *limit}
	if *limit < 1 || *limit > store.MaxAuditLimit {
		return usagef("-limit %d: 1 to %d", *limit, store.MaxAuditLimit)
	}
	if *since != "0" && *since != "" {
		t, err := parseWhen("since", *since, time.Now(), -1)
		if err != nil {
			return err
		}
		q.Since = t
	}
	if af.on() {
		return auditViaServer(e, fs, &af, q, *asJSON)
	}
	return sf.with(e, fs, func(ctx context.Context, st store.Store) error {
		page, err := st.Audit(ctx, q)
		if err != nil {
			return err
		}
		return printAudit(e, page, *asJSON)
	})
}

// auditViaServer reads a page of the audit log through the admin API (GET /api/audit).
func auditViaServer(e *env, fs *flag.FlagSet, af *apiFlags, q store.AuditQuery, asJSON bool) error {
	if err := notWith(fs, "data", "redis", "redis-file"); err != nil {
		return err
	}
	c, err := af.client(e)
	if err != nil {
		return err
	}
	v := url.Values{"limit": {strconv.Itoa(q.Limit)}}
	for k, s := range map[string]string{"actor": q.Actor, "target": q.Target, "action": q.Action} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if !q.Since.IsZero() {
		v.Set("since", q.Since.UTC().Format(time.RFC3339))
	}
	var out httpapi.AuditJSON
	if err := c.call(http.MethodGet, "/api/audit", v, nil, &out); err != nil {
		return err
	}
	page := store.AuditPage{Next: out.Next}
	for _, j := range out.Entries {
		page.Entries = append(page.Entries, j.Entry())
	}
	return printAudit(e, page, asJSON)
}

// printAudit prints a page as a table or JSON, and says on stderr when older entries match too.
func printAudit(e *env, page store.AuditPage, asJSON bool) error {
	var err error
	if asJSON {
		err = writeJSON(e.Stdout, auditJSON(page.Entries))
	} else if len(page.Entries) == 0 {
		fmt.Fprintln(e.Stdout, "no entries")
	} else {
		err = writeAudit(e.Stdout, page.Entries)
	}
	if err == nil && page.Next != "" {
		fmt.Fprintf(e.Stderr, "embassyctl: older entries match too: raise -limit or narrow -since\n")
	}
	return err
}

// auditJSON is entries as audit -json prints them: as the admin API shows them.
func auditJSON(entries []store.AuditEntry) []httpapi.AuditEntryJSON {
	out := make([]httpapi.AuditEntryJSON, 0, len(entries))
	for _, a := range entries {
		out = append(out, httpapi.NewAuditEntryJSON(a))
	}
	return out
}

func writeAudit(w io.Writer, entries []store.AuditEntry) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tACTOR\tACTION\tTARGET\tROOM\tOUTCOME\tNODE\tREASON")
	for _, a := range entries {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", when(a.Time), person(a.Actor.ID, a.Actor.Name, a.Actor.Role),
			a.Action, person(a.Target.ID, a.Target.Name, ""), dash(a.Room), a.Outcome, dash(a.Node), oneLine(a.Reason))
	}
	return tw.Flush()
}

// person writes an actor or a target in one cell: `Ada (u-12ab, admin)`.
func person(id, name, role string) string {
	var extra []string
	for _, s := range []string{id, role} {
		if s != "" {
			extra = append(extra, s)
		}
	}
	switch {
	case name == "" && len(extra) == 0:
		return "-"
	case name == "":
		return strings.Join(extra, ", ")
	case len(extra) == 0:
		return name
	}
	return name + " (" + strings.Join(extra, ", ") + ")"
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
