package voice_test

import (
	"testing"
	"time"

	"github.com/embassy-project/embassy/client/voice"
	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// A session survives the server refusing or ending voice: it says why, lets go of its connection
// (and tells the server), and joins again when asked.
func TestVoiceSurvivesTheServerEndingIt(t *testing.T) {
	srv := nodetest.Start(t, nil)
	a := enter(t, srv, "Ada", "reception", 1, options{})
	b := enter(t, srv, "Ben", "", 2, options{noRoom: true})

	// Refused: Ben asks for voice before he is in a room.
	b.v.Join()
	eventually(t, "Ben refused in words", 10*time.Second, func() bool {
		st, reason := b.v.State()
		return st == voice.Off && reason == "Join a room before joining voice."
	})
	b.join("reception")
	b.v.Join()
	b.waitConnected()
	a.speak(toneA)
	eventually(t, "Ben hears Ada", 10*time.Second, func() bool { return b.hears(a, toneA) })

	// The server ends Ben's voice (as it does when it loses his connection).
	uid := b.c.Welcome().GetUserId()
	b.v.Handle(&pb.ServerMessage{Msg: &pb.ServerMessage_Refused{Refused: &pb.Refused{Code: pb.RefuseCode_REFUSE_VOICE, Reason: "Your voice connection was lost."}}})
	eventually(t, "Ben's voice off, with the reason", 5*time.Second, func() bool {
		st, reason := b.v.State()
		return st == voice.Off && reason == "Your voice connection was lost."
	})
	eventually(t, "the server no longer has Ben in voice", 5*time.Second, func() bool { return !srv.Node.Voice().InVoice(uid) })
	if st := b.v.Stats(); st.Ended != 2 {
		t.Fatalf("Ben's stats: %+v, want voice ended twice (the refusal, the loss)", st)
	}
	b.v.Join()
	b.waitConnected()
	since := time.Now()
	eventually(t, "Ben hears Ada again", 15*time.Second, func() bool { return b.receivedFrom(a, since) > 25 && b.hears(a, toneA) })
}
