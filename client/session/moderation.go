package session

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/shared/names"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// StaffState is what the moderator panel shows: the server's answers to its queries, and the
// reports that arrived since.
type StaffState struct {
	Audit   []*pb.AuditLine  // newest first
	Bans    []*pb.BanLine    // in force
	Reports []*pb.ReportInfo // newest first
	// Fetched says when each list last came from the server (absent: never asked, or no answer yet).
	Fetched map[pb.StaffQuery_What]time.Time
}

// Blocked is someone you blocked.
type Blocked struct {
	Name   string // as you wrote it
	UserID string // once seen: a block follows the person, not only the name
}

// BlockList is the people you blocked, by the compare key of their name. It is yours alone: the
// server knows nothing of it, and it lasts as long as the game.
type BlockList map[string]Blocked

// Has reports whether the person named name (with user id id, "" if unknown) is blocked.
func (b BlockList) Has(name, id string) bool {
	if _, ok := b[nameKey(name)]; ok {
		return true
	}
	for _, x := range b {
		if id != "" && x.UserID == id {
			return true
		}
	}
	return false
}

// nameKey is the form names are compared in: as the server compares them.
func nameKey(name string) string {
	if k := names.CompareKey(name); k != "" {
		return k
	}
	return strings.ToLower(strings.TrimSpace(name))
}

// Moderation is what you can do about other people: ask the server to act (staff), report someone,
// fetch what the moderator panel shows, and block people for yourself. The server decides what your
// role may do; menus ask shared/modrules first so as to offer only that.
type Moderation struct{ s *Session }

// Moderation returns the moderation actions.
func (a Actions) Moderation() Moderation { return Moderation{s: a.s} }

// Send asks the server for a moderation action; rooms may be given by id or name. The answer (a
// ModResult or a refusal) arrives in the chat.
func (m Moderation) Send(req *pb.Moderate) {
	s := m.s
	if req.Room != "" {
		req.Room = s.m.RoomID(req.Room)
	}
	snd := s.src.Sender()
	if snd == nil {
		s.m.warn(msg.T("Not connected: wait for the connection to come back."))
		return
	}
	ref, err := snd.Request(&pb.ClientMessage{Msg: &pb.ClientMessage_Moderate{Moderate: req}})
	if err != nil {
		s.log.Warn("send moderate", "err", err)
		s.m.warn(msg.T("Not sent: the connection was lost."))
		return
	}
	if req.GetAction() == pb.ModAction_MOD_CLOSE_REPORT {
		s.mod.closing[ref] = req.GetTarget()
	}
}

// Query asks the server for one of the moderator panel's lists.
func (m Moderation) Query(what pb.StaffQuery_What) {
	s := m.s
	snd := s.src.Sender()
	if snd == nil {
		return // the panel shows what it has; the connection status says the rest
	}
	ref, err := snd.Request(&pb.ClientMessage{Msg: &pb.ClientMessage_StaffQuery{StaffQuery: &pb.StaffQuery{What: what, Limit: 100}}})
	if err != nil {
		s.log.Warn("send staff query", "err", err)
		return
	}
	s.mod.queries[ref] = what
}

// Block stops name's chat and voice from reaching you.
func (m Moderation) Block(name string) {
	s := m.s
	if nameKey(name) == nameKey(s.m.Welcome.GetName()) {
		s.m.warn(msg.T("You cannot block yourself."))
		return
	}
	b := Blocked{Name: name}
	for _, p := range s.m.Profiles {
		if nameKey(p.GetName()) == nameKey(name) {
			b.Name, b.UserID = p.GetName(), p.GetUserId()
		}
	}
	s.m.Blocked[nameKey(name)] = b
	s.mod.applyBlocks()
	s.m.tell(msg.T("You blocked %s: their chat and voice no longer reach you. /unblock %s undoes it.", b.Name, b.Name))
}

// Unblock lets name's chat and voice reach you again.
func (m Moderation) Unblock(name string) {
	s := m.s
	b, ok := s.m.Blocked[nameKey(name)]
	if !ok {
		s.m.warn(msg.T("%s is not blocked.", name))
		return
	}
	delete(s.m.Blocked, nameKey(name))
	s.mod.applyBlocks()
	s.m.tell(msg.T("You unblocked %s.", b.Name))
}

// modLink turns the server's moderation messages into the model.
type modLink struct {
	s       *Session
	queries map[uint32]pb.StaffQuery_What // staff queries awaiting their StaffData, by ref
	closing map[uint32]string             // reports being closed ("#ID"), by the request's ref
	muted   map[uint32]bool               // avatar slots whose voice a block silenced
}

func (l *modLink) register() {
	s := l.s
	l.queries, l.closing, l.muted = map[uint32]pb.StaffQuery_What{}, map[uint32]string{}, map[uint32]bool{}
	s.m.Blocked = BlockList{}
	s.m.Staff.Fetched = map[pb.StaffQuery_What]time.Time{}
	s.On(&pb.ServerMessage_ModResult{}, func(e Event) {
		r := e.Msg.GetModResult()
		s.m.Chat.Add(ChatEntry{At: e.At, Text: r.GetText(), Tone: ToneSystem})
		l.closed(r.GetRef(), true)
	})
	s.On(&pb.ServerMessage_Refused{}, func(e Event) { l.closed(e.Msg.GetRefused().GetRef(), false) })
	s.On(&pb.ServerMessage_ModNotice{}, l.onNotice)
	s.On(&pb.ServerMessage_StaffData{}, l.onStaffData)
	s.On(&pb.ServerMessage_Snapshot{}, func(e Event) {
		if len(e.Msg.GetSnapshot().GetProfiles()) > 0 && (len(s.m.Blocked) > 0 || len(l.muted) > 0) {
			l.applyBlocks() // someone new came into view
		}
	})
	s.On(&pb.ServerMessage_Joined{}, func(Event) {
		for slot := range l.muted {
			delete(s.m.Voice.Volume, slot) // slots are the old room's
		}
		clear(l.muted)
	})
}

func (l *modLink) onNotice(e Event) {
	m := &l.s.m
	n := e.Msg.GetModNotice()
	if n.GetKind() != pb.ModNotice_REPORT {
		m.Chat.Add(ChatEntry{At: e.At, Text: n.GetText(), Tone: ToneMod})
		m.Notice = Notice{Text: n.GetText(), At: e.At}
		return
	}
	m.Chat.Add(ChatEntry{At: e.At, Text: msg.T("Report: %s", n.GetText()), Tone: ToneMod})
	if r := n.GetReport(); r != nil {
		m.remember(r.GetTarget())
		for _, x := range m.Staff.Reports {
			if x.GetId() == r.GetId() && r.GetId() != 0 {
				return
			}
		}
		m.Staff.Reports = append([]*pb.ReportInfo{r}, m.Staff.Reports...)
	}
}

func (l *modLink) onStaffData(e Event) {
	d := e.Msg.GetStaffData()
	what, ok := l.queries[d.GetRef()]
	if !ok {
		return // an answer to a query of an earlier connection
	}
	delete(l.queries, d.GetRef())
	st := &l.s.m.Staff
	switch what {
	case pb.StaffQuery_AUDIT:
		st.Audit = d.GetAudit()
	case pb.StaffQuery_BANS:
		st.Bans = d.GetBans()
	case pb.StaffQuery_REPORTS:
		st.Reports = d.GetReports()
		for _, r := range st.Reports {
			l.s.m.remember(r.GetTarget())
		}
	}
	st.Fetched[what] = e.At
}

// closed takes the answer to a request with ref: when it closed a report, the report leaves the
// list at once (done) and the list is fetched again, since another moderator may have closed it.
func (l *modLink) closed(ref uint32, done bool) {
	id, ok := l.closing[ref]
	if !ok {
		return
	}
	delete(l.closing, ref)
	st := &l.s.m.Staff
	if done {
		st.Reports = slices.DeleteFunc(st.Reports, func(r *pb.ReportInfo) bool { return "#"+strconv.FormatInt(r.GetId(), 10) == id })
	}
	Moderation{l.s}.Query(pb.StaffQuery_REPORTS)
}

// applyBlocks silences the voice of everyone blocked in this room, and gives back the voice of
// those no longer blocked (or whose slot someone else now has).
func (l *modLink) applyBlocks() {
	m := &l.s.m
	for slot, p := range m.Profiles {
		switch {
		case slot == m.SelfSlot:
		case m.Blocked.Has(p.GetName(), p.GetUserId()):
			m.Voice.Volume[slot], l.muted[slot] = 0, true
		case l.muted[slot]:
			delete(m.Voice.Volume, slot)
			delete(l.muted, slot)
		}
	}
}
