package hud_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client/hud"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

func staffData(ref uint32, d *pb.StaffData) *pb.ServerMessage {
	d.Ref = ref
	return &pb.ServerMessage{Msg: &pb.ServerMessage_StaffData{StaffData: d}}
}

// lastRef is the ref of the latest intent the test source recorded (it numbers them in order).
func (b *bench) lastRef() uint32 { return uint32(len(b.src.Sent())) }

func contains(rows []string, part string) bool {
	return slices.ContainsFunc(rows, func(r string) bool { return strings.Contains(r, part) })
}

// F7 opens the panel for a moderator; each tab asks the server once and shows its answer (times in
// local time); a report's buttons act on the person reported, asking for a reason; a ban's button
// lifts it; the room tab reflects the room's settings and changes them.
func TestModPanelShowsStaffDataAndActs(t *testing.T) {
	b := newBench(t, pb.Role_ROLE_MODERATOR)
	panel := &hud.ModPanel{Env: b.env, Ask: b.prompt.Ask}
	b.root.Mount(panel)
	b.root.Mount(b.prompt)
	b.step(press(ui.Staff))
	if !panel.Open() || !slices.Equal(b.sentSince(0), []string{"staff-query REPORTS"}) {
		t.Fatalf("F7: open %v, sent %q", panel.Open(), b.sentSince(0))
	}
	at := time.Date(2025, 3, 14, 9, 26, 0, 0, time.UTC)
	b.push(staffData(b.lastRef(), &pb.StaffData{Reports: []*pb.ReportInfo{
		{Id: 2, Reporter: "Ada", Target: "Mallory", Room: "entrance", Reason: "insults", Lines: []string{"you fool", "go away"}, TimeMs: at.UnixMilli()},
	}}))
	b.step(&ui.Input{})
	rows, detail, buttons := panel.Lines()
	local := at.Local().Format("2 Jan 15:04")
	if len(rows) != 1 || rows[0] != "#2  "+local+"  Ada reported Mallory: insults  (in the Entrance Hall)" {
		t.Fatalf("report rows %q", rows)
	}
	if !slices.Equal(detail, []string{"Mallory's last lines:", "“you fool”", "“go away”"}) || !slices.Equal(buttons, []string{"K · Kick…", "M · Mute chat, 10 min…", "V · Mute voice, 10 min…", "B · Ban for a day…", "C · Close…"}) {
		t.Fatalf("detail %q, buttons %q", detail, buttons)
	}
	n := len(b.src.Sent())
	b.step(typed("m"))
	b.step(press(ui.Submit)) // no reason typed: the report's
	if got := b.sentSince(n); !slices.Equal(got, []string{"moderate MOD_MUTE_CHAT target=Mallory room= reason=reported: insults duration=600 value=0"}) {
		t.Fatalf("mute from the report sent %q", got)
	}
	// A new report arriving while the panel is open joins the list, newest first.
	b.push(&pb.ServerMessage{Msg: &pb.ServerMessage_ModNotice{ModNotice: &pb.ModNotice{Kind: pb.ModNotice_REPORT, Text: "Bo reported Eve", Report: &pb.ReportInfo{Id: 3, Reporter: "Bo", Target: "Eve", TimeMs: at.UnixMilli()}}}})
	b.step(&ui.Input{})
	if rows, _, _ := panel.Lines(); len(rows) != 2 || !strings.Contains(rows[0], "Bo reported Eve") {
		t.Fatalf("after a report came in: %q", rows)
	}
	// Closing one: a note, then the server's answer takes it off the list and the list is asked for again.
	b.step(typed("c"))
	b.step(typed("warned"))
	b.step(press(ui.Submit))
	if got := b.sentSince(n + 1); !slices.Equal(got, []string{"moderate MOD_CLOSE_REPORT target=#3 room= reason=warned duration=0 value=0"}) {
		t.Fatalf("close sent %q", got)
	}
	b.push(&pb.ServerMessage{Msg: &pb.ServerMessage_ModResult{ModResult: &pb.ModResult{Ref: b.lastRef(), Text: "Report #3 on Eve is closed."}}})
	b.step(&ui.Input{})
	if rows, _, _ := panel.Lines(); len(rows) != 1 || b.src.Sent()[len(b.src.Sent())-1] != "staff-query REPORTS" {
		t.Fatalf("after closing: rows %q, sent %q", rows, b.sentSince(n+1))
	}
	n = len(b.src.Sent()) - 1

	b.step(press(ui.CaretRight))
	if got := b.sentSince(n + 1); !slices.Equal(got, []string{"staff-query BANS"}) {
		t.Fatalf("bans tab sent %q", got)
	}
	b.push(staffData(b.lastRef(), &pb.StaffData{Bans: []*pb.BanLine{
		{Id: 7, Name: "Eve", By: "Ada", Reason: "threats", Device: true, CreatedMs: at.UnixMilli()},
		{Id: 8, Name: "Trent", By: "Ada", CreatedMs: at.UnixMilli(), ExpiresMs: at.Add(time.Hour).UnixMilli()},
	}}))
	b.step(press(ui.Down))
	rows, _, buttons = panel.Lines()
	if !contains(rows, "#7  Eve  for good, by Ada on "+local+", device too: threats") || !contains(rows, "until "+at.Add(time.Hour).Local().Format("2 Jan 15:04")) {
		t.Fatalf("ban rows %q", rows)
	}
	n = len(b.src.Sent())
	b.step(typed("u"))
	if got := b.sentSince(n); !slices.Equal(got, []string{"moderate MOD_UNBAN target=#8 room= reason= duration=0 value=0"}) || !slices.Equal(buttons, []string{"U · Unban"}) {
		t.Fatalf("unban sent %q (buttons %q)", got, buttons)
	}

	b.step(press(ui.CaretRight))
	b.push(staffData(b.lastRef(), &pb.StaffData{Audit: []*pb.AuditLine{
		{Id: "1-0", TimeMs: at.UnixMilli(), Actor: "Ada", Role: "moderator", Action: "kick", Target: "Mallory", Room: "entrance", Reason: "spam", Outcome: "done"},
		{Id: "0-9", TimeMs: at.UnixMilli(), Actor: "Bo", Role: "visitor", Action: "ban", Target: "Ada", Outcome: "refused"},
	}}))
	b.step(typed("r")) // refresh asks again
	rows, _, _ = panel.Lines()
	if !slices.Equal(rows, []string{local + "  Ada (moderator): kick Mallory in the Entrance Hall: spam", local + "  Bo (visitor): ban Ada  [refused]"}) {
		t.Fatalf("audit rows %q", rows)
	}
	if got := b.src.Sent(); got[len(got)-1] != "staff-query AUDIT" || got[len(got)-2] != "staff-query AUDIT" {
		t.Fatalf("refresh sent %q", got)
	}

	// The room tab: what RoomInfo says, and buttons that change it.
	b.push(&pb.ServerMessage{Msg: &pb.ServerMessage_Rooms{Rooms: &pb.RoomList{Rooms: []*pb.RoomInfo{
		{Id: "entrance", Name: "Entrance Hall", Occupants: 4, Capacity: 40, Locked: true, SlowSeconds: 10},
	}}}})
	b.step(press(ui.CaretRight))
	b.step(&ui.Input{})
	rows, _, buttons = panel.Lines()
	if !slices.Equal(rows, []string{"Entrance Hall", "4 here, room for 40", "Locked: only staff may enter", "Slow mode: a visitor may chat once every 10 s", "Everyone may speak"}) {
		t.Fatalf("room rows %q", rows)
	}
	n = len(b.src.Sent())
	b.step(typed("l"))
	b.step(typed("c"))
	b.step(typed("25"))
	b.step(press(ui.Submit))
	b.step(typed("a"))
	want := []string{
		"moderate MOD_UNLOCK target= room=entrance reason= duration=0 value=0",
		"moderate MOD_CAPACITY target= room=entrance reason= duration=0 value=25",
		"moderate MOD_MUTE_AUDIENCE target= room=entrance reason= duration=0 value=0",
	}
	if got := b.sentSince(n); !slices.Equal(got, want) || !slices.Contains(buttons, "L · Unlock") {
		t.Fatalf("room buttons %q sent %q", buttons, got)
	}
	b.step(press(ui.Staff))
	if panel.Open() {
		t.Fatal("F7 did not close the panel")
	}
}

// Visitors and diplomats cannot open the panel: F7 says so in the chat and asks the server nothing.
func TestModPanelIsForModerators(t *testing.T) {
	for _, role := range []pb.Role{pb.Role_ROLE_VISITOR, pb.Role_ROLE_DIPLOMAT} {
		b := newBench(t, role)
		panel := &hud.ModPanel{Env: b.env, Ask: b.prompt.Ask}
		b.root.Mount(panel)
		b.step(press(ui.Staff))
		last := b.env.M.Chat.Entries[len(b.env.M.Chat.Entries)-1]
		if panel.Open() || len(b.src.Sent()) != 0 || !strings.Contains(last.Text, "for moderators") {
			t.Fatalf("%s: open %v, sent %q, said %q", role, panel.Open(), b.src.Sent(), last.Text)
		}
	}
}

// The room card says what staff set for the room.
func TestRoomRules(t *testing.T) {
	if got := hud.RoomRules(&pb.RoomInfo{Locked: true, SlowSeconds: 5, AudienceMuted: true}); got != "Locked  ·  Slow mode: 5 s  ·  Only the stage is heard" {
		t.Fatalf("%q", got)
	}
	if got := hud.RoomRules(nil); got != "" {
		t.Fatalf("%q", got)
	}
}
