package moderation

import (
	"errors"
	"strings"
	"testing"

	"github.com/embassy-project/embassy/server/identity"
)

// The permission matrix, every cell, written out as the README's table says it (not derived from
// the rules it checks). Room and reading actions: one mark per actor role, visitor diplomat
// moderator admin. Person actions: one row per actor role, one mark per target role in the same
// order. "x" allowed, "." refused.
var wantRoomActions = map[Action]string{
	Report:         "xxxx",
	Announce:       ".xxx",
	StaffChat:      ".xxx",
	MuteAudience:   ".xxx",
	UnmuteAudience: ".xxx",
	Unban:          "..xx",
	Lock:           "..xx",
	Unlock:         "..xx",
	Capacity:       "..xx",
	Slow:           "..xx",
	ReadAudit:      "..xx",
	ReadBans:       "..xx",
	ReadReports:    "..xx",
	CloseReport:    "..xx",
	MintVisitor:    "..xx",
	MintStaff:      "...x",
}

// Person actions: moderators act on visitors and diplomats, admins on everyone but admins.
const personGrid = `
visitor   ....
diplomat  ....
moderator xx..
admin     xxx.`

var personActions = []Action{Kick, MuteChat, UnmuteChat, MuteVoice, UnmuteVoice, Move, Ban}

func TestPermissionMatrixEveryCell(t *testing.T) {
	if got, want := len(wantRoomActions)+len(personActions), len(Actions); got != want {
		t.Fatalf("the test covers %d actions, there are %d", got, want)
	}
	for a, marks := range wantRoomActions {
		for i, actor := range identity.Roles {
			for _, target := range identity.Roles { // the target's role does not matter here
				err := Allowed(actor, a, target)
				if want := marks[i] == 'x'; (err == nil) != want {
					t.Errorf("%s by %s (on a %s): %v, want allowed %v", a, actor, target, err, want)
				}
				if err != nil && !errors.Is(err, ErrForbidden) {
					t.Errorf("%s by %s: %v does not wrap ErrForbidden", a, actor, err)
				}
			}
		}
	}
	rows := strings.Split(strings.TrimSpace(personGrid), "\n")
	for _, a := range personActions {
		if !a.PersonAction() {
			t.Errorf("%s is not a person action", a)
		}
		for i, actor := range identity.Roles {
			marks := strings.Fields(rows[i])[1]
			for j, target := range identity.Roles {
				err := Allowed(actor, a, target)
				if want := marks[j] == 'x'; (err == nil) != want {
					t.Errorf("%s by a %s on a %s: %v, want allowed %v", a, actor, target, err, want)
				}
			}
		}
	}
	if err := Allowed(identity.Role(9), Report, identity.Visitor); err == nil {
		t.Error("an unknown role may report")
	}
	if err := Allowed(identity.Admin, Action("launch"), identity.Visitor); err == nil {
		t.Error("an unknown action is allowed")
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]string{"": "0s", "forever": "0s", "30s": "30s", "10m": "10m0s", "2h": "2h0m0s", "3d": "72h0m0s", "1w": "168h0m0s"} {
		d, err := ParseDuration(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %s", in, d, err, want)
		}
	}
	for _, in := range []string{"-5m", "abc", "3x", "d", "1.5d", "0x10d", "-1d"} {
		if _, err := ParseDuration(in); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseDuration(%q): %v, want ErrInvalid", in, err)
		}
	}
}
