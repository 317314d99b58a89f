// Package presencetest is the behaviour every presence.Store must have, as a test suite: run it
// against each implementation so that they stay interchangeable. It only uses the Store interface.
package presencetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/embassy-project/embassy/server/presence"
)

// Run runs the Store contract against stores made by newStore, a fresh empty one per subtest.
// Entries are compared on everything but Node, which a store may fill in with its own node id.
func Run(t *testing.T, newStore func(t *testing.T) presence.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s presence.Store)
	}{
		{"AddThenList", testAddList},
		{"ByNameIgnoresCase", testByName},
		{"ByNameUnknown", testByNameUnknown},
		{"NameTakenByAnotherUser", testNameTaken},
		{"SameUserReAdd", testReAdd},
		{"SetRoom", testSetRoom},
		{"SetRoomUnknownUser", testSetRoomUnknown},
		{"RemoveFreesName", testRemoveFreesName},
		{"RemoveUnknownUser", testRemoveUnknown},
		{"SetRoomAfterRemoveDoesNotResurrect", testNoResurrect},
		{"ListSortedByName", testListSorted},
		{"ConcurrentClaimsOneWinner", testConcurrentClaims},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore(t)) })
	}
}

var since = time.Date(2030, 5, 17, 20, 15, 0, 123456789, time.UTC)

func entry(id, name string) presence.Entry {
	return presence.Entry{UserID: id, Name: name, Role: "visitor", Room: "hall", Since: since}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

func mustAdd(t *testing.T, s presence.Store, e presence.Entry) {
	t.Helper()
	if err := s.Add(ctx(t), e); err != nil {
		t.Fatalf("Add(%s %q): %v", e.UserID, e.Name, err)
	}
}

func list(t *testing.T, s presence.Store) []presence.Entry {
	t.Helper()
	l, err := s.List(ctx(t))
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	return l
}

// same reports how got differs from want, ignoring Node; "" if it does not.
func same(got, want presence.Entry) string {
	if got.UserID != want.UserID || got.Name != want.Name || got.Role != want.Role || got.Room != want.Room ||
		!got.Since.Equal(want.Since) {
		return fmt.Sprintf("got %+v, want %+v", got, want)
	}
	return ""
}

func sameList(t *testing.T, got []presence.Entry, want ...presence.Entry) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("List has %d entries %+v, want %d %+v", len(got), got, len(want), want)
	}
	for i := range want {
		if d := same(got[i], want[i]); d != "" {
			t.Fatalf("List[%d]: %s", i, d)
		}
	}
}

func testAddList(t *testing.T, s presence.Store) {
	sameList(t, list(t, s))
	a := entry("u1", "Ada")
	mustAdd(t, s, a)
	sameList(t, list(t, s), a)
}

func testByName(t *testing.T, s presence.Store) {
	a := entry("u1", "Ada Lovelace")
	mustAdd(t, s, a)
	for _, q := range []string{"Ada Lovelace", "ada lovelace", "ADA LOVELACE"} {
		got, err := s.ByName(ctx(t), q)
		if err != nil {
			t.Fatalf("ByName(%q): %v", q, err)
		}
		if d := same(got, a); d != "" {
			t.Fatalf("ByName(%q): %s", q, d)
		}
	}
}

func testByNameUnknown(t *testing.T, s presence.Store) {
	if _, err := s.ByName(ctx(t), "nobody"); !errors.Is(err, presence.ErrNotFound) {
		t.Fatalf("ByName of nobody: err %v, want ErrNotFound", err)
	}
}

func testNameTaken(t *testing.T, s presence.Store) {
	mustAdd(t, s, entry("u1", "Ada"))
	for _, name := range []string{"Ada", "ADA"} {
		if err := s.Add(ctx(t), entry("u2", name)); !errors.Is(err, presence.ErrNameTaken) {
			t.Fatalf("second user as %q: err %v, want ErrNameTaken", name, err)
		}
	}
	sameList(t, list(t, s), entry("u1", "Ada"))
}

func testReAdd(t *testing.T, s presence.Store) {
	mustAdd(t, s, entry("u1", "Ada"))
	again := entry("u1", "ada")
	again.Role = "diplomat"
	mustAdd(t, s, again)
	sameList(t, list(t, s), again)
}

func testSetRoom(t *testing.T, s presence.Store) {
	mustAdd(t, s, entry("u1", "Ada"))
	if err := s.SetRoom(ctx(t), "u1", "library"); err != nil {
		t.Fatalf("SetRoom: %v", err)
	}
	got, err := s.ByName(ctx(t), "Ada")
	if err != nil {
		t.Fatalf("ByName: %v", err)
	}
	if got.Room != "library" {
		t.Fatalf("room %q after SetRoom, want library", got.Room)
	}
	want := entry("u1", "Ada")
	want.Room = "library"
	sameList(t, list(t, s), want)
}

func testSetRoomUnknown(t *testing.T, s presence.Store) {
	if err := s.SetRoom(ctx(t), "ghost", "hall"); !errors.Is(err, presence.ErrNotFound) {
		t.Fatalf("SetRoom of unknown user: err %v, want ErrNotFound", err)
	}
	sameList(t, list(t, s))
}

func testRemoveFreesName(t *testing.T, s presence.Store) {
	mustAdd(t, s, entry("u1", "Ada"))
	if err := s.Remove(ctx(t), "u1"); err != nil {
		t.Fatalf("Remove: %v", err)
	}
	sameList(t, list(t, s))
	if _, err := s.ByName(ctx(t), "ada"); !errors.Is(err, presence.ErrNotFound) {
		t.Fatalf("ByName after Remove: err %v, want ErrNotFound", err)
	}
	mustAdd(t, s, entry("u2", "ADA"))
	sameList(t, list(t, s), entry("u2", "ADA"))
}

func testRemoveUnknown(t *testing.T, s presence.Store) {
	if err := s.Remove(ctx(t), "ghost"); err != nil {
		t.Fatalf("Remove of unknown user: %v", err)
	}
}

func testNoResurrect(t *testing.T, s presence.Store) {
	mustAdd(t, s, entry("u1", "Ada"))
	if err := s.Remove(ctx(t), "u1"); err != nil {
		t.Fatalf("Remove: %v", err)
	}
	if err := s.SetRoom(ctx(t), "u1", "library"); !errors.Is(err, presence.ErrNotFound) {
		t.Fatalf("SetRoom after Remove: err %v, want ErrNotFound", err)
	}
	sameList(t, list(t, s))
	if _, err := s.ByName(ctx(t), "Ada"); !errors.Is(err, presence.ErrNotFound) {
		t.Fatalf("ByName after Remove+SetRoom: err %v, want ErrNotFound", err)
	}
}

func testListSorted(t *testing.T, s presence.Store) {
	names := []string{"zoë", "Bob", "alice", "Carol", "dave"}
	for i, n := range names {
		mustAdd(t, s, entry(fmt.Sprintf("u%d", i), n))
	}
	l := list(t, s)
	want := []string{"alice", "Bob", "Carol", "dave", "zoë"}
	if len(l) != len(want) {
		t.Fatalf("List has %d entries, want %d", len(l), len(want))
	}
	for i, n := range want {
		if l[i].Name != n {
			t.Fatalf("List[%d] is %q, want %q (whole list %+v)", i, l[i].Name, n, l)
		}
	}
}

func testConcurrentClaims(t *testing.T, s presence.Store) {
	const n = 20
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { errs[i] = s.Add(ctx(t), entry(fmt.Sprintf("u%d", i), "Popular")) })
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, presence.ErrNameTaken):
			t.Fatalf("user %d: %v", i, err)
		}
	}
	if won != 1 {
		t.Fatalf("%d users got the same name, want exactly 1", won)
	}
	if l := list(t, s); len(l) != 1 {
		t.Fatalf("List has %d entries after the race, want 1: %+v", len(l), l)
	}
}
