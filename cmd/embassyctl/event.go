package main

import (
	"fmt"
	"net/http"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/embassy-project/embassy/server/events"
	"github.com/embassy-project/embassy/server/httpapi"
)

// eventCommand holds receptions, briefings and ceremonies through the server: create, list, cancel.
type eventCommand struct{}

func (eventCommand) Name() string { return "event" }

func (eventCommand) Summary() string {
	return "events through the server: event create -title T -room R -starts TIME -ends TIME ... | event list | event cancel ID"
}

func (eventCommand) Where() where { return viaServer }

func (eventCommand) Run(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("event create, event list or event cancel ID")
	}
	switch args[0] {
	case "create":
		return eventCreate(e, args[1:])
	case "list":
		return eventList(e, args[1:])
	case "cancel":
		return eventCancel(e, args[1:])
	}
	return usagef("event %q: create, list or cancel", args[0])
}

func eventCreate(e *env, args []string) error {
	const use = "event create -title TITLE -room ROOM -starts TIME -ends TIME [flags]"
	fs, af := serverCommand(e, "event create", use,
		"Creates an event: a reception, briefing or ceremony in a room between two times (RFC 3339,",
		"e.g. 2026-12-05T17:00:00Z). Diplomats, moderators and admins may; the hosts default to you.")
	var in events.Input
	fs.StringVar(&in.Title, "title", "", "the event's title (required)")
	fs.StringVar(&in.Description, "description", "", "what it is")
	fs.StringVar(&in.Room, "room", "", "the room id (required)")
	starts := fs.String("starts", "", "when it starts, RFC 3339 (required)")
	ends := fs.String("ends", "", "when it ends, RFC 3339 (required)")
	fs.BoolVar(&in.InviteOnly, "invite-only", false, "while it runs, only guests, hosts and staff may enter the room")
	guests := fs.String("guests", "", "signed-in guests' names, comma-separated (others need an invitation: embassyctl invite)")
	hosts := fs.String("hosts", "", "hosts' names, comma-separated (default: you)")
	fs.BoolVar(&in.PublicRecord, "public-record", false, "publish its stage talk, announcements, agenda and answered questions after it ends")
	agenda := fs.String("agenda", "", "agenda items, separated by |")
	fs.IntVar(&in.Capacity, "capacity", 0, "how many may attend (0: the room's)")
	_, c, err := af.parse(e, fs, args, 0, 0, use)
	if err != nil {
		return err
	}
	if in.Title == "" || in.Room == "" || *starts == "" || *ends == "" {
		return usagef("-title, -room, -starts and -ends are required")
	}
	if in.Starts, err = time.Parse(time.RFC3339, *starts); err != nil {
		return usagef("-starts %q: a time like 2026-12-05T17:00:00Z", *starts)
	}
	if in.Ends, err = time.Parse(time.RFC3339, *ends); err != nil {
		return usagef("-ends %q: a time like 2026-12-05T19:00:00Z", *ends)
	}
	in.Guests, in.Hosts, in.Agenda = split(*guests, ","), split(*hosts, ","), split(*agenda, "|")
	var out events.EventJSON
	if err := c.call(http.MethodPost, "/api/events", nil, in, &out); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "event %d: %q in %s, %s to %s\n", out.ID, out.Title, out.Room, out.Starts.Format(time.RFC3339), out.Ends.Format(time.RFC3339))
	return nil
}

// split cuts a list given on the command line, trimming each item and dropping empty ones.
func split(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func eventList(e *env, args []string) error {
	const use = "event list [-json] [flags]"
	fs, af := serverCommand(e, "event list", use, "Lists the events running now or starting within 90 days, by start.")
	asJSON := fs.Bool("json", false, "print a JSON array instead of a table")
	_, c, err := af.parse(e, fs, args, 0, 0, use)
	if err != nil {
		return err
	}
	var list []events.EventJSON
	if err := c.call(http.MethodGet, "/api/events", nil, nil, &list); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.Stdout, list)
	}
	tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTARTS\tENDS\tROOM\tTITLE\tHOSTS\tINVITE ONLY\tON THE RECORD")
	for _, ev := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%v\t%v\n", ev.ID, ev.Starts.Format(time.RFC3339), ev.Ends.Format(time.RFC3339),
			ev.Room, ev.Title, strings.Join(ev.Hosts, ", "), ev.InviteOnly, ev.PublicRecord)
	}
	return tw.Flush()
}

func eventCancel(e *env, args []string) error {
	const use = "event cancel [flags] ID"
	fs, af := serverCommand(e, "event cancel", use, "Calls an event off; its record stays. Its creator, hosts and moderators may.")
	rest, c, err := af.parse(e, fs, args, 1, 1, use)
	if err != nil {
		return err
	}
	var out events.EventJSON
	if err := c.call(http.MethodDelete, "/api/events/"+rest[0], nil, nil, &out); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "event %d (%q) is cancelled\n", out.ID, out.Title)
	return nil
}

// inviteCommand mints an invitation to an event through the server; the token alone goes to
// stdout, for the guest's client (-invite FILE, or pasted on the join screen).
type inviteCommand struct{}

func (inviteCommand) Name() string { return "invite" }

func (inviteCommand) Summary() string {
	return "an invitation to an event for a guest: invite -event ID -name NAME; prints it on stdout"
}

func (inviteCommand) Where() where { return viaServer }

func (inviteCommand) Run(e *env, args []string) error {
	const use = "invite -event ID -name NAME [flags]"
	fs, af := serverCommand(e, "invite", use,
		"Mints a signed invitation for NAME to event ID, valid until an hour after it ends. The guest's",
		"client takes it (-invite FILE, or pasted on the join screen) and enters under that name.",
		"The event's creator, hosts and moderators may.")
	id := fs.Int64("event", 0, "the event's id (required; embassyctl event list shows it)")
	name := fs.String("name", "", "the guest's name (required)")
	_, c, err := af.parse(e, fs, args, 0, 0, use)
	if err != nil {
		return err
	}
	if *id <= 0 || *name == "" {
		return usagef("-event and -name are required")
	}
	var out httpapi.InvitationJSON
	if err := c.call(http.MethodPost, fmt.Sprintf("/api/events/%d/invitations", *id), nil, httpapi.InvitationRequest{Name: *name}, &out); err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, out.Invite)
	fmt.Fprintf(e.Stderr, "embassyctl: an invitation for %q to event %d\n", out.Name, out.Event)
	return nil
}
