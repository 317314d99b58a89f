package modrules

import (
	"errors"
	"testing"
	"time"

	"github.com/embassy-project/embassy/shared/protocol/pb"
)

var (
	visitor   = pb.Role_ROLE_VISITOR
	diplomat  = pb.Role_ROLE_DIPLOMAT
	moderator = pb.Role_ROLE_MODERATOR
	admin     = pb.Role_ROLE_ADMIN
	roles     = []pb.Role{visitor, diplomat, moderator, admin}
)

// Every cell of the matrix: for each action the lowest role that may take it, and for person
// actions, only on lower roles.
func TestAllowedEveryCell(t *testing.T) {
	lowest := map[Action]pb.Role{
		Report: visitor, Announce: diplomat, StaffChat: diplomat, MuteAudience: diplomat, UnmuteAudience: diplomat,
		Kick: moderator, MuteChat: moderator, UnmuteChat: moderator, MuteVoice: moderator, UnmuteVoice: moderator,
		Move: moderator, Ban: moderator, Unban: moderator, Lock: moderator, Unlock: moderator, Capacity: moderator,
		Slow: moderator, ReadAudit: moderator, ReadBans: moderator, ReadReports: moderator, CloseReport: moderator, MintVisitor: moderator,
		MintStaff: admin,
	}
	person := map[Action]bool{Kick: true, MuteChat: true, UnmuteChat: true, MuteVoice: true, UnmuteVoice: true, Move: true, Ban: true}
	if len(lowest) != len(Actions) || len(Rules) != len(Actions) {
		t.Fatalf("%d actions listed, %d rules, %d in this test", len(Actions), len(Rules), len(lowest))
	}
	for _, a := range Actions {
		if a.PersonAction() != person[a] {
			t.Errorf("%s: person action %v", a, a.PersonAction())
		}
		for _, actor := range roles {
			if got, want := MayTake(actor, a), actor >= lowest[a]; got != want {
				t.Errorf("MayTake(%s, %s) = %v", actor, a, got)
			}
			for _, target := range roles {
				want := actor >= lowest[a] && (!person[a] || actor > target)
				if got := Allowed(actor, a, target); got != want {
					t.Errorf("Allowed(%s, %s, %s) = %v, want %v", actor, a, target, got, want)
				}
			}
		}
	}
	if Allowed(pb.Role(9), Report, visitor) || MayTake(pb.Role(-1), Report) || MayTake(admin, "dance") {
		t.Error("an unknown role or action is allowed")
	}
}

func TestProtoActionsRoundTrip(t *testing.T) {
	n := 0
	for v := range pb.ModAction_name {
		m := pb.ModAction(v)
		a, ok := FromProto(m)
		if m == pb.ModAction_MOD_UNSPECIFIED {
			if ok {
				t.Error("MOD_UNSPECIFIED maps to an action")
			}
			continue
		}
		n++
		if !ok || a.Proto() != m || Rules[a] == (Rule{}) && a != Report {
			t.Errorf("%s -> %q (%v) -> %s", m, a, ok, a.Proto())
		}
	}
	if n != len(fromProto) || Announce.Proto() != pb.ModAction_MOD_UNSPECIFIED {
		t.Errorf("%d protocol actions, %d mapped", n, len(fromProto))
	}
}

func TestParseDuration(t *testing.T) {
	good := map[string]time.Duration{
		"": 0, "0": 0, "forever": 0, " Permanent ": 0, "30s": 30 * time.Second, "10m": 10 * time.Minute,
		"2h": 2 * time.Hour, "3d": 72 * time.Hour, "1w": 7 * 24 * time.Hour, "1H30M": 90 * time.Minute,
	}
	for in, want := range good {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"soon", "-5m", "0d", "d", "1.5d", "+3d", "03d", "10", "0s", "99999999999999w", "spam"} {
		if _, err := ParseDuration(in); !errors.Is(err, ErrDuration) {
			t.Errorf("ParseDuration(%q): %v, want ErrDuration", in, err)
		}
	}
}
