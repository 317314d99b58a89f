package game

import (
	"fmt"
	"time"

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
)

// ChatEntry is one line of the chat history.
type ChatEntry struct {
	At   time.Time
	Text string
	Tone Tone
}

// maxChatEntries bounds the history kept in the window.
const maxChatEntries = 500

// ChatLog is the scrollable chat history. Scroll counts lines up from the newest.
type ChatLog struct {
	Entries []ChatEntry
	Scroll  int
}

// Add appends a line; a reader scrolled up stays on what they were reading.
func (l *ChatLog) Add(e ChatEntry) {
	if len(l.Entries) >= maxChatEntries {
		l.Entries = append(l.Entries[:0], l.Entries[len(l.Entries)-maxChatEntries+1:]...)
	}
	l.Entries = append(l.Entries, e)
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

func (l *ChatLog) clamp() { l.Scroll = min(max(l.Scroll, 0), max(len(l.Entries)-1, 0)) }

// Visible returns up to n entries ending Scroll lines above the newest, oldest first.
func (l *ChatLog) Visible(n int) []ChatEntry {
	end := len(l.Entries) - l.Scroll
	return l.Entries[max(end-n, 0):end]
}

// FormatChat renders a chat event as a history line.
func FormatChat(ev *pb.ChatEvent, self string) ChatEntry {
	from := ev.GetFromName()
	if b := roleBadge(ev.GetFromRole()); b != "" {
		from += " [" + b + "]"
	}
	switch ev.GetKind() {
	case pb.ChatKind_CHAT_WHISPER:
		return ChatEntry{Text: fmt.Sprintf("%s whispers: %s", from, ev.GetText()), Tone: ToneWhisper}
	case pb.ChatKind_CHAT_SHOUT:
		return ChatEntry{Text: fmt.Sprintf("%s shouts: %s", from, ev.GetText()), Tone: ToneShout}
	case pb.ChatKind_CHAT_DIRECT:
		if ev.GetFromName() == self {
			return ChatEntry{Text: fmt.Sprintf("to %s: %s", ev.GetTo(), ev.GetText()), Tone: ToneDirect}
		}
		return ChatEntry{Text: fmt.Sprintf("from %s: %s", from, ev.GetText()), Tone: ToneDirect}
	case pb.ChatKind_CHAT_ANNOUNCE:
		return ChatEntry{Text: fmt.Sprintf("ANNOUNCEMENT from %s: %s", from, ev.GetText()), Tone: ToneAnnounce}
	}
	return ChatEntry{Text: fmt.Sprintf("%s: %s", from, ev.GetText()), Tone: ToneSay}
}

// roleBadge is the short label shown for a role ("" for visitors).
func roleBadge(r pb.Role) string {
	switch r {
	case pb.Role_ROLE_DIPLOMAT:
		return "Diplomat"
	case pb.Role_ROLE_MODERATOR:
		return "Moderator"
	}
	return ""
}
