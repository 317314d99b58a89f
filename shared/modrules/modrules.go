// Package modrules is what the server and its clients must agree on about moderation: who may take
// which action on whom (the permission matrix), which protocol ModAction is which action, and how
// staff write a duration ("10m", "3d"). It holds rules only: the server enforces them
// (server/moderation), clients mirror them to offer a person only what they may do. Like the rest of
// shared/ it imports no server or client code.
package modrules

import "github.com/embassy-project/embassy/shared/protocol/pb"

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

// Rule is who may take an action: the lowest role, and whether the target must rank below the actor.
type Rule struct {
	Min      pb.Role
	Outranks bool // a person action: nobody acts on someone of their own role or higher
}

// Rules is the permission matrix.
var Rules = map[Action]Rule{
	Report:         {pb.Role_ROLE_VISITOR, false},
	Announce:       {pb.Role_ROLE_DIPLOMAT, false},
	StaffChat:      {pb.Role_ROLE_DIPLOMAT, false},
	MuteAudience:   {pb.Role_ROLE_DIPLOMAT, false},
	UnmuteAudience: {pb.Role_ROLE_DIPLOMAT, false},
	Kick:           {pb.Role_ROLE_MODERATOR, true},
	MuteChat:       {pb.Role_ROLE_MODERATOR, true},
	UnmuteChat:     {pb.Role_ROLE_MODERATOR, true},
	MuteVoice:      {pb.Role_ROLE_MODERATOR, true},
	UnmuteVoice:    {pb.Role_ROLE_MODERATOR, true},
	Move:           {pb.Role_ROLE_MODERATOR, true},
	Ban:            {pb.Role_ROLE_MODERATOR, true},
	Unban:          {pb.Role_ROLE_MODERATOR, false},
	Lock:           {pb.Role_ROLE_MODERATOR, false},
	Unlock:         {pb.Role_ROLE_MODERATOR, false},
	Capacity:       {pb.Role_ROLE_MODERATOR, false},
	Slow:           {pb.Role_ROLE_MODERATOR, false},
	ReadAudit:      {pb.Role_ROLE_MODERATOR, false},
	ReadBans:       {pb.Role_ROLE_MODERATOR, false},
	ReadReports:    {pb.Role_ROLE_MODERATOR, false},
	CloseReport:    {pb.Role_ROLE_MODERATOR, false},
	MintVisitor:    {pb.Role_ROLE_MODERATOR, false},
	MintStaff:      {pb.Role_ROLE_ADMIN, false},
}

// Actions lists every action, in the README table's order.
var Actions = []Action{
	Report, Announce, StaffChat, MuteAudience, UnmuteAudience, Kick, MuteChat, UnmuteChat, MuteVoice,
	UnmuteVoice, Move, Ban, Unban, Lock, Unlock, Capacity, Slow, ReadAudit, ReadBans, ReadReports,
	CloseReport, MintVisitor, MintStaff,
}

// validRole reports whether r is one of the four roles.
func validRole(r pb.Role) bool { return r >= pb.Role_ROLE_VISITOR && r <= pb.Role_ROLE_ADMIN }

// PersonAction reports whether a names a person whose role must rank below the actor's.
func (a Action) PersonAction() bool { return Rules[a].Outranks }

// MayTake reports whether role may take action a at all (on someone of a lower role, for person
// actions): what a client offers in its menus.
func MayTake(role pb.Role, a Action) bool {
	r, ok := Rules[a]
	return ok && validRole(role) && role >= r.Min
}

// Allowed reports whether actor may take action a on someone of role target (ignored for actions
// that act on no person). The server's moderation service explains a refusal in words.
func Allowed(actor pb.Role, a Action, target pb.Role) bool {
	return MayTake(actor, a) && (!Rules[a].Outranks || actor > target)
}

// fromProto maps the protocol's actions to the matrix's.
var fromProto = map[pb.ModAction]Action{
	pb.ModAction_MOD_KICK: Kick, pb.ModAction_MOD_MUTE_CHAT: MuteChat, pb.ModAction_MOD_UNMUTE_CHAT: UnmuteChat,
	pb.ModAction_MOD_MUTE_VOICE: MuteVoice, pb.ModAction_MOD_UNMUTE_VOICE: UnmuteVoice, pb.ModAction_MOD_BAN: Ban,
	pb.ModAction_MOD_UNBAN: Unban, pb.ModAction_MOD_MOVE: Move, pb.ModAction_MOD_LOCK: Lock,
	pb.ModAction_MOD_UNLOCK: Unlock, pb.ModAction_MOD_CAPACITY: Capacity, pb.ModAction_MOD_SLOW: Slow,
	pb.ModAction_MOD_MUTE_AUDIENCE: MuteAudience, pb.ModAction_MOD_UNMUTE_AUDIENCE: UnmuteAudience,
	pb.ModAction_MOD_REPORT: Report, pb.ModAction_MOD_CLOSE_REPORT: CloseReport,
}

// FromProto returns the action a protocol ModAction asks for; ok is false for MOD_UNSPECIFIED and
// unknown values.
func FromProto(m pb.ModAction) (Action, bool) {
	a, ok := fromProto[m]
	return a, ok
}

// Proto returns the protocol's ModAction for a; MOD_UNSPECIFIED for actions that are not a Moderate
// (announcements, staff chat, reading the log, minting tokens).
func (a Action) Proto() pb.ModAction {
	for m, x := range fromProto {
		if x == a {
			return m
		}
	}
	return pb.ModAction_MOD_UNSPECIFIED
}
