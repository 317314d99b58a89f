package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/embassy-project/embassy/server/httpapi"
)

// roomCommand changes one of a room's settings through the server (PATCH /api/rooms/{id}): lock,
// unlock, capacity and slow are each one of these.
type roomCommand struct {
	name, summary, use string
	text               []string
	args               int // after the room: 0, or 1 (a number); any more is the reason
	patch              func(rest []string) (httpapi.RoomPatch, error)
}

var (
	lockCommand = roomCommand{name: "lock", summary: "close a room to visitors: lock ROOM [REASON...]",
		use: "lock [flags] ROOM [REASON...]", text: []string{
			"Closes a room to visitors: staff may still enter, and those inside stay. The room is told",
			"the reason."},
		patch: func(rest []string) (httpapi.RoomPatch, error) {
			return httpapi.RoomPatch{Locked: ptr(true), Reason: strings.Join(rest, " ")}, nil
		}}
	unlockCommand = roomCommand{name: "unlock", summary: "open a locked room again: unlock ROOM",
		use: "unlock [flags] ROOM", text: []string{"Opens a locked room to everyone again."},
		patch: func([]string) (httpapi.RoomPatch, error) { return httpapi.RoomPatch{Locked: ptr(false)}, nil }}
	capacityCommand = roomCommand{name: "capacity", summary: "admit at most N people: capacity ROOM N (0: the map's)",
		use: "capacity [flags] ROOM N", args: 1, text: []string{
			"Sets how many people a room admits, at most its map's capacity; 0 goes back to the map's.",
			"Lowering it removes nobody: it only stops arrivals."},
		patch: func(rest []string) (httpapi.RoomPatch, error) {
			n, err := count("N", rest[0])
			return httpapi.RoomPatch{Capacity: &n}, err
		}}
	slowCommand = roomCommand{name: "slow", summary: "slow mode: one chat line every S seconds per visitor: slow ROOM S (0: off)",
		use: "slow [flags] ROOM SECONDS", args: 1, text: []string{
			"Slow mode: each visitor in the room may send one chat line every SECONDS; 0 turns it off."},
		patch: func(rest []string) (httpapi.RoomPatch, error) {
			n, err := count("SECONDS", rest[0])
			return httpapi.RoomPatch{SlowSeconds: &n}, err
		}}
)

func ptr[T any](v T) *T { return &v }

// count reads a whole number argument, 0 or more.
func count(what, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, usagef("%s %q: a whole number, 0 or more", what, s)
	}
	return n, nil
}

func (r roomCommand) Name() string    { return r.name }
func (r roomCommand) Summary() string { return r.summary }
func (roomCommand) Where() where      { return viaServer }

func (r roomCommand) Run(e *env, args []string) error {
	fs, af := serverCommand(e, r.name, r.use, r.text...)
	max := 1 + r.args
	if r.name == "lock" {
		max = -1
	}
	rest, c, err := af.parse(e, fs, args, 1+r.args, max, r.use)
	if err != nil {
		return err
	}
	p, err := r.patch(rest[1:])
	if err != nil {
		return err
	}
	var out httpapi.RoomResultJSON
	if err := c.call(http.MethodPatch, "/api/rooms/"+url.PathEscape(rest[0]), nil, p, &out); err != nil {
		return err
	}
	for _, d := range out.Done {
		fmt.Fprintln(e.Stdout, d)
	}
	fmt.Fprintln(e.Stdout, roomState(out.Room))
	return nil
}

// roomState is a room's line: `Exhibition Gallery (gallery): locked, 3 inside, admits 20, slow mode 5 s`.
func roomState(r httpapi.RoomJSON) string {
	parts := []string{"open"}
	if r.Locked {
		parts[0] = "locked"
	}
	parts = append(parts, fmt.Sprintf("%d inside, admits %d", r.Occupants, r.Capacity))
	if r.SlowSeconds > 0 {
		parts = append(parts, fmt.Sprintf("slow mode %d s", r.SlowSeconds))
	}
	if r.AudienceMuted {
		parts = append(parts, "only the stage is heard")
	}
	return fmt.Sprintf("%s (%s): %s", r.Name, r.ID, strings.Join(parts, ", "))
}
