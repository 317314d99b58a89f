package main

import (
	"strings"

	"github.com/embassy-project/embassy/server/httpapi"
)

// kickCommand removes someone online through the server: their connection closes with the
// reason, and they may come back after five minutes.
type kickCommand struct{}

func (kickCommand) Name() string { return "kick" }

func (kickCommand) Summary() string {
	return "remove someone online: kick NAME [REASON...]; back after 5 minutes"
}

func (kickCommand) Where() where { return viaServer }

func (kickCommand) Run(e *env, args []string) error {
	const use = "kick [flags] NAME [REASON...]"
	fs, af := serverCommand(e, "kick", use,
		"Removes someone online from the embassy, on whatever node they are; they are told the reason",
		"and may come back after five minutes (embassyctl ban keeps them out longer). A name with",
		"spaces goes in quotes.")
	rest, c, err := af.parse(e, fs, args, 1, -1, use)
	if err != nil {
		return err
	}
	return c.act(e, "/api/kick", httpapi.KickRequest{Name: rest[0], Reason: strings.Join(rest[1:], " ")})
}
