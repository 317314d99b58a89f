package identity

import (
	"fmt"
	"strings"

	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Role is what a person may do in the embassy, lowest first: a higher role may act on a lower one.
type Role uint8

// The roles. Visitor is the zero value, so a missing role grants nothing.
const (
	Visitor Role = iota
	Diplomat
	Moderator
	Admin
)

// Roles lists every role, lowest first.
var Roles = []Role{Visitor, Diplomat, Moderator, Admin}

var roleNames = [...]string{Visitor: "visitor", Diplomat: "diplomat", Moderator: "moderator", Admin: "admin"}

// String is the role's name as tokens, presence, logs and the audit log spell it.
func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return fmt.Sprintf("role(%d)", uint8(r))
}

// Valid says whether r is one of the four roles.
func (r Role) Valid() bool { return int(r) < len(roleNames) }

// Staff says whether r is above a visitor: someone whose name visitors may not imitate.
func (r Role) Staff() bool { return r > Visitor && r.Valid() }

// Outranks says whether r is higher than o; nobody acts on someone of their own role or higher.
func (r Role) Outranks(o Role) bool { return r > o }

// ParseRole reads a role's name, in any case.
func ParseRole(s string) (Role, error) {
	for r, name := range roleNames {
		if strings.EqualFold(s, name) {
			return Role(r), nil
		}
	}
	return Visitor, fmt.Errorf("%w: %q (one of visitor, diplomat, moderator, admin)", ErrUnknownRole, s)
}

// Proto is the role as the protocol carries it in Welcome, profiles and redirect tickets.
func (r Role) Proto() pb.Role {
	switch r {
	case Diplomat:
		return pb.Role_ROLE_DIPLOMAT
	case Moderator:
		return pb.Role_ROLE_MODERATOR
	case Admin:
		return pb.Role_ROLE_ADMIN
	}
	return pb.Role_ROLE_VISITOR
}

// RoleFromProto is the Role a protocol role stands for; an unknown value is a visitor.
func RoleFromProto(r pb.Role) Role {
	switch r {
	case pb.Role_ROLE_DIPLOMAT:
		return Diplomat
	case pb.Role_ROLE_MODERATOR:
		return Moderator
	case pb.Role_ROLE_ADMIN:
		return Admin
	}
	return Visitor
}
