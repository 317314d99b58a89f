package hud_test

import (
	"image"
	"slices"
	"strings"
	"testing"

	"github.com/embassy-project/embassy/client/hud"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// The menu offers what the permission matrix allows your role on theirs: everyone reports and
// blocks; moderators kick, mute, ban and move those below them; nobody acts on an equal or higher.
// Anyone may ask to follow a member of staff's guided tour.
func TestAvatarMenuOffersOnlyWhatYourRoleAllows(t *testing.T) {
	everyone := []string{"Report…", "Block (for me)"}
	staff := append(slices.Clone(everyone), "Kick…", "Mute chat, 10 min…", "Mute voice, 10 min…", "Ban for a day…", "Move…")
	v, d, m, a := pb.Role_ROLE_VISITOR, pb.Role_ROLE_DIPLOMAT, pb.Role_ROLE_MODERATOR, pb.Role_ROLE_ADMIN
	for _, c := range []struct {
		me, them pb.Role
		want     []string
	}{
		{v, v, everyone}, {v, a, everyone}, {d, v, everyone}, {m, v, staff}, {m, d, staff},
		{m, m, everyone}, {m, a, everyone}, {a, m, staff}, {a, a, everyone},
	} {
		b := newBench(t, c.me)
		menu := &hud.AvatarMenu{Env: b.env, Ask: b.prompt.Ask}
		b.root.Mount(menu)
		b.person(5, "Someone", c.them)
		menu.Show(5, image.Pt(600, 300))
		b.step(&ui.Input{})
		want := c.want
		if c.them != v { // staff may lead a guided tour: anyone may ask to follow it
			want = append(slices.Clone(want), "Follow their guided tour")
		}
		if got := menu.Items(); !slices.Equal(got, want) {
			t.Errorf("%s on %s: menu %q, want %q", c.me, c.them, got, want)
		}
	}
}

// By keyboard: Down to an action, Enter; a reason prompt opens, the reason typed goes with it.
func TestAvatarMenuByKeyboardThroughTheReasonPrompt(t *testing.T) {
	b := newBench(t, pb.Role_ROLE_MODERATOR)
	menu := &hud.AvatarMenu{Env: b.env, Ask: b.prompt.Ask}
	b.root.Mount(menu)
	b.root.Mount(b.prompt)
	b.person(5, "Mallory Mallet", pb.Role_ROLE_VISITOR)
	menu.Show(5, image.Pt(600, 300))
	for _, a := range []ui.Action{ui.Down, ui.Down, ui.Down, ui.Submit} { // Report, Block, Kick: Enter
		b.step(press(a))
	}
	if !b.prompt.Open() || menu.Open() || !strings.HasPrefix(b.prompt.Title(), "Kick Mallory Mallet") {
		t.Fatalf("prompt open %v (%q), menu open %v", b.prompt.Open(), b.prompt.Title(), menu.Open())
	}
	b.step(typed("flooding the hall"))
	b.step(press(ui.Backspace))
	b.step(press(ui.Submit))
	want := "moderate MOD_KICK target=Mallory Mallet room= reason=flooding the hal duration=0 value=0"
	if got := b.sentSince(0); !slices.Equal(got, []string{want}) || b.prompt.Open() {
		t.Fatalf("sent %q, want %q", got, want)
	}
	// Esc in the prompt sends nothing; Block needs no prompt and sends nothing either.
	menu.Show(5, image.Pt(600, 300))
	b.step(press(ui.Up)) // from none chosen, Up is the last: Move
	b.step(press(ui.Submit))
	b.step(typed("reception"))
	b.step(press(ui.Cancel))
	menu.Show(5, image.Pt(600, 300))
	b.step(press(ui.Down))
	b.step(press(ui.Down))
	b.step(press(ui.Submit))
	if got := b.sentSince(1); len(got) != 0 || !b.env.M.Blocked.Has("Mallory Mallet", "") {
		t.Fatalf("after a cancelled move and a block: sent %q, blocked %v", got, b.env.M.Blocked)
	}
	menu.Show(5, image.Pt(600, 300))
	b.step(&ui.Input{})
	if got := menu.Items(); got[1] != "Unblock" {
		t.Fatalf("a blocked person's menu: %q", got)
	}
}
