package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/store"
	"github.com/embassy-project/embassy/shared/names"
)

// auditNode is the node the audit log names for what embassyctl did.
const auditNode = "embassyctl"

// operatorFlag is -by: who the audit log says made a change. The operator works on the store
// directly, with the server's own files or Redis, so they act as an admin; the name is theirs to
// give (default: the login name), not proven.
type operatorFlag struct{ name string }

func (o *operatorFlag) register(flags *flag.FlagSet, e *env) {
	flags.StringVar(&o.name, "by", envOr(e, "USER", "operator"), "who is doing this, for the audit log; default $USER")
}

// actor is the operator as the store records them: a name and the admin role, no user id (they
// are not signed in).
func (o *operatorFlag) actor() (store.Actor, error) {
	name, err := names.Normalize(o.name)
	if err != nil {
		return store.Actor{}, usagef("-by %q: %v", o.name, err)
	}
	return store.Actor{Name: name, Role: identity.Admin.String()}, nil
}

// changeFlags are the flags of a command that changes the store: which store, and who is
// changing it.
type changeFlags struct {
	storeFlags
	operatorFlag
}

func (c *changeFlags) register(flags *flag.FlagSet, e *env) {
	c.operatorFlag.register(flags, e)
	c.storeFlags.register(flags, e)
}

// withNote puts the operator's optional -reason before what a change did, for the audit log.
func withNote(reason, did string) string {
	if r := strings.TrimSpace(reason); r != "" {
		return r + " (" + did + ")"
	}
	return did
}

// audit appends a change the operator made to the audit log. The change itself is already done
// when this runs, so a failure says so rather than leaving the operator to guess.
func audit(ctx context.Context, st store.Store, e store.AuditEntry, done string) error {
	e.Node, e.Outcome = auditNode, store.OutcomeDone
	if _, err := st.AppendAudit(ctx, e); err != nil {
		return fmt.Errorf("%s, but the audit log did not take the entry: %w", done, err)
	}
	return nil
}
