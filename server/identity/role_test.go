package identity

import (
	"errors"
	"testing"

	"github.com/embassy-project/embassy/shared/protocol/pb"
)

func TestRoles(t *testing.T) {
	for _, c := range []struct {
		role  Role
		name  string
		staff bool
		proto pb.Role
		back  Role // RoleFromProto(proto)
	}{
		{Visitor, "visitor", false, pb.Role_ROLE_VISITOR, Visitor},
		{Diplomat, "diplomat", true, pb.Role_ROLE_DIPLOMAT, Diplomat},
		{Moderator, "moderator", true, pb.Role_ROLE_MODERATOR, Moderator},
		{Admin, "admin", true, pb.Role_ROLE_ADMIN, Admin},
	} {
		if c.role.String() != c.name || c.role.Staff() != c.staff || c.role.Proto() != c.proto || RoleFromProto(c.proto) != c.back {
			t.Errorf("%v: %q staff %v proto %v back %v", c.role, c.role.String(), c.role.Staff(), c.role.Proto(), RoleFromProto(c.proto))
		}
		for _, s := range []string{c.name, "  " + c.name, string(c.name[0]-32) + c.name[1:]} {
			r, err := ParseRole(s)
			if s[0] == ' ' {
				if err == nil {
					t.Errorf("ParseRole(%q) accepted", s)
				}
				continue
			}
			if err != nil || r != c.role {
				t.Errorf("ParseRole(%q) = %v, %v", s, r, err)
			}
		}
	}
	if _, err := ParseRole("king"); !errors.Is(err, ErrUnknownRole) {
		t.Errorf("ParseRole(king) = %v", err)
	}
	if Role(7).Valid() || Role(7).Staff() || Role(7).String() != "role(7)" {
		t.Error("Role(7)")
	}
	if !Admin.Outranks(Moderator) || Moderator.Outranks(Moderator) || Visitor.Outranks(Diplomat) {
		t.Error("Outranks")
	}
}
