package main

import (
	"fmt"
	"time"

	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/shared/names"
)

// tokenCommand mints a signed token with the server's secret and prints it on stdout, alone, so
// that `TOKEN=$(embassyctl token ...)` works; what it minted is said on stderr. The operator may
// mint any role: the server's API will let only admins mint staff roles.
type tokenCommand struct{}

func (tokenCommand) Name() string { return "token" }

func (tokenCommand) Summary() string {
	return "mint a signed token for a person (-name, -role, -ttl); prints it on stdout"
}

func (tokenCommand) Run(e *env, args []string) error {
	fs := newFlags(e, "token")
	name := fs.String("name", "", "the person's display name (required); the server shows it as given, normalised")
	role := fs.String("role", "visitor", "visitor, diplomat, moderator or admin")
	ttl := fs.Duration("ttl", 24*time.Hour, fmt.Sprintf("how long the token is valid, at most %v", identity.MaxTTL))
	userID := fs.String("user-id", "", `the user id bans and the audit log name; default "u-" and a hash of the name, the same for every token minted for that name`)
	var sf secretFlags
	sf.register(fs, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *name == "" {
		return usagef("-name is required")
	}
	display, err := names.Normalize(*name)
	if err != nil {
		return usagef("-name %q: %v", *name, err)
	}
	r, err := identity.ParseRole(*role)
	if err != nil {
		return usageError{err.Error()}
	}
	if *ttl <= 0 || *ttl > identity.MaxTTL {
		return usagef("-ttl %v: a token is valid for more than nothing and at most %v", *ttl, identity.MaxTTL)
	}
	id := *userID
	if id == "" {
		id = identity.UserIDFor(display)
	}
	secret, err := sf.load(e)
	if err != nil {
		return err
	}
	issuer, err := identity.NewIssuer(secret, "")
	if err != nil {
		return err
	}
	token, c, err := issuer.Mint(identity.Claims{UserID: id, Name: display, Role: r}, *ttl)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, token)
	fmt.Fprintf(e.Stderr, "embassyctl: a %s token for %q (user %s), token id %s, valid until %s, signed with the %s\n",
		c.Role, c.Name, c.UserID, c.TokenID, c.ExpiresAt.UTC().Format(time.RFC3339), secret)
	return nil
}
