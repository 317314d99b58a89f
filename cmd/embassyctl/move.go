package main

import (
	"strings"

	"github.com/embassy-project/embassy/server/httpapi"
)

// moveCommand sends someone online to another room through the server.
type moveCommand struct{}

func (moveCommand) Name() string { return "move" }

func (moveCommand) Summary() string {
	return "send someone to another room: move NAME ROOM [REASON...]"
}

func (moveCommand) Where() where { return viaServer }

func (moveCommand) Run(e *env, args []string) error {
	const use = "move [flags] NAME ROOM [REASON...]"
	fs, af := serverCommand(e, "move", use,
		"Sends someone online to another room (by its id, as GET /api/rooms lists them: reception,",
		"gallery...), on whatever node they are; they are told why.")
	rest, c, err := af.parse(e, fs, args, 2, -1, use)
	if err != nil {
		return err
	}
	return c.act(e, "/api/move", httpapi.MoveRequest{Name: rest[0], Room: rest[1], Reason: strings.Join(rest[2:], " ")})
}
