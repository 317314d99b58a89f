package session

import (
	"strings"

	"github.com/embassy-project/embassy/client/msg"

	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// CommandKind is what a line typed into the chat box asks for.
type CommandKind int

// The kinds of chat-box command.
const (
	CmdNone     CommandKind = iota // an empty line: nothing to do
	CmdChat                        // send Kind/Text (and To for direct messages)
	CmdEmote                       // play Gesture
	CmdJoin                        // go to Room
	CmdHelp                        // show the command list locally
	CmdError                       // show Err locally; nothing is sent
	CmdModerate                    // send Mod (a moderation request or a report)
	CmdBlock                       // block Target for yourself: their chat and voice stop reaching you
	CmdUnblock                     // unblock Target
)

// Command is a parsed chat-box line.
type Command struct {
	Kind    CommandKind
	Chat    pb.ChatKind
	Text    string
	To      string
	Gesture pb.Gesture
	Room    string
	Err     string
	Target  string       // CmdModerate, CmdBlock, CmdUnblock: the person named
	Mod     *pb.Moderate // CmdModerate: the request (its ref is set when sent)
}

// gestures maps emote commands (and /me words) to gestures.
var gestures = map[string]pb.Gesture{
	"wave": pb.Gesture_GESTURE_WAVE, "applaud": pb.Gesture_GESTURE_APPLAUD, "clap": pb.Gesture_GESTURE_APPLAUD,
	"bow": pb.Gesture_GESTURE_BOW, "nod": pb.Gesture_GESTURE_NOD, "cheer": pb.Gesture_GESTURE_CHEER,
	"shrug": pb.Gesture_GESTURE_SHRUG, "laugh": pb.Gesture_GESTURE_LAUGH, "think": pb.Gesture_GESTURE_THINK,
}

// HelpText lists the chat commands, one per line.
func HelpText() string { return msg.T(helpText) }

const helpText = `Enter: talk to people nearby (20 m)
/w text: whisper (10 m)   /shout text: the whole room
/msg NAME text: a direct message ("quote names with spaces")
/wave /applaud /bow /nod /cheer /shrug /laugh /think (or /me wave)
/announce text: the whole room (diplomats, moderators)
/join ROOM: go to a room   /help: this list`

// ParseCommand reads one line typed into the chat box. known lists the names of people the client
// knows of, so that names with spaces need no quotes (see SplitName).
func ParseCommand(line string, known []string) Command {
	line = strings.TrimSpace(line)
	if line == "" {
		return Command{Kind: CmdNone}
	}
	if !strings.HasPrefix(line, "/") || strings.HasPrefix(line, "//") {
		return Command{Kind: CmdChat, Chat: pb.ChatKind_CHAT_SAY, Text: strings.TrimPrefix(line, "/")}
	}
	verb, rest, _ := strings.Cut(line[1:], " ")
	verb, rest = strings.ToLower(verb), strings.TrimSpace(rest)
	chat := func(k pb.ChatKind) Command {
		if rest == "" {
			return Command{Kind: CmdError, Err: msg.T("/%s needs a message", verb)}
		}
		return Command{Kind: CmdChat, Chat: k, Text: rest}
	}
	switch verb {
	case "s", "say":
		return chat(pb.ChatKind_CHAT_SAY)
	case "w", "whisper":
		return chat(pb.ChatKind_CHAT_WHISPER)
	case "shout", "y", "yell":
		return chat(pb.ChatKind_CHAT_SHOUT)
	case "announce", "a":
		return chat(pb.ChatKind_CHAT_ANNOUNCE)
	case "msg", "m", "dm", "tell", "t":
		to, text := SplitName(rest, known)
		if to == "" || text == "" {
			return Command{Kind: CmdError, Err: msg.T("usage: /msg NAME text")}
		}
		return Command{Kind: CmdChat, Chat: pb.ChatKind_CHAT_DIRECT, To: to, Text: text}
	case "me", "emote", "e":
		if g, ok := gestures[strings.ToLower(rest)]; ok {
			return Command{Kind: CmdEmote, Gesture: g}
		}
		return Command{Kind: CmdError, Err: msg.T("unknown emote %q; try /wave, /applaud, /bow", rest)}
	case "join", "go", "room":
		if rest == "" {
			return Command{Kind: CmdError, Err: msg.T("usage: /join ROOM")}
		}
		return Command{Kind: CmdJoin, Room: rest}
	case "help", "?", "h":
		return Command{Kind: CmdHelp}
	}
	if g, ok := gestures[verb]; ok && rest == "" {
		return Command{Kind: CmdEmote, Gesture: g}
	}
	if c, ok := findModCommand(verb); ok {
		return c.parse(rest, known)
	}
	return Command{Kind: CmdError, Err: msg.T("unknown command /%s; /help lists them", verb)}
}

// GestureVerb returns how a gesture reads in the third person ("waves").
func GestureVerb(g pb.Gesture) string {
	switch g {
	case pb.Gesture_GESTURE_WAVE:
		return msg.T("waves")
	case pb.Gesture_GESTURE_APPLAUD:
		return msg.T("applauds")
	case pb.Gesture_GESTURE_BOW:
		return msg.T("bows")
	case pb.Gesture_GESTURE_NOD:
		return msg.T("nods")
	case pb.Gesture_GESTURE_CHEER:
		return msg.T("cheers")
	case pb.Gesture_GESTURE_SHRUG:
		return msg.T("shrugs")
	case pb.Gesture_GESTURE_LAUGH:
		return msg.T("laughs")
	case pb.Gesture_GESTURE_THINK:
		return msg.T("thinks")
	}
	return msg.T("gestures")
}

// GestureIcon is the short symbol shown in an emote bubble.
func GestureIcon(g pb.Gesture) string {
	switch g {
	case pb.Gesture_GESTURE_WAVE:
		return "o/"
	case pb.Gesture_GESTURE_APPLAUD:
		return "*clap clap*"
	case pb.Gesture_GESTURE_BOW:
		return "*bows*"
	case pb.Gesture_GESTURE_NOD:
		return "*nods*"
	case pb.Gesture_GESTURE_CHEER:
		return "\\o/"
	case pb.Gesture_GESTURE_SHRUG:
		return `¯\_(ツ)_/¯`
	case pb.Gesture_GESTURE_LAUGH:
		return "haha!"
	case pb.Gesture_GESTURE_THINK:
		return "hmm..."
	}
	return "*"
}
