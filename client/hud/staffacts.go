package hud

import (
	"fmt"

	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/shared/modrules"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// personAct is an action staff take on a person from the avatar menu or the moderator panel.
type personAct struct {
	action  modrules.Action
	key     rune   // the panel's shortcut
	label   string // the button
	title   string // the prompt's title, with %s for the person's name
	seconds uint32 // how long it lasts (0: not timed)
}

// personActs lists them, in the current language.
func personActs() []personAct {
	return []personAct{
		{modrules.Kick, 'k', msg.T("Kick…"), msg.T("Kick %s (they may come back in 5 minutes)"), 0},
		{modrules.MuteChat, 'm', msg.T("Mute chat, 10 min…"), msg.T("Mute %s's chat for 10 minutes"), 600},
		{modrules.MuteVoice, 'v', msg.T("Mute voice, 10 min…"), msg.T("Mute %s's voice for 10 minutes"), 600},
		{modrules.Ban, 'b', msg.T("Ban for a day…"), msg.T("Ban %s for a day"), 24 * 3600},
	}
}

// askFunc opens the one-line prompt.
type askFunc func(title, hint string, done func(text string))

// askAndSend asks for the reason for act on name, then sends it; an empty answer gives fallback.
func askAndSend(ask askFunc, mod session.Moderation, act personAct, name, fallback string) {
	hint := msg.T("The reason (they are told it); Enter with none is fine.")
	if fallback != "" {
		hint = msg.T("The reason (they are told it); none: %q.", fallback)
	}
	ask(fmt.Sprintf(act.title, name), hint, func(why string) {
		if why == "" {
			why = fallback
		}
		mod.Send(&pb.Moderate{Action: act.action.Proto(), Target: name, Reason: why, DurationS: act.seconds})
	})
}
