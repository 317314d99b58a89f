package voice_test

import (
	"testing"
	"time"

	"github.com/embassy-project/embassy/client/voice"
	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/internal/redistest"
	"github.com/embassy-project/embassy/server/node"
)

// Voice follows a redirect: Ben, in voice in the gallery on node B, asks for the reception, which
// node A runs; his client follows the redirect to node A (where the old voice connection means
// nothing), and the session joins voice again there and hears Ada.
func TestVoiceRejoinsAfterARedirect(t *testing.T) {
	rs := redistest.Start(t)
	cluster := func(id string) func(*node.Config) {
		return func(c *node.Config) { c.Redis, c.NodeID, c.PresenceTTL = rs.URL(), id, 3*time.Second }
	}
	na := nodetest.StartWith(t, nil, cluster("node-a"))
	nb := nodetest.StartWith(t, nil, cluster("node-b"))
	a := enter(t, na, "Ada", "reception", 1, options{}) // node A takes the reception
	b := enter(t, nb, "Ben", "gallery", 2, options{})   // node B takes the gallery
	a.speak(toneA)
	if err := b.c.Join("reception"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "Ben redirected to node A", 10*time.Second, func() bool { return b.c.Redirects() == 1 })
	eventually(t, "Ben hears Ada on node A", 15*time.Second, func() bool { return b.hears(a, toneA) })
	if st := b.v.Stats(); st.Rejoins != 1 || st.Offers != 2 {
		t.Fatalf("Ben's voice: %+v, want one rejoin and two offers", st)
	}
	if st, reason := b.v.State(); st != voice.Connected {
		t.Fatalf("Ben's voice is %v (%s)", st, reason)
	}
}
