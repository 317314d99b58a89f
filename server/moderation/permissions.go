// Package moderation carries out what staff do to people and rooms (kick, mute, ban, move, lock,
// capacity, slow mode, muting the audience), visitors' reports and the staff channel, for the three
// ways in: protocol messages, chat commands (which clients turn into protocol messages) and the HTTP
// admin API. One Service checks the permission matrix, records every action and every refused
// attempt in the audit log, keeps what must survive a restart in the store, and reaches the people
// and rooms concerned on whatever node they are through Reach.
package moderation

import (
	"errors"
	"fmt"

	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/shared/modrules"
)

// Action is what someone asks to do; its string is the audit log's action. The actions and who
// may take them are shared/modrules' table, which clients mirror in their menus.
type Action = modrules.Action

// The actions. Person actions name a target; room actions a room.
const (
	Kick           = modrules.Kick
	MuteChat       = modrules.MuteChat
	UnmuteChat     = modrules.UnmuteChat
	MuteVoice      = modrules.MuteVoice
	UnmuteVoice    = modrules.UnmuteVoice
	Ban            = modrules.Ban
	Unban          = modrules.Unban
	Move           = modrules.Move
	Lock           = modrules.Lock
	Unlock         = modrules.Unlock
	Capacity       = modrules.Capacity
	Slow           = modrules.Slow
	MuteAudience   = modrules.MuteAudience
	UnmuteAudience = modrules.UnmuteAudience
	Report         = modrules.Report
	Announce       = modrules.Announce
	StaffChat      = modrules.StaffChat
	ReadAudit      = modrules.ReadAudit
	ReadBans       = modrules.ReadBans
	ReadReports    = modrules.ReadReports
	CloseReport    = modrules.CloseReport
	MintVisitor    = modrules.MintVisitor
	MintStaff      = modrules.MintStaff
)

// Actions lists every action, in the README table's order.
var Actions = modrules.Actions

// ErrForbidden: the actor's role may not do this (to this person).
var ErrForbidden = errors.New("not allowed")

// Refusal is why an action was not carried out: Error is the words for the person who asked, and
// errors.Is sees its kind (ErrForbidden, ErrNoUser, ErrNoRoom, ErrInvalid, ErrUnavailable) and the
// detail behind it, which is for the log only.
type Refusal struct {
	Kind   error
	Words  string
	Detail error // may be nil
}

func (r *Refusal) Error() string { return r.Words }

// Unwrap gives errors.Is and errors.As the kind and the detail.
func (r *Refusal) Unwrap() []error {
	if r.Detail == nil {
		return []error{r.Kind}
	}
	return []error{r.Kind, r.Detail}
}

// Refuse is a Refusal of that kind in words.
func Refuse(kind error, format string, args ...any) error {
	return &Refusal{Kind: kind, Words: fmt.Sprintf(format, args...)}
}

// Allowed says whether actor may take action a on someone of role target (ignored for actions that
// act on no person), by shared/modrules' table. The error says why not, in words fit to show.
func Allowed(actor identity.Role, a Action, target identity.Role) error {
	r, ok := modrules.Rules[a]
	switch {
	case !ok:
		return Refuse(ErrForbidden, "unknown action %q", a)
	case !actor.Valid() || !modrules.MayTake(actor.Proto(), a):
		return Refuse(ErrForbidden, "%s needs the %s role or higher", a, identity.RoleFromProto(r.Min))
	case !modrules.Allowed(actor.Proto(), a, target.Proto()):
		return Refuse(ErrForbidden, "a %s may not %s a %s", actor, a, target)
	}
	return nil
}
