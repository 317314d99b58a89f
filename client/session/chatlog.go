package session

import (
	"slices"
	"time"

	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Tone is how a chat line is coloured.
type Tone int

// The tones of chat lines.
const (
	ToneSay Tone = iota
	ToneWhisper
	ToneShout
	ToneDirect
	ToneAnnounce
	ToneEmote
	ToneSystem // connection, room changes, help
	ToneError  // refusals and local errors
	ToneStaff  // the staff channel
	ToneMod    // moderation that concerns you or your room, and reports (for moderators)
)

// ChatEntry is one line of the chat history.
type ChatEntry struct {
	At   time.Time
	Text string
	Tone Tone
	// ForYou marks lines meant for you alone (replies, refusals, direct messages): a crowd's chatter
	// must not scroll them away unseen.
	ForYou bool
}

// maxChatEntries bounds the history kept in the window.
const maxChatEntries = 500

// ChatLog is the scrollable chat history. Scroll counts lines up from the newest.
type ChatLog struct {
	Entries []ChatEntry
	Scroll  int
	added   int // lines ever added (Entries keeps the newest): a Narrator tells those it has not told
}

// Add appends a line; a reader scrolled up stays on what they were reading. System, error and
// direct lines are marked ForYou.
func (l *ChatLog) Add(e ChatEntry) {
	if len(l.Entries) >= maxChatEntries {
		l.Entries = append(l.Entries[:0], l.Entries[len(l.Entries)-maxChatEntries+1:]...)
	}
	switch e.Tone {
	case ToneSystem, ToneError, ToneDirect, ToneStaff, ToneMod:
		e.ForYou = true
	}
	l.Entries = append(l.Entries, e)
	l.added++
	if l.Scroll > 0 {
		l.Scroll++
	}
	l.clamp()
}

// ScrollBy moves the view by n lines (positive: older).
func (l *ChatLog) ScrollBy(n int) {
	l.Scroll += n
	l.clamp()
}

// ToBottom returns to the newest line (when you chat, you see the conversation you join).
func (l *ChatLog) ToBottom() { l.Scroll = 0 }

// Pinned returns up to n lines meant for you that arrived since since and are not among the newest
// shown lines, oldest first: what a crowd pushed out of view before you read it.
func (l *ChatLog) Pinned(n, shown int, since time.Time) []ChatEntry {
	end := len(l.Entries) - l.Scroll - shown
	var out []ChatEntry
	for i := min(end, len(l.Entries)) - 1; i >= 0 && len(out) < n; i-- {
		e := l.Entries[i]
		if e.At.Before(since) {
			break
		}
		if e.ForYou {
			out = append(out, e)
		}
	}
	slices.Reverse(out)
	return out
}

func (l *ChatLog) clamp() { l.Scroll = min(max(l.Scroll, 0), max(len(l.Entries)-1, 0)) }

// Visible returns up to n entries ending Scroll lines above the newest, oldest first.
func (l *ChatLog) Visible(n int) []ChatEntry {
	end := len(l.Entries) - l.Scroll
	return l.Entries[max(end-n, 0):end]
}

// FormatChat renders a chat event as a history line.
func FormatChat(ev *pb.ChatEvent, self string) ChatEntry {
	from := ev.GetFromName()
	if b := RoleBadge(ev.GetFromRole()); b != "" {
		from += " [" + b + "]"
	}
	switch ev.GetKind() {
	case pb.ChatKind_CHAT_WHISPER:
		return ChatEntry{Text: msg.T("%s whispers: %s", from, ev.GetText()), Tone: ToneWhisper}
	case pb.ChatKind_CHAT_SHOUT:
		return ChatEntry{Text: msg.T("%s shouts: %s", from, ev.GetText()), Tone: ToneShout}
	case pb.ChatKind_CHAT_DIRECT:
		if ev.GetFromName() == self {
			return ChatEntry{Text: msg.T("to %s: %s", ev.GetTo(), ev.GetText()), Tone: ToneDirect}
		}
		return ChatEntry{Text: msg.T("from %s: %s", from, ev.GetText()), Tone: ToneDirect}
	case pb.ChatKind_CHAT_ANNOUNCE:
		return ChatEntry{Text: msg.T("ANNOUNCEMENT from %s: %s", from, ev.GetText()), Tone: ToneAnnounce}
	case pb.ChatKind_CHAT_STAFF:
		return ChatEntry{Text: msg.T("[staff] %s: %s", from, ev.GetText()), Tone: ToneStaff}
	}
	return ChatEntry{Text: msg.T("%s: %s", from, ev.GetText()), Tone: ToneSay}
}

// RoleBadge is the short label shown for a role ("" for visitors).
func RoleBadge(r pb.Role) string {
	switch r {
	case pb.Role_ROLE_DIPLOMAT:
		return msg.T("Diplomat")
	case pb.Role_ROLE_MODERATOR:
		return msg.T("Moderator")
	case pb.Role_ROLE_ADMIN:
		return msg.T("Admin")
	}
	return ""
}
