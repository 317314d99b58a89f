package session

import (
	"slices"
	"strings"

	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/predict"
	"github.com/embassy-project/embassy/shared/world"
)

// Teller is where a Narrator's words go: in the browser, the page's live region that screen
// readers read (client/platform's Announcer).
type Teller interface {
	// Say tells one line.
	Say(text string)
	// People replaces the list of the people near you (sorted by name).
	People(names []string)
}

// maxNamesTold is how many names one line of arrivals or departures spells out; the rest are
// counted.
const maxNamesTold = 5

// Narrator tells in words what the game shows, for a person who cannot see the screen: every line
// the chat box gets (what is said, the room you entered, refusals, notices), who comes near you
// and who goes, an exhibit within reach and the text of the one opened, and the connection
// dropping and why. It reads the model after each Update and
// never changes it.
type Narrator struct {
	s       *Session
	out     Teller
	told    int               // the chat lines told, as ChatLog.added counts them
	room    *Room             // the room whose people near holds
	near    map[uint32]string // the people in view told of, by slot
	down    string            // the disconnection last told ("" while connected)
	reach   *world.Zone       // the exhibit in reach last told, nil when none is
	exhibit *Exhibit          // the exhibit last read out
}

// NewNarrator tells out what session s shows from now on, after every s.Update.
func NewNarrator(s *Session, out Teller) *Narrator {
	n := &Narrator{s: s, out: out, told: s.m.Chat.added, near: map[uint32]string{}}
	s.narrator = n
	return n
}

// update tells what changed since the last Update.
func (n *Narrator) update() {
	m := &n.s.m
	fresh := min(m.Chat.added-n.told, len(m.Chat.Entries))
	for _, e := range m.Chat.Entries[len(m.Chat.Entries)-fresh:] {
		n.out.Say(e.Text)
	}
	n.told = m.Chat.added
	n.tellStatus(m)
	n.tellPeople(m)
	n.tellExhibits(m)
}

// tellStatus tells a lost connection once (not at every attempt to restore it), and its end.
func (n *Narrator) tellStatus(m *Model) {
	switch st := m.Status; st.State {
	case Online:
		n.down = "" // the chat says "Reconnected as ..."
	case Waiting, Ended:
		key := st.Reason
		if st.State == Ended {
			key = "ended: " + key
		}
		if key != n.down {
			n.down = key
			n.out.Say(m.StatusLine())
		}
	}
}

// tellPeople tells who came into view and who left it since the last Update, and lists those in
// view when that changed. In a new room it starts afresh: the chat has said which room it is.
func (n *Narrator) tellPeople(m *Model) {
	changed := m.Room != n.room
	if changed {
		n.room = m.Room
		clear(n.near)
	}
	var came, gone []string
	if m.Room != nil {
		m.Interp.Slots(func(t *predict.Track) {
			name := m.Profiles[t.Slot].GetName()
			if t.Slot == m.SelfSlot || name == "" || n.near[t.Slot] == name {
				return
			}
			if old := n.near[t.Slot]; old != "" {
				gone = append(gone, old)
			}
			n.near[t.Slot] = name
			came = append(came, name)
		})
	}
	for slot, name := range n.near {
		if m.Interp.Track(slot) == nil {
			delete(n.near, slot)
			gone = append(gone, name)
		}
	}
	n.tellNames(gone, false)
	n.tellNames(came, true)
	if changed || len(came) > 0 || len(gone) > 0 {
		names := make([]string, 0, len(n.near))
		for _, name := range n.near {
			names = append(names, name)
		}
		slices.Sort(names)
		n.out.People(names)
	}
}

// tellExhibits tells when an exhibit comes within reach, and reads out the one opened once its
// text is loaded, a line for each paragraph.
func (n *Narrator) tellExhibits(m *Model) {
	z, inReach := m.NearestExhibit()
	switch {
	case !inReach:
		n.reach = nil
	case z != n.reach:
		n.reach = z
		n.out.Say(msg.T("%s is within reach: press E to read it.", z.Title))
	}
	ex := m.Exhibit
	if ex == nil || !ex.Loaded || ex == n.exhibit {
		n.exhibit = ex
		return
	}
	n.exhibit = ex
	n.out.Say(ex.Zone.Title)
	for _, b := range ex.Blocks {
		n.out.Say(b.Text)
	}
	if ex.Err != "" {
		n.out.Say(ex.Err)
	}
	n.out.Say(msg.T("Escape or E closes the exhibit."))
}

// tellNames tells in one line who came near you (or went): one name, a few, or the first few
// and how many more.
func (n *Narrator) tellNames(names []string, came bool) {
	slices.Sort(names)
	more := max(len(names)-maxNamesTold, 0)
	list := strings.Join(names[:len(names)-more], ", ")
	switch {
	case len(names) == 0:
	case came && len(names) == 1:
		n.out.Say(msg.T("%s is here.", list))
	case came && more == 0:
		n.out.Say(msg.T("%s are here.", list))
	case came:
		n.out.Say(msg.T("%s and %d more are here.", list, more))
	case len(names) == 1:
		n.out.Say(msg.T("%s is no longer near you.", list))
	case more == 0:
		n.out.Say(msg.T("%s are no longer near you.", list))
	default:
		n.out.Say(msg.T("%s and %d more are no longer near you.", list, more))
	}
}
