package session

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/shared/modrules"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// args is what a moderation command takes after its verb.
type args int

const (
	argPerson         args = iota // NAME
	argPersonReason               // NAME [reason]
	argPersonNeedWhy              // NAME reason (a reason is required)
	argPersonDuration             // NAME [DURATION] [reason]
	argPersonRoom                 // NAME ROOM
	argRoom                       // [ROOM]
	argRoomValue                  // [ROOM] N
	argText                       // text
)

// modCommand is one moderation (or blocking) command: the words that call it, how it reads its
// arguments, what it sends, and who may use it.
type modCommand struct {
	verbs  []string
	usage  string // "/kick NAME [reason]", in the current language
	help   string // what it does, for /help
	args   args
	action pb.ModAction    // what it sends; MOD_UNSPECIFIED for staff chat and blocking
	rule   modrules.Action // who may use it (/help lists only what your role may); "" for everyone
	kind   CommandKind     // CmdModerate, CmdChat (staff chat), CmdBlock or CmdUnblock
}

// modCommands lists the moderation commands. It is built per call so that its words follow the
// current language.
func modCommands() []modCommand {
	mod := func(verbs []string, usage, help string, a args, action pb.ModAction) modCommand {
		r, _ := modrules.FromProto(action)
		return modCommand{verbs: verbs, usage: usage, help: help, args: a, action: action, rule: r, kind: CmdModerate}
	}
	return []modCommand{
		mod([]string{"report"}, msg.T("/report NAME reason"), msg.T("tell the moderators about someone"), argPersonNeedWhy, pb.ModAction_MOD_REPORT),
		{verbs: []string{"block", "ignore"}, usage: msg.T("/block NAME"), help: msg.T("stop hearing and reading someone (for you alone)"), args: argPerson, kind: CmdBlock},
		{verbs: []string{"unblock", "unignore"}, usage: msg.T("/unblock NAME"), help: msg.T("hear and read them again"), args: argPerson, kind: CmdUnblock},
		{verbs: []string{"staff", "st"}, usage: msg.T("/staff text"), help: msg.T("the staff channel, wherever staff are"), args: argText, rule: modrules.StaffChat, kind: CmdChat},
		mod([]string{"muteall"}, msg.T("/muteall [ROOM]"), msg.T("only the stage is heard"), argRoom, pb.ModAction_MOD_MUTE_AUDIENCE),
		mod([]string{"unmuteall"}, msg.T("/unmuteall [ROOM]"), msg.T("everyone may speak again"), argRoom, pb.ModAction_MOD_UNMUTE_AUDIENCE),
		mod([]string{"kick"}, msg.T("/kick NAME [reason]"), msg.T("send someone out (they may return in 5 min)"), argPersonReason, pb.ModAction_MOD_KICK),
		mod([]string{"mute"}, msg.T("/mute NAME [10m] [reason]"), msg.T("mute someone's chat (no time: until lifted)"), argPersonDuration, pb.ModAction_MOD_MUTE_CHAT),
		mod([]string{"unmute"}, msg.T("/unmute NAME"), msg.T("lift a chat mute"), argPerson, pb.ModAction_MOD_UNMUTE_CHAT),
		mod([]string{"mutevoice", "vmute"}, msg.T("/mutevoice NAME [10m] [reason]"), msg.T("mute someone's voice"), argPersonDuration, pb.ModAction_MOD_MUTE_VOICE),
		mod([]string{"unmutevoice", "vunmute"}, msg.T("/unmutevoice NAME"), msg.T("lift a voice mute"), argPerson, pb.ModAction_MOD_UNMUTE_VOICE),
		mod([]string{"ban"}, msg.T("/ban NAME [1h] [reason]"), msg.T("keep someone out (no time: for good)"), argPersonDuration, pb.ModAction_MOD_BAN),
		mod([]string{"unban"}, msg.T("/unban NAME or /unban #ID"), msg.T("lift a ban"), argPerson, pb.ModAction_MOD_UNBAN),
		mod([]string{"closereport", "close"}, msg.T("/closereport #ID [note]"), msg.T("mark a report as handled"), argPersonReason, pb.ModAction_MOD_CLOSE_REPORT),
		mod([]string{"move"}, msg.T("/move NAME ROOM"), msg.T("send someone to another room"), argPersonRoom, pb.ModAction_MOD_MOVE),
		mod([]string{"lock"}, msg.T("/lock [ROOM]"), msg.T("only staff may enter"), argRoom, pb.ModAction_MOD_LOCK),
		mod([]string{"unlock"}, msg.T("/unlock [ROOM]"), msg.T("open a room again"), argRoom, pb.ModAction_MOD_UNLOCK),
		mod([]string{"capacity", "cap"}, msg.T("/capacity [ROOM] N"), msg.T("how many people a room admits (0: the map's)"), argRoomValue, pb.ModAction_MOD_CAPACITY),
		mod([]string{"slow"}, msg.T("/slow [ROOM] SECONDS"), msg.T("one line per visitor every so often (0: off)"), argRoomValue, pb.ModAction_MOD_SLOW),
	}
}

// findModCommand returns the moderation command verb calls.
func findModCommand(verb string) (modCommand, bool) {
	for _, c := range modCommands() {
		for _, v := range c.verbs {
			if v == verb {
				return c, true
			}
		}
	}
	return modCommand{}, false
}

// ModHelpText lists the moderation commands a role may use, one per line.
func ModHelpText(role pb.Role) string {
	var b strings.Builder
	for _, c := range modCommands() {
		if c.rule != "" && !modrules.MayTake(role, c.rule) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(c.usage + ": " + c.help)
	}
	return b.String()
}

// parse reads the command's arguments from rest; known lists the names of people the client knows
// of, so that a name with spaces needs no quotes.
func (c modCommand) parse(rest string, known []string) Command {
	fail := func() Command { return Command{Kind: CmdError, Err: msg.T("usage: %s", c.usage)} }
	cmd := Command{Kind: c.kind}
	if c.args == argText {
		if rest == "" {
			return fail()
		}
		cmd.Chat, cmd.Text = pb.ChatKind_CHAT_STAFF, rest
		return cmd
	}
	m := &pb.Moderate{Action: c.action}
	switch c.args {
	case argRoom:
		m.Room = rest
	case argRoomValue:
		room, value := cutLast(rest)
		v, ok := parseValue(value, c.action == pb.ModAction_MOD_SLOW)
		if !ok {
			return fail()
		}
		m.Room, m.Value = room, v
	default:
		var why string
		m.Target, why = SplitName(rest, known)
		if c.args == argPerson && !strings.HasPrefix(rest, `"`) {
			m.Target, why = rest, "" // the name is all there is: spaces and all
		}
		if m.Target == "" || c.args == argPerson && why != "" {
			return fail()
		}
		if n := utf8.RuneCountInString(m.Target); n > protocol.MaxNameLen && !strings.HasPrefix(m.Target, "#") {
			return Command{Kind: CmdError, Err: msg.T("%q is not a name: names have at most %d characters", m.Target, protocol.MaxNameLen)}
		}
		switch c.args {
		case argPersonNeedWhy, argPersonReason:
			if why == "" && c.args == argPersonNeedWhy {
				return fail()
			}
			m.Reason = why
		case argPersonDuration:
			d, reason, err := cutDuration(why)
			if err != "" {
				return Command{Kind: CmdError, Err: err}
			}
			m.DurationS, m.Reason = uint32(d/time.Second), reason
		case argPersonRoom:
			if why == "" {
				return fail()
			}
			m.Room = why
		}
	}
	if utf8.RuneCountInString(m.Reason) > protocol.MaxReasonLen {
		return Command{Kind: CmdError, Err: msg.T("The reason is too long: at most %d characters.", protocol.MaxReasonLen)}
	}
	cmd.Target = m.Target
	if c.kind == CmdModerate {
		cmd.Mod = m
	}
	return cmd
}

// cutDuration takes an optional duration off the front of s ("10m spam": 10 minutes, "spam").
// A first word that starts like a number but is no duration is a mistake, said in words.
func cutDuration(s string) (d time.Duration, rest, err string) {
	word, after, _ := strings.Cut(s, " ")
	if word == "" {
		return 0, "", ""
	}
	d, perr := modrules.ParseDuration(word)
	switch {
	case perr == nil && d > time.Duration(protocol.MaxModDuration)*time.Second:
		return 0, "", msg.T("%s is too long: ten years at the most.", word)
	case perr == nil:
		return d, strings.TrimSpace(after), ""
	case unicode.IsDigit([]rune(word)[0]):
		return 0, "", msg.T("%q is not a length of time: write 30s, 10m, 2h, 3d or 1w.", word)
	}
	return 0, s, ""
}

// parseValue reads a capacity or a slow mode's seconds: a whole number, or for slow mode also
// "off" or a duration ("30s", "2m").
func parseValue(s string, slow bool) (uint32, bool) {
	if n, err := strconv.ParseUint(s, 10, 32); err == nil && n <= protocol.MaxModValue {
		return uint32(n), true
	}
	if !slow {
		return 0, false
	}
	if strings.EqualFold(s, "off") {
		return 0, true
	}
	d, err := modrules.ParseDuration(s)
	if err != nil || d == 0 || d%time.Second != 0 || d > protocol.MaxModValue*time.Second {
		return 0, false
	}
	return uint32(d / time.Second), true
}

// cutLast splits s before its last word: "Reception Hall 20" is "Reception Hall" and "20".
func cutLast(s string) (head, last string) {
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return "", s
	}
	return strings.TrimSpace(s[:i]), s[i+1:]
}

// SplitName takes a person's name off the front of s and returns it and the rest. Names may hold
// spaces: a "quoted name" is taken as it is; otherwise the longest of the known names that s starts
// with (in any case, followed by a space or the end) is taken, spelt as known; otherwise the first
// word.
func SplitName(s string, known []string) (name, rest string) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, `"`) {
		if end := strings.Index(s[1:], `"`); end >= 0 {
			return strings.TrimSpace(s[1 : end+1]), strings.TrimSpace(s[end+2:])
		}
		return "", ""
	}
	best, bestLen := "", 0
	for _, k := range known {
		if n := prefixFold(s, k); n > bestLen {
			best, bestLen = k, n
		}
	}
	if best != "" {
		return best, strings.TrimSpace(s[bestLen:])
	}
	name, rest, _ = strings.Cut(s, " ")
	return name, strings.TrimSpace(rest)
}

// prefixFold returns how many bytes of s spell name (in any case) when s starts with it followed
// by a space or the end; 0 when it does not.
func prefixFold(s, name string) int {
	if name == "" {
		return 0
	}
	i := 0
	for _, want := range name {
		got, size := utf8.DecodeRuneInString(s[i:])
		if size == 0 || (got != want && unicode.ToLower(got) != unicode.ToLower(want)) {
			return 0
		}
		i += size
	}
	if i < len(s) && s[i] != ' ' {
		return 0
	}
	return i
}
