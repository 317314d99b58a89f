package session

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Every moderation command, as staff and visitors type them, and what it becomes.
func TestParseModerationCommands(t *testing.T) {
	known := []string{"Ada", "Ada Lovelace", "Mallory", "Zoë Ünal"}
	mod := func(a pb.ModAction, target, room, reason string, dur, value uint32) Command {
		return Command{Kind: CmdModerate, Target: target, Mod: &pb.Moderate{Action: a, Target: target, Room: room, Reason: reason, DurationS: dur, Value: value}}
	}
	tests := []struct {
		in   string
		want Command
	}{
		{"/kick Mallory flooding the hall", mod(pb.ModAction_MOD_KICK, "Mallory", "", "flooding the hall", 0, 0)},
		{"/kick Mallory", mod(pb.ModAction_MOD_KICK, "Mallory", "", "", 0, 0)},
		{"/KICK mallory rude", mod(pb.ModAction_MOD_KICK, "Mallory", "", "rude", 0, 0)}, // spelt as known
		{"/kick ada lovelace spam", mod(pb.ModAction_MOD_KICK, "Ada Lovelace", "", "spam", 0, 0)},
		{"/kick Ada spam", mod(pb.ModAction_MOD_KICK, "Ada", "", "spam", 0, 0)},
		{"/kick Adam spam", mod(pb.ModAction_MOD_KICK, "Adam", "", "spam", 0, 0)}, // "Ada" is not a prefix of a word
		{`/kick "Bob Stranger" spam`, mod(pb.ModAction_MOD_KICK, "Bob Stranger", "", "spam", 0, 0)},
		{"/kick zoë ünal x", mod(pb.ModAction_MOD_KICK, "Zoë Ünal", "", "x", 0, 0)},
		{"/mute Mallory", mod(pb.ModAction_MOD_MUTE_CHAT, "Mallory", "", "", 0, 0)},
		{"/mute Mallory 10m spam", mod(pb.ModAction_MOD_MUTE_CHAT, "Mallory", "", "spam", 600, 0)},
		{"/mute Mallory spamming links", mod(pb.ModAction_MOD_MUTE_CHAT, "Mallory", "", "spamming links", 0, 0)},
		{"/mute Ada Lovelace 2h", mod(pb.ModAction_MOD_MUTE_CHAT, "Ada Lovelace", "", "", 7200, 0)},
		{"/mutevoice Mallory 30s shouting", mod(pb.ModAction_MOD_MUTE_VOICE, "Mallory", "", "shouting", 30, 0)},
		{"/vmute Mallory", mod(pb.ModAction_MOD_MUTE_VOICE, "Mallory", "", "", 0, 0)},
		{"/unmute Mallory", mod(pb.ModAction_MOD_UNMUTE_CHAT, "Mallory", "", "", 0, 0)},
		{"/unmutevoice Ada Lovelace", mod(pb.ModAction_MOD_UNMUTE_VOICE, "Ada Lovelace", "", "", 0, 0)},
		{"/ban Mallory 1h flooding", mod(pb.ModAction_MOD_BAN, "Mallory", "", "flooding", 3600, 0)},
		{"/ban Mallory 3d", mod(pb.ModAction_MOD_BAN, "Mallory", "", "", 3*86400, 0)},
		{"/ban Mallory forever threats", mod(pb.ModAction_MOD_BAN, "Mallory", "", "threats", 0, 0)},
		{"/ban Mallory threats", mod(pb.ModAction_MOD_BAN, "Mallory", "", "threats", 0, 0)},
		{"/ban Someone Offline 1w", mod(pb.ModAction_MOD_BAN, "Someone", "", "Offline 1w", 0, 0)},
		{"/unban Mallory", mod(pb.ModAction_MOD_UNBAN, "Mallory", "", "", 0, 0)},
		{"/unban Some One", mod(pb.ModAction_MOD_UNBAN, "Some One", "", "", 0, 0)}, // the whole rest is the name
		{"/unban #12", mod(pb.ModAction_MOD_UNBAN, "#12", "", "", 0, 0)},
		{"/move Mallory reception", mod(pb.ModAction_MOD_MOVE, "Mallory", "reception", "", 0, 0)},
		{"/move Ada Lovelace Reception Hall", mod(pb.ModAction_MOD_MOVE, "Ada Lovelace", "Reception Hall", "", 0, 0)},
		{"/lock", mod(pb.ModAction_MOD_LOCK, "", "", "", 0, 0)},
		{"/lock gallery", mod(pb.ModAction_MOD_LOCK, "", "gallery", "", 0, 0)},
		{"/unlock Exhibition Gallery", mod(pb.ModAction_MOD_UNLOCK, "", "Exhibition Gallery", "", 0, 0)},
		{"/capacity 20", mod(pb.ModAction_MOD_CAPACITY, "", "", "", 0, 20)},
		{"/capacity Reception Hall 0", mod(pb.ModAction_MOD_CAPACITY, "", "Reception Hall", "", 0, 0)},
		{"/slow 10", mod(pb.ModAction_MOD_SLOW, "", "", "", 0, 10)},
		{"/slow off", mod(pb.ModAction_MOD_SLOW, "", "", "", 0, 0)},
		{"/slow gallery 2m", mod(pb.ModAction_MOD_SLOW, "", "gallery", "", 0, 120)},
		{"/muteall", mod(pb.ModAction_MOD_MUTE_AUDIENCE, "", "", "", 0, 0)},
		{"/unmuteall reception", mod(pb.ModAction_MOD_UNMUTE_AUDIENCE, "", "reception", "", 0, 0)},
		{"/closereport #4 warned them", mod(pb.ModAction_MOD_CLOSE_REPORT, "#4", "", "warned them", 0, 0)},
		{"/report Mallory insults me", mod(pb.ModAction_MOD_REPORT, "Mallory", "", "insults me", 0, 0)},
		{"/staff watch Mallory", Command{Kind: CmdChat, Chat: pb.ChatKind_CHAT_STAFF, Text: "watch Mallory"}},
		{"/block Ada Lovelace", Command{Kind: CmdBlock, Target: "Ada Lovelace"}},
		{"/block Stranger Danger", Command{Kind: CmdBlock, Target: "Stranger Danger"}},
		{"/unblock Ada", Command{Kind: CmdUnblock, Target: "Ada"}},
		{`/msg ada lovelace see you`, Command{Kind: CmdChat, Chat: pb.ChatKind_CHAT_DIRECT, To: "Ada Lovelace", Text: "see you"}},
	}
	for _, tt := range tests {
		got := ParseCommand(tt.in, known)
		mg, mw := got.Mod, tt.want.Mod
		got.Mod, tt.want.Mod = nil, nil
		if got != tt.want || !proto.Equal(mg, mw) {
			got.Mod = mg
			t.Errorf("ParseCommand(%q) = %+v %v, want %+v %v", tt.in, got, mg, tt.want, mw)
		}
	}
	bad := map[string]string{
		"/kick":                    "usage: /kick NAME [reason]",
		`/kick "Ada`:               "usage: /kick NAME",
		"/report Mallory":          "usage: /report NAME reason",
		"/mute Mallory 10x spam":   `"10x" is not a length of time`,
		"/ban Mallory 20000d":      "too long",
		"/move Mallory":            "usage: /move NAME ROOM",
		"/capacity":                "usage: /capacity [ROOM] N",
		"/capacity lots":           "usage: /capacity",
		"/capacity gallery -3":     "usage: /capacity",
		"/capacity 1000000":        "usage: /capacity",
		"/slow soon":               "usage: /slow",
		"/slow 1.5s":               "usage: /slow",
		"/staff":                   "usage: /staff text",
		"/block":                   "usage: /block NAME",
		`/unmute "Ada" extra`:      "usage: /unmute NAME",
		"/kick " + long(40):        "not a name",
		"/kick Ada " + long(201):   "reason is too long",
		"/frobnicate Ada":          "unknown command",
		"/mutevoice":               "usage: /mutevoice",
		"/unban":                   "usage: /unban",
		"/muteall x y z":           "", // a room name with spaces is fine: the server says if there is none
		"/report \"Ada Lovelace\"": "usage: /report",
	}
	for in, want := range bad {
		got := ParseCommand(in, known)
		if want == "" {
			if got.Kind != CmdModerate {
				t.Errorf("ParseCommand(%q) = %+v", in, got)
			}
			continue
		}
		if got.Kind != CmdError || !strings.Contains(got.Err, want) {
			t.Errorf("ParseCommand(%q) = %+v, want an error saying %q", in, got, want)
		}
	}
}

func long(n int) string { return strings.Repeat("x", n) }

// /help lists what your role may use: visitors report and block, diplomats also talk on the staff
// channel and mute the audience, moderators all of it.
func TestModHelpFollowsTheRole(t *testing.T) {
	has := func(role pb.Role, cmd string) bool {
		for _, l := range strings.Split(ModHelpText(role), "\n") {
			if strings.HasPrefix(l, cmd+" ") || strings.HasPrefix(l, cmd+":") {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		cmd               string
		visitor, diplomat bool
	}{
		{"/report", true, true}, {"/block", true, true}, {"/unblock", true, true}, {"/staff", false, true},
		{"/muteall", false, true}, {"/kick", false, false}, {"/ban", false, false}, {"/slow", false, false},
	} {
		if has(pb.Role_ROLE_VISITOR, c.cmd) != c.visitor || has(pb.Role_ROLE_DIPLOMAT, c.cmd) != c.diplomat || !has(pb.Role_ROLE_MODERATOR, c.cmd) {
			t.Errorf("%s: visitor %v diplomat %v moderator %v", c.cmd, has(pb.Role_ROLE_VISITOR, c.cmd), has(pb.Role_ROLE_DIPLOMAT, c.cmd), has(pb.Role_ROLE_MODERATOR, c.cmd))
		}
	}
}
