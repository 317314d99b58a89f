package main

import (
	"strings"

	"github.com/embassy-project/embassy/server/httpapi"
)

// muteCommand mutes someone's chat or voice through the server, for a time or until lifted; with
// unmute set it is the unmute command.
type muteCommand struct{ unmute bool }

func (m muteCommand) Name() string {
	if m.unmute {
		return "unmute"
	}
	return "mute"
}

func (m muteCommand) Summary() string {
	if m.unmute {
		return "lift a mute: unmute [-voice] NAME"
	}
	return "mute someone's chat (or -voice): mute [-for 10m] NAME [REASON...]"
}

func (muteCommand) Where() where { return viaServer }

func (m muteCommand) Run(e *env, args []string) error {
	use, text := "mute [-voice] [-for 10m] [flags] NAME [REASON...]", []string{
		"Mutes someone online: their chat lines reach nobody (or, with -voice, nobody hears them),",
		"for a time (-for 30s, 10m, 2h, 3d, 1w) or until lifted (no -for). They are told why.",
	}
	if m.unmute {
		use, text = "unmute [-voice] [flags] NAME", []string{"Lifts a mute on someone's chat (or, with -voice, their voice)."}
	}
	fs, af := serverCommand(e, m.Name(), use, text...)
	voice := fs.Bool("voice", false, "their voice instead of their chat")
	var dur *string
	if !m.unmute {
		dur = fs.String("for", "", "how long: 30s, 10m, 2h, 3d, 1w; empty: until lifted")
	}
	max := -1
	if m.unmute {
		max = 1
	}
	rest, c, err := af.parse(e, fs, args, 1, max, use)
	if err != nil {
		return err
	}
	req := httpapi.MuteRequest{Name: rest[0], Kind: "chat", Reason: strings.Join(rest[1:], " "), Unmute: m.unmute}
	if *voice {
		req.Kind = "voice"
	}
	if dur != nil {
		req.Duration = *dur
	}
	return c.act(e, "/api/mute", req)
}
