package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/embassy-project/embassy/server/httpapi"
	"github.com/embassy-project/embassy/server/store"
	"github.com/embassy-project/embassy/shared/names"
	"github.com/embassy-project/embassy/shared/protocol"
)

// takesEffect is when a change to bans or revocations reaches people, said in every such help.
const takesEffect = `
The server checks the store each time someone joins: the change takes effect at the person's
next connection (on every node, with Redis); someone already inside stays until they reconnect.`

// banCommand bans a person by name, user id or device key, for a time or for good, straight in
// the server's store, and records it in the audit log.
type banCommand struct{}

func (banCommand) Name() string { return "ban" }

func (banCommand) Where() where { return either }

func (banCommand) Summary() string {
	return "ban a person (-name, -user-id or -device-key) for a time (-for) or for good"
}

func (banCommand) Run(e *env, args []string) error {
	fs := newFlags(e, "ban")
	describe(fs, e, "ban (-name NAME | -user-id ID | -device-key KEY) [-for 1h | -for 0] -reason TEXT [-by NAME]",
		"Bans a person: by display name (normalised as the server normalises names), by the user id",
		"in their tokens, or by a guest's device key; give several to hold against each. Prints the",
		"ban's id (embassyctl unban -id N lifts it) and when it ends.", takesEffect, `
With -server it goes through the server's admin API instead, by -name only: someone online is
banned by their user id and device too, and their connection closes at once.`, viaServerNote)
	name := fs.String("name", "", "the display name to ban, as the person chose it; normalised (spaces, full-width forms) as the server does")
	userID := fs.String("user-id", "", "the user id to ban (the sub of their tokens; embassyctl token says it)")
	deviceKey := fs.String("device-key", "", "a guest's device key to ban, whatever name they come back under")
	dur := fs.Duration("for", 0, "how long the ban lasts; 0: for good")
	reason := fs.String("reason", "", "why (required); the person is told it when refused")
	var cf changeFlags
	cf.register(fs, e)
	var af apiFlags
	af.register(fs, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	b, err := newBan(*name, *userID, *deviceKey, *reason, *dur)
	if err != nil {
		return err
	}
	if af.on() {
		return banViaServer(e, fs, &af, *name, b.Reason, *dur)
	}
	if b.By, err = cf.actor(); err != nil {
		return err
	}
	return cf.with(e, fs, func(ctx context.Context, st store.Store) error {
		b.CreatedAt = time.Now()
		if *dur > 0 {
			b.ExpiresAt = b.CreatedAt.Add(*dur)
		}
		saved, err := st.AddBan(ctx, b)
		if err != nil {
			return err
		}
		if err := audit(ctx, st, store.AuditEntry{Time: saved.CreatedAt, Actor: saved.By, Action: "ban",
			Target: banTarget(saved), Reason: fmt.Sprintf("%s (ban %d, %s)", saved.Reason, saved.ID, ends(saved))},
			fmt.Sprintf("ban %d is in force", saved.ID)); err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "ban %d on %s, %s\n", saved.ID, banSubject(saved, false), ends(saved))
		return nil
	})
}

// banViaServer bans through the admin API (POST /api/bans) and prints the ban as the store's
// mode does.
func banViaServer(e *env, fs *flag.FlagSet, af *apiFlags, name, reason string, dur time.Duration) error {
	if err := notWith(fs, "user-id", "device-key", "by", "data", "redis", "redis-file"); err != nil {
		return err
	}
	if name == "" {
		return usagef("through the server, ban by -name (someone online is banned by user id and device with it)")
	}
	c, err := af.client(e)
	if err != nil {
		return err
	}
	req := httpapi.BanRequest{Name: name, Reason: reason}
	if dur > 0 {
		req.Duration = dur.String()
	}
	var out httpapi.BanResultJSON
	if err := c.call(http.MethodPost, "/api/bans", nil, req, &out); err != nil {
		return err
	}
	b := banOf(out.Ban)
	fmt.Fprintf(e.Stdout, "ban %d on %s, %s\n", b.ID, banSubject(b, false), ends(b))
	return nil
}

// newBan checks the flags of a ban and returns it without times or author.
func newBan(name, userID, deviceKey, reason string, dur time.Duration) (store.Ban, error) {
	var b store.Ban
	if strings.TrimSpace(name+userID+deviceKey) == "" {
		return b, usagef("say whom to ban: -name, -user-id or -device-key")
	}
	if name != "" {
		if _, err := names.Normalize(name); err != nil {
			return b, usagef("-name %q: %v", name, err)
		}
		b.Name = names.CompareKey(name) // as the server checks: "Mallory" bans "mallory" too
	}
	if b.UserID = strings.TrimSpace(userID); userID != "" && !validID(b.UserID) {
		return b, usagef("-user-id %q: a user id is 1 to 64 printable ASCII characters without spaces", userID)
	}
	if b.DeviceKey = strings.TrimSpace(deviceKey); len(b.DeviceKey) > protocol.MaxDeviceKeyLen {
		return b, usagef("-device-key: %d bytes; a device key is at most %d", len(b.DeviceKey), protocol.MaxDeviceKeyLen)
	}
	if b.Reason = strings.TrimSpace(reason); b.Reason == "" {
		return b, usagef("-reason is required: the person is told it, and the audit log keeps it")
	}
	if dur < 0 {
		return b, usagef("-for %v: a ban lasts a positive time, or 0 for good", dur)
	}
	return b, nil
}

// banTarget is who a ban is about, for the audit log: the user id and name it names, or, for a
// ban on a device alone, the device key as the id.
func banTarget(b store.Ban) store.Target {
	if b.UserID == "" && b.Name == "" {
		return store.Target{ID: "device:" + b.DeviceKey}
	}
	return store.Target{ID: b.UserID, Name: b.Name}
}

// banSubject says whom a ban holds against: `name "Ada", user u-12ab`. A table shortens a device
// key (64 hex digits from the desktop client) to its first 12 characters; -json has it whole.
func banSubject(b store.Ban, short bool) string {
	var parts []string
	if b.Name != "" {
		parts = append(parts, fmt.Sprintf("name %q", b.Name))
	}
	if b.UserID != "" {
		parts = append(parts, "user "+b.UserID)
	}
	if b.DeviceKey != "" {
		key := b.DeviceKey
		if short && len(key) > 13 {
			key = key[:12] + "…"
		}
		parts = append(parts, "device "+key)
	}
	return strings.Join(parts, ", ")
}

// ends says when a ban ends: "for good" or "until 2026-01-02T15:04:05Z".
func ends(b store.Ban) string {
	if b.ExpiresAt.IsZero() {
		return "for good"
	}
	return "until " + when(b.ExpiresAt)
}
