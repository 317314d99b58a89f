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
)

// Action is what someone asks to do; its string is the audit log's action.
type Action string

// The actions. Person actions name a target; room actions a room.
const (
	Kick           Action = "kick"
	MuteChat       Action = "mute-chat"
	UnmuteChat     Action = "unmute-chat"
	MuteVoice      Action = "mute-voice"
	UnmuteVoice    Action = "unmute-voice"
	Ban            Action = "ban"
	Unban          Action = "unban"
	Move           Action = "move"
	Lock           Action = "lock"
	Unlock         Action = "unlock"
	Capacity       Action = "capacity"
	Slow           Action = "slow"
	MuteAudience   Action = "mute-audience"
	UnmuteAudience Action = "unmute-audience"
	Report         Action = "report"
	Announce       Action = "announce"
	StaffChat      Action = "staff-chat"
	ReadAudit      Action = "read-audit"
	ReadBans       Action = "read-bans"
	ReadReports    Action = "read-reports"
	CloseReport    Action = "close-report"
	MintVisitor    Action = "mint-visitor"
	MintStaff      Action = "mint-staff"
)

// rule is who may take an action: the lowest role, and whether the target must rank below the actor.
type rule struct {
	min      identity.Role
	outranks bool // a person action: nobody acts on someone of their own role or higher
}

var rules = map[Action]rule{
	Report:         {identity.Visitor, false},
	Announce:       {identity.Diplomat, false},
	StaffChat:      {identity.Diplomat, false},
	MuteAudience:   {identity.Diplomat, false},
	UnmuteAudience: {identity.Diplomat, false},
	Kick:           {identity.Moderator, true},
	MuteChat:       {identity.Moderator, true},
	UnmuteChat:     {identity.Moderator, true},
	MuteVoice:      {identity.Moderator, true},
	UnmuteVoice:    {identity.Moderator, true},
	Move:           {identity.Moderator, true},
	Ban:            {identity.Moderator, true},
	Unban:          {identity.Moderator, false},
	Lock:           {identity.Moderator, false},
	Unlock:         {identity.Moderator, false},
	Capacity:       {identity.Moderator, false},
	Slow:           {identity.Moderator, false},
	ReadAudit:      {identity.Moderator, false},
	ReadBans:       {identity.Moderator, false},
	ReadReports:    {identity.Moderator, false},
	CloseReport:    {identity.Moderator, false},
	MintVisitor:    {identity.Moderator, false},
	MintStaff:      {identity.Admin, false},
}

// Actions lists every action, in the README table's order.
var Actions = []Action{
	Report, Announce, StaffChat, MuteAudience, UnmuteAudience, Kick, MuteChat, UnmuteChat, MuteVoice,
	UnmuteVoice, Move, Ban, Unban, Lock, Unlock, Capacity, Slow, ReadAudit, ReadBans, ReadReports,
	CloseReport, MintVisitor, MintStaff,
}

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

// PersonAction reports whether a names a person whose role must rank below the actor's.
func (a Action) PersonAction() bool { return rules[a].outranks }

// Allowed says whether actor may take action a on someone of role target (ignored for actions that
// act on no person). The error says why not, in words fit to show.
func Allowed(actor identity.Role, a Action, target identity.Role) error {
	r, ok := rules[a]
	switch {
	case !ok:
		return Refuse(ErrForbidden, "unknown action %q", a)
	case !actor.Valid() || actor < r.min:
		return Refuse(ErrForbidden, "%s needs the %s role or higher", a, r.min)
	case r.outranks && !actor.Outranks(target):
		return Refuse(ErrForbidden, "a %s may not %s a %s", actor, a, target)
	}
	return nil
}
