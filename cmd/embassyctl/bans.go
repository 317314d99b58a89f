package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"text/tabwriter"
	"time"

	"github.com/embassy-project/embassy/server/httpapi"
	"github.com/embassy-project/embassy/server/store"
)

// bansCommand lists the bans in force, as a table for a person or as JSON for a script.
type bansCommand struct{}

func (bansCommand) Name() string { return "bans" }

func (bansCommand) Summary() string { return "list the bans in force (-json for scripts)" }

func (bansCommand) Where() where { return either }

func (bansCommand) Run(e *env, args []string) error {
	fs := newFlags(e, "bans")
	describe(fs, e, "bans [-json]", "Lists the bans in force now, oldest first, with the ids embassyctl unban takes.", `
With -server it asks the server's admin API instead; -json then prints the API's bans, which say
whether a ban holds against a device ("device": true) but not the device key.`, viaServerNote)
	asJSON := fs.Bool("json", false, "print a JSON array instead of a table")
	var sf storeFlags
	sf.register(fs, e)
	var af apiFlags
	af.register(fs, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	if af.on() {
		return bansViaServer(e, fs, &af, *asJSON)
	}
	return sf.with(e, fs, func(ctx context.Context, st store.Store) error {
		bans, err := st.ActiveBans(ctx, time.Now())
		if err != nil {
			return err
		}
		return printBans(e, bans, *asJSON, func() any { return bansJSON(bans) })
	})
}

// bansViaServer lists the bans through the admin API (GET /api/bans).
func bansViaServer(e *env, fs *flag.FlagSet, af *apiFlags, asJSON bool) error {
	if err := notWith(fs, "data", "redis", "redis-file"); err != nil {
		return err
	}
	c, err := af.client(e)
	if err != nil {
		return err
	}
	var out httpapi.BansJSON
	if err := c.call(http.MethodGet, "/api/bans", nil, nil, &out); err != nil {
		return err
	}
	bans := make([]store.Ban, 0, len(out.Bans))
	for _, b := range out.Bans {
		bans = append(bans, banOf(b))
	}
	return printBans(e, bans, asJSON, func() any { return out.Bans })
}

// printBans prints bans as a table, or as JSON (asJSON: the value json gives).
func printBans(e *env, bans []store.Ban, asJSON bool, json func() any) error {
	switch {
	case asJSON:
		return writeJSON(e.Stdout, json())
	case len(bans) == 0:
		fmt.Fprintln(e.Stdout, "no bans in force")
		return nil
	}
	return writeBans(e.Stdout, bans)
}

// banJSON is a ban as bans -json prints it; empty fields are left out, and "expires" is absent
// for a ban for good.
type banJSON struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name,omitempty"`
	UserID    string     `json:"user_id,omitempty"`
	DeviceKey string     `json:"device_key,omitempty"`
	Reason    string     `json:"reason"`
	By        string     `json:"by"`
	ByRole    string     `json:"by_role,omitempty"`
	Created   time.Time  `json:"created"`
	Expires   *time.Time `json:"expires,omitempty"`
}

func bansJSON(bans []store.Ban) []banJSON {
	out := make([]banJSON, 0, len(bans))
	for _, b := range bans {
		j := banJSON{ID: b.ID, Name: b.Name, UserID: b.UserID, DeviceKey: b.DeviceKey, Reason: b.Reason,
			By: b.By.Name, ByRole: b.By.Role, Created: b.CreatedAt.UTC()}
		if !b.ExpiresAt.IsZero() {
			t := b.ExpiresAt.UTC()
			j.Expires = &t
		}
		out = append(out, j)
	}
	return out
}

func writeBans(w io.Writer, bans []store.Ban) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tWHO\tUNTIL\tSINCE\tBY\tREASON")
	for _, b := range bans {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", b.ID, banSubject(b, true), when(b.ExpiresAt), when(b.CreatedAt),
			b.By.Name, oneLine(b.Reason))
	}
	return tw.Flush()
}
