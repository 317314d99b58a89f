package scene

import (
	"testing"
	"time"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/ui"
)

type noManager struct{ to Scene }

func (m *noManager) GoTo(s Scene) { m.to = s }

// An invitation pasted on the join screen goes with the entry; with no name typed, the guest name
// stands in (the server names the guest as the invitation does).
func TestJoinScreenPassesTheInvitation(t *testing.T) {
	var got Entry
	mgr := &noManager{}
	j := NewJoin("ws://x/ws", nil, func(e Entry) (Scene, error) { got = e; return nil, nil }, mgr)
	j.Paste = func() (string, error) { return "  eyJ.invite.token\n", nil }
	c := ui.NewContext(1280, 800, 1, gfx.NewFonts(1), time.Now(), 1)
	step := func(in *ui.Input) {
		if err := j.Update(c, in); err != nil {
			t.Fatal(err)
		}
	}
	for range fieldInvite {
		step((&ui.Input{}).Press(ui.FocusNext))
	}
	step((&ui.Input{}).Press(ui.Paste))
	step((&ui.Input{}).Press(ui.Submit))
	if got.Invite != "eyJ.invite.token" || got.Name != GuestName {
		t.Fatalf("entered as %+v", got)
	}
}
