package room

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/shared/world"
)

// TestJoinAwayAndBackEndsInTheRoomAskedLast: a visitor in r asks to join a and then, before either
// room has settled, to join r again. In every ordering of the two requests and the two rooms' ticks
// the latest request wins: the member's room, the room holding its avatar and the last Joined it
// received all say r, its view matches the server's, and neither room shows anyone a ghost.
func TestJoinAwayAndBackEndsInTheRoomAskedLast(t *testing.T) {
	for _, order := range orderings([]string{"join a", "join r", "tick a", "tick r"}, "join a", "join r") {
		t.Run(strings.Join(order, ", "), func(t *testing.T) {
			d := dir{}
			r := newTestRoom(openRoom("r", 30, 20, 10), d)
			a := newTestRoom(openRoom("a", 30, 20, 10), d)
			visitor, host, guard := newObserver(t, r, "visitor"), newObserver(t, r, "host"), newObserver(t, a, "guard")
			visitor.ask(t, r, profile("visitor"))
			join(t, r, host, "host")
			join(t, a, guard, "guard")
			r.Step()
			a.Step()
			for _, e := range order {
				switch e {
				case "join a":
					visitor.ask(t, a, profile("visitor"))
				case "join r":
					visitor.ask(t, r, profile("visitor"))
				case "tick a":
					a.Step()
				case "tick r":
					r.Step()
				}
			}
			for i := 0; i <= int(r.refreshEvery()); i++ { // settle: rooms drop who left, views refresh
				r.Step()
				a.Step()
			}
			joins, err := visitor.applyAll()
			if err != nil {
				t.Fatalf("the visitor's client cannot follow what it was sent (Joined from %v): %v", joins, err)
			}
			host.sync()
			guard.sync()

			if visitor.Room() != r {
				t.Fatalf("the member is in %v, asked last for r", roomID(visitor.Room()))
			}
			srv, inR := r.st.byID["id-visitor"]
			if _, inA := a.st.byID["id-visitor"]; !inR || inA {
				t.Fatalf("avatar held by r: %v, by a: %v; want r only", inR, inA)
			}
			if r.Occupants() != 2 || a.Occupants() != 1 {
				t.Errorf("occupants r=%d a=%d, want 2 and 1", r.Occupants(), a.Occupants())
			}
			if visitor.view.Room != "r" {
				t.Fatalf("the client shows room %q (Joined from %v); the server has it in r", visitor.view.Room, joins)
			}
			if self := visitor.view.Self(); self == nil || visitor.view.SelfSlot != srv.slot || self.Pos != srv.Pos {
				t.Fatalf("the client's own avatar is %+v in slot %d; the server has slot %d at %v", self, visitor.view.SelfSlot, srv.slot, srv.Pos)
			}
			if n := countNamed(guard, "visitor"); n != 0 {
				t.Errorf("a guest in a still sees the visitor (%d times)", n)
			}
			if n := countNamed(host, "visitor"); n != 1 {
				t.Errorf("the host in r sees the visitor %d times, want once", n)
			}
			// The views stay in step with the server as the visitor walks on.
			_ = r.Move("id-visitor", 1, world.Dir{X: 1})
			steps(r, 5)
			if _, err := visitor.applyAll(); err != nil {
				t.Fatalf("the visitor's client cannot follow its walk: %v", err)
			}
			host.sync()
			for _, o := range []*observer{visitor, host} {
				for _, av := range o.view.Avatars {
					if s := r.st.slots[av.Slot]; s == nil || s.Pos != av.Pos {
						t.Fatalf("%s sees slot %d at %v; the server has %v", o.view.Welcome.Name, av.Slot, av.Pos, s)
					}
				}
			}
		})
	}
}

// orderings returns every ordering of events in which first comes before second.
func orderings(events []string, first, second string) [][]string {
	var out [][]string
	var walk func(done []string, left []string)
	walk = func(done, left []string) {
		if len(left) == 0 {
			out = append(out, done)
			return
		}
		for i, e := range left {
			if e == second && slices.Contains(left, first) {
				continue
			}
			rest := append(append([]string{}, left[:i]...), left[i+1:]...)
			walk(append(append([]string{}, done...), e), rest)
		}
	}
	walk(nil, events)
	return out
}

// applyAll applies everything received so far to the observer's view, like sync, but returns a
// view that cannot follow as an error, with the rooms of the Joined messages it received.
func (o *observer) applyAll() (joins []string, err error) {
	for _, m := range o.messages(o.t) {
		if j := m.GetJoined(); j != nil {
			joins = append(joins, j.Room)
		}
		if err := o.view.Apply(m, time.Now()); err != nil {
			return joins, fmt.Errorf("apply %T: %w", m.Msg, err)
		}
	}
	return joins, nil
}

// countNamed counts the avatars called name in the observer's view.
func countNamed(o *observer, name string) int {
	n := 0
	for _, a := range o.view.Avatars {
		if a.Profile != nil && a.Profile.Name == name {
			n++
		}
	}
	return n
}

func roomID(r *Room) string {
	if r == nil {
		return "no room"
	}
	return r.ID()
}

// TestEvacuateSendsOnlyThoseStillHere: a room that moves to another node sends its people after it,
// but not one whose avatar it still holds only because it has not yet noticed that another room
// admitted them: that visitor stays where it went.
func TestEvacuateSendsOnlyThoseStillHere(t *testing.T) {
	d := dir{}
	r := newTestRoom(openRoom("r", 30, 20, 10), d)
	a := newTestRoom(openRoom("a", 30, 20, 10), d)
	mover, stayer := newObserver(t, r, "mover"), newObserver(t, r, "stayer")
	mover.ask(t, r, profile("mover"))
	stayer.ask(t, r, profile("stayer"))
	r.Step()
	mover.ask(t, a, profile("mover"))
	a.Step() // a admits the mover; r has not ticked since
	if err := r.Evacuate(); err != nil {
		t.Fatal(err)
	}
	r.Step()
	mover.mu.Lock()
	moverSent := mover.elsewhere
	mover.mu.Unlock()
	stayer.mu.Lock()
	stayerSent := stayer.elsewhere
	stayer.mu.Unlock()
	if len(moverSent) != 0 || mover.Room() != a {
		t.Errorf("the visitor already in a was sent to %v and is in %s; want left in a", moverSent, roomID(mover.Room()))
	}
	if len(stayerSent) != 1 || stayerSent[0] != "r/" {
		t.Errorf("the visitor still in r was sent to %v, want [r/]", stayerSent)
	}
	if r.Occupants() != 0 || a.Occupants() != 1 {
		t.Errorf("occupants r=%d a=%d, want 0 and 1", r.Occupants(), a.Occupants())
	}
}
