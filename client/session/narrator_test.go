package session_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/assets"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// teller records what a Narrator tells.
type teller struct {
	said   []string
	people [][]string
}

func (t *teller) Say(text string)       { t.said = append(t.said, text) }
func (t *teller) People(names []string) { t.people = append(t.people, slices.Clone(names)) }

// take returns what was said since the last take.
func (t *teller) take() []string {
	s := t.said
	t.said = nil
	return s
}

func enter(slots ...uint32) *pb.ServerMessage {
	snap := &pb.Snapshot{}
	for _, slot := range slots {
		name := string(rune('A'+slot-10)) + "da"
		snap.Profiles = append(snap.Profiles, &pb.Profile{Slot: slot, UserId: name, Name: name})
		snap.Enter = append(snap.Enter, &pb.AvatarEnter{Slot: slot, X: 1000, Y: 1000})
	}
	return &pb.ServerMessage{Msg: &pb.ServerMessage_Snapshot{Snapshot: snap}}
}

// The narrator tells what the screen shows: chat lines as the chat box has them, who comes near and
// who goes (one line for a crowd), the list of people near, a lost connection once however often
// it is retried, its end, and a new room's people afresh.
func TestNarratorTellsWhatTheScreenShows(t *testing.T) {
	s, src := joined(t)
	var out teller
	session.NewNarrator(s, &out)
	steps := []struct {
		name   string
		msgs   []*pb.ServerMessage
		status *session.Status
		said   []string // each line begins so (a countdown follows "Trying again in")
		people []string // nil: the list is not told again
	}{
		{name: "someone comes near", msgs: []*pb.ServerMessage{profile(2, "u2", "Ada")}, said: []string{"Ada is here."}, people: []string{"Ada"}},
		{name: "chat", msgs: []*pb.ServerMessage{chat(pb.ChatKind_CHAT_SAY, 2, "u2", "Ada", "hello"), chat(pb.ChatKind_CHAT_SHOUT, 2, "u2", "Ada", "HI")},
			said: []string{"Ada: hello", "Ada shouts: HI"}},
		{name: "a few", msgs: []*pb.ServerMessage{enter(12, 11)}, said: []string{"Bda, Cda are here."}, people: []string{"Ada", "Bda", "Cda"}},
		{name: "a crowd", msgs: []*pb.ServerMessage{enter(13, 14, 15, 16, 17, 18, 19)},
			said: []string{"Dda, Eda, Fda, Gda, Hda and 2 more are here."}, people: []string{"Ada", "Bda", "Cda", "Dda", "Eda", "Fda", "Gda", "Hda", "Ida", "Jda"}},
		{name: "one goes", msgs: []*pb.ServerMessage{{Msg: &pb.ServerMessage_Snapshot{Snapshot: &pb.Snapshot{Leave: []uint32{2}}}}},
			said: []string{"Ada is no longer near you."}, people: []string{"Bda", "Cda", "Dda", "Eda", "Fda", "Gda", "Hda", "Ida", "Jda"}},
		{name: "nothing new", said: nil},
		{name: "connection lost", status: &session.Status{State: session.Waiting, Reason: "cannot reach the server", RetryAt: time.Now().Add(time.Second)},
			said: []string{"Disconnected: cannot reach the server. Trying again in "}},
		{name: "trying again", status: &session.Status{State: session.Connecting, Attempt: 1}},
		{name: "lost again, for the same reason", status: &session.Status{State: session.Waiting, Reason: "cannot reach the server", RetryAt: time.Now().Add(2 * time.Second)}},
		{name: "sent away", status: &session.Status{State: session.Ended, Reason: "the server closed the connection: this sign-in is not valid"},
			said: []string{"Disconnected: the server closed the connection: this sign-in is not valid. Start the client again when you may come back."}},
		{name: "back", status: &session.Status{State: session.Online, Session: 2}},
		{name: "lost once more", status: &session.Status{State: session.Waiting, Reason: "cannot reach the server", RetryAt: time.Now().Add(time.Second)},
			said: []string{"Disconnected: cannot reach the server. Trying again in "}},
		{name: "another room", status: &session.Status{State: session.Online, Session: 2}, msgs: []*pb.ServerMessage{{Msg: &pb.ServerMessage_Joined{Joined: &pb.Joined{
			Room: "entrance", Name: "Entrance Hall", MapFile: "entrance.tmx", SelfSlot: 5, X: 1000, Y: 1000,
		}}}}, said: []string{"You are in the Entrance Hall."}, people: []string{}},
		{name: "someone there", msgs: []*pb.ServerMessage{enter(10)}, said: []string{"Ada is here."}, people: []string{"Ada"}},
	}
	for _, st := range steps {
		out.people = nil
		if st.status != nil {
			src.SetStatus(*st.status)
		}
		deliver(s, src, st.msgs...)
		if got := out.take(); !slices.EqualFunc(got, st.said, strings.HasPrefix) {
			t.Errorf("%s: told %q, want %q", st.name, got, st.said)
		}
		switch {
		case st.people == nil && out.people != nil:
			t.Errorf("%s: told the people near again: %q", st.name, out.people)
		case st.people != nil && (len(out.people) != 1 || !slices.Equal(out.people[0], st.people)):
			t.Errorf("%s: people near told as %q, want %q", st.name, out.people, st.people)
		}
	}
}

// The narrator tells when an exhibit comes within reach (once, however long you stand there) and
// reads out the one opened, paragraph by paragraph, once its text has loaded.
func TestNarratorReadsExhibits(t *testing.T) {
	s, src := joined(t)
	var out teller
	session.NewNarrator(s, &out)
	def, err := world.LoadRoom(assets.World, "entrance.tmx")
	if err != nil {
		t.Fatal(err)
	}
	z := def.Exhibits()[0]
	at := world.Vec{X: (z.Rect.Min.X + z.Rect.Max.X) / 2, Y: (z.Rect.Min.Y + z.Rect.Max.Y) / 2}
	deliver(s, src, &pb.ServerMessage{Msg: &pb.ServerMessage_Joined{Joined: &pb.Joined{
		Room: "entrance", Name: def.Name, MapFile: "entrance.tmx", SelfSlot: 1, X: at.X, Y: at.Y,
	}}})
	deliver(s, src)
	want := z.Title + " is within reach: press E to read it."
	if got := out.take(); slices.Index(got, want) < 0 || slices.Index(got[slices.Index(got, want)+1:], want) >= 0 {
		t.Fatalf("told %q, want %q once", got, want)
	}

	s.Actions().OpenExhibit(z)
	for deadline := time.Now().Add(10 * time.Second); s.Model().Exhibit == nil || !s.Model().Exhibit.Loaded; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the exhibit did not load")
		}
		s.Update(time.Now())
	}
	deliver(s, src)
	ex := s.Model().Exhibit
	if len(ex.Blocks) == 0 {
		t.Fatalf("the exhibit %q has no text to read: %s", z.Title, ex.Err)
	}
	want2 := []string{z.Title}
	for _, b := range ex.Blocks {
		want2 = append(want2, b.Text)
	}
	want2 = append(want2, "Escape or E closes the exhibit.")
	if got := out.take(); !slices.Equal(got, want2) {
		t.Errorf("read out %q, want %q", got, want2)
	}
}
