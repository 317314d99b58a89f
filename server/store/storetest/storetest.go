// Package storetest is the behaviour every store.Store must have, as a test suite: run it against
// each implementation so that they stay interchangeable. It uses the Store interface only, and
// passes every now by hand, so expiry is tested without sleeping.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/embassy-project/embassy/server/store"
)

// Run runs the Store contract against stores made by newStore, a fresh empty one per subtest.
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"BanMatchesEachKey", testBanMatchesEachKey},
		{"BanRoundTrip", testBanRoundTrip},
		{"BanExpiresOnTime", testBanExpiresOnTime},
		{"BannedPicksLongest", testBannedPicksLongest},
		{"LiftBanKeepsRecord", testLiftBanKeepsRecord},
		{"BanHistory", testBanHistory},
		{"Mutes", testMutes},
		{"MuteExpiresOnTime", testMuteExpiresOnTime},
		{"RoomSettings", testRoomSettings},
		{"ConcurrentRoomPatches", testConcurrentRoomPatches},
		{"Reports", testReports},
		{"AuditFilters", testAuditFilters},
		{"AuditPaging", testAuditPaging},
		{"RevokedTokens", testRevokedTokens},
		{"Prune", testPrune},
		{"Invalid", testInvalid},
		{"ConcurrentWriters", testConcurrentWriters},
	}
	for _, tc := range append(tests, eventTests...) {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			t.Cleanup(func() { _ = s.Close() })
			tc.fn(t, s)
		})
	}
}

// t0 is the suite's "now": far from the real clock, so nothing works by accident.
var t0 = time.Date(2030, 5, 17, 20, 15, 0, 0, time.UTC)

var (
	mod   = store.Actor{ID: "u-mod", Name: "Mona", Role: "moderator"}
	admin = store.Actor{ID: "u-admin", Name: "Ada", Role: "admin"}
)

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// result holds a call's value and error until get checks it: must(s.GetBan(c, id)).get(t).
type result[T any] struct {
	v   T
	err error
}

func must[T any](v T, err error) result[T] { return result[T]{v, err} }

func (r result[T]) get(t testing.TB) T {
	t.Helper()
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.v
}

func equal(t testing.TB, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %+v\n want %+v", what, got, want)
	}
}

func banned(t testing.TB, s store.Store, sub store.Subject, now time.Time) (store.Ban, bool) {
	t.Helper()
	b, ok, err := s.Banned(ctx(t), sub, now)
	if err != nil {
		t.Fatalf("Banned(%+v): %v", sub, err)
	}
	return b, ok
}

func addBan(t testing.TB, s store.Store, b store.Ban) store.Ban {
	t.Helper()
	if b.CreatedAt.IsZero() {
		b.CreatedAt = t0
	}
	if b.By == (store.Actor{}) {
		b.By = mod
	}
	got, err := s.AddBan(ctx(t), b)
	if err != nil {
		t.Fatalf("AddBan(%+v): %v", b, err)
	}
	if got.ID == 0 {
		t.Fatalf("AddBan gave no id")
	}
	return got
}

// idsOf lists the ids of xs in order (an empty list, never nil, so that it compares with []K{}).
func idsOf[T, K any](xs []T, id func(T) K) []K {
	out := []K{}
	for _, x := range xs {
		out = append(out, id(x))
	}
	return out
}

func ids(bans []store.Ban) []int64 { return idsOf(bans, func(b store.Ban) int64 { return b.ID }) }

func testBanMatchesEachKey(t *testing.T, s store.Store) {
	byUser := addBan(t, s, store.Ban{UserID: "u1"})
	byName := addBan(t, s, store.Ban{Name: "ambassador"})
	byDevice := addBan(t, s, store.Ban{DeviceKey: "dev-1"})
	both := addBan(t, s, store.Ban{UserID: "u2", DeviceKey: "dev-2"})
	cases := []struct {
		name string
		sub  store.Subject
		want int64 // 0: not banned
	}{
		{"user id", store.Subject{UserID: "u1", Name: "other", DeviceKey: "d"}, byUser.ID},
		{"name", store.Subject{UserID: "u9", Name: "ambassador"}, byName.ID},
		{"device key", store.Subject{Name: "newname", DeviceKey: "dev-1"}, byDevice.ID},
		{"second key of a ban", store.Subject{Name: "guest", DeviceKey: "dev-2"}, both.ID},
		{"first key of a ban", store.Subject{UserID: "u2"}, both.ID},
		{"nobody", store.Subject{UserID: "u3", Name: "visitor", DeviceKey: "dev-3"}, 0},
		{"empty subject", store.Subject{}, 0},
		{"name is not a user id", store.Subject{UserID: "ambassador"}, 0},
		{"case matters (the caller normalises)", store.Subject{Name: "Ambassador"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, ok := banned(t, s, c.sub, t0)
			if ok != (c.want != 0) || b.ID != c.want {
				t.Errorf("Banned(%+v) = ban %d, %v; want ban %d", c.sub, b.ID, ok, c.want)
			}
		})
	}
}

func testBanRoundTrip(t *testing.T, s store.Store) {
	in := store.Ban{UserID: "u1", Name: "eve", DeviceKey: "dev", Reason: "spam, then threats",
		By: admin, CreatedAt: t0.Add(123456789 * time.Nanosecond), ExpiresAt: t0.Add(time.Hour),
		LiftedBy: mod, LiftedAt: t0} // lifting fields of a new ban are ignored
	got := must(s.AddBan(ctx(t), in)).get(t)
	want := in
	want.ID, want.CreatedAt, want.LiftedBy, want.LiftedAt = got.ID, t0.Add(123*time.Millisecond), store.Actor{}, time.Time{}
	equal(t, "AddBan", got, want)
	equal(t, "GetBan", must(s.GetBan(ctx(t), got.ID)).get(t), want)
	b, ok := banned(t, s, store.Subject{Name: "eve"}, t0)
	if !ok {
		t.Fatal("not banned")
	}
	equal(t, "Banned", b, want)
	if _, err := s.GetBan(ctx(t), got.ID+100); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetBan(unknown) = %v, want ErrNotFound", err)
	}
	second := addBan(t, s, store.Ban{Name: "x"})
	if second.ID <= got.ID {
		t.Errorf("ids not increasing: %d then %d", got.ID, second.ID)
	}
}

func testBanExpiresOnTime(t *testing.T, s store.Store) {
	end := t0.Add(time.Hour)
	timed := addBan(t, s, store.Ban{Name: "eve", ExpiresAt: end})
	forGood := addBan(t, s, store.Ban{Name: "mallory"})
	cases := []struct {
		now    time.Time
		eve    bool
		active []int64
	}{
		{t0, true, []int64{timed.ID, forGood.ID}},
		{end.Add(-time.Millisecond), true, []int64{timed.ID, forGood.ID}},
		{end, false, []int64{forGood.ID}},
		{end.Add(24 * 365 * time.Hour), false, []int64{forGood.ID}},
	}
	for _, c := range cases {
		if _, ok := banned(t, s, store.Subject{Name: "eve"}, c.now); ok != c.eve {
			t.Errorf("at %v: eve banned = %v, want %v", c.now, ok, c.eve)
		}
		if _, ok := banned(t, s, store.Subject{Name: "mallory"}, c.now); !ok {
			t.Errorf("at %v: the ban for good no longer holds", c.now)
		}
		equal(t, fmt.Sprintf("ActiveBans at %v", c.now), ids(must(s.ActiveBans(ctx(t), c.now)).get(t)), c.active)
	}
	// Expired is not lifted: the record says when it ended.
	b := must(s.GetBan(ctx(t), timed.ID)).get(t)
	if !b.LiftedAt.IsZero() || !b.ExpiresAt.Equal(end) {
		t.Errorf("expired ban record: %+v", b)
	}
}

func testBannedPicksLongest(t *testing.T, s store.Store) {
	sub := store.Subject{UserID: "u1", Name: "eve", DeviceKey: "dev"}
	addBan(t, s, store.Ban{UserID: "u1", ExpiresAt: t0.Add(time.Hour)})
	day := addBan(t, s, store.Ban{DeviceKey: "dev", ExpiresAt: t0.Add(24 * time.Hour)})
	addBan(t, s, store.Ban{Name: "eve", ExpiresAt: t0.Add(2 * time.Hour)})
	if b, _ := banned(t, s, sub, t0); b.ID != day.ID {
		t.Errorf("Banned = ban %d, want the one lasting longest (%d)", b.ID, day.ID)
	}
	forGood := addBan(t, s, store.Ban{Name: "eve"})
	if b, _ := banned(t, s, sub, t0); b.ID != forGood.ID {
		t.Errorf("Banned = ban %d, want the ban for good (%d)", b.ID, forGood.ID)
	}
	must(s.LiftBan(ctx(t), forGood.ID, admin, t0)).get(t)
	if b, _ := banned(t, s, sub, t0.Add(3*time.Hour)); b.ID != day.ID {
		t.Errorf("after lifting and 3 h: Banned = ban %d, want %d", b.ID, day.ID)
	}
}

func testLiftBanKeepsRecord(t *testing.T, s store.Store) {
	b := addBan(t, s, store.Ban{UserID: "u1", Reason: "abuse"})
	liftAt := t0.Add(10 * time.Minute)
	lifted, err := s.LiftBan(ctx(t), b.ID, admin, liftAt)
	if err != nil {
		t.Fatal(err)
	}
	want := b
	want.LiftedBy, want.LiftedAt = admin, liftAt
	equal(t, "LiftBan", lifted, want)
	equal(t, "GetBan after lifting", must(s.GetBan(ctx(t), b.ID)).get(t), want)
	if _, ok := banned(t, s, store.Subject{UserID: "u1"}, liftAt); ok {
		t.Error("still banned after lifting")
	}
	equal(t, "ActiveBans after lifting", ids(must(s.ActiveBans(ctx(t), liftAt)).get(t)), []int64{})
	again, err := s.LiftBan(ctx(t), b.ID, mod, liftAt.Add(time.Minute))
	if !errors.Is(err, store.ErrAlreadyLifted) {
		t.Errorf("lifting twice: %v, want ErrAlreadyLifted", err)
	}
	if again.LiftedBy != admin {
		t.Errorf("lifting twice changed who lifted it: %+v", again.LiftedBy)
	}
	if _, err := s.LiftBan(ctx(t), b.ID+100, admin, liftAt); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("lifting an unknown ban: %v, want ErrNotFound", err)
	}
	equal(t, "BanHistory", ids(must(s.BanHistory(ctx(t), store.Subject{UserID: "u1"})).get(t)), []int64{b.ID})
	// A new ban on the same person holds again.
	b2 := addBan(t, s, store.Ban{UserID: "u1"})
	if got, ok := banned(t, s, store.Subject{UserID: "u1"}, liftAt); !ok || got.ID != b2.ID {
		t.Errorf("banned again = %d, %v; want %d", got.ID, ok, b2.ID)
	}
}

func testBanHistory(t *testing.T, s store.Store) {
	a := addBan(t, s, store.Ban{UserID: "u1", Name: "eve", ExpiresAt: t0.Add(time.Minute)})
	bn := addBan(t, s, store.Ban{Name: "eve"})
	c := addBan(t, s, store.Ban{DeviceKey: "dev"})
	addBan(t, s, store.Ban{Name: "someone else"})
	must(s.LiftBan(ctx(t), bn.ID, admin, t0)).get(t)
	equal(t, "history by all keys", ids(must(s.BanHistory(ctx(t), store.Subject{UserID: "u1", Name: "eve", DeviceKey: "dev"})).get(t)),
		[]int64{c.ID, bn.ID, a.ID})
	equal(t, "history by name", ids(must(s.BanHistory(ctx(t), store.Subject{Name: "eve"})).get(t)), []int64{bn.ID, a.ID})
	equal(t, "history of nobody", ids(must(s.BanHistory(ctx(t), store.Subject{})).get(t)), []int64{})
}

func testMutes(t *testing.T, s store.Store) {
	chat := store.Mute{UserID: "u1", Kind: store.MuteChat, Reason: "flood", By: mod, CreatedAt: t0}
	voice := store.Mute{UserID: "u1", Kind: store.MuteVoice, By: admin, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
	other := store.Mute{UserID: "u0", Kind: store.MuteVoice, By: mod, CreatedAt: t0}
	for _, m := range []store.Mute{voice, chat, other} {
		if err := s.Mute(ctx(t), m); err != nil {
			t.Fatal(err)
		}
	}
	equal(t, "MutesFor u1", must(s.MutesFor(ctx(t), "u1", t0)).get(t), []store.Mute{chat, voice})
	equal(t, "MutesFor nobody", len(must(s.MutesFor(ctx(t), "u9", t0)).get(t)), 0)
	equal(t, "ActiveMutes", must(s.ActiveMutes(ctx(t), t0)).get(t), []store.Mute{other, chat, voice})

	// Muting again replaces the mute of that kind.
	chat2 := chat
	chat2.Reason, chat2.ExpiresAt = "again", t0.Add(time.Minute)
	if err := s.Mute(ctx(t), chat2); err != nil {
		t.Fatal(err)
	}
	equal(t, "MutesFor after re-mute", must(s.MutesFor(ctx(t), "u1", t0)).get(t), []store.Mute{chat2, voice})

	if ok := must(s.Unmute(ctx(t), "u1", store.MuteVoice)).get(t); !ok {
		t.Error("Unmute of a muted user said there was no mute")
	}
	if ok := must(s.Unmute(ctx(t), "u1", store.MuteVoice)).get(t); ok {
		t.Error("Unmute twice said there was a mute")
	}
	equal(t, "MutesFor after unmute", must(s.MutesFor(ctx(t), "u1", t0)).get(t), []store.Mute{chat2})
}

func testMuteExpiresOnTime(t *testing.T, s store.Store) {
	end := t0.Add(30 * time.Minute)
	m := store.Mute{UserID: "u1", Kind: store.MuteChat, By: mod, CreatedAt: t0, ExpiresAt: end}
	if err := s.Mute(ctx(t), m); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		now  time.Time
		want int
	}{{t0, 1}, {end.Add(-time.Millisecond), 1}, {end, 0}, {end.Add(time.Hour), 0}} {
		equal(t, fmt.Sprintf("MutesFor at %v", c.now), len(must(s.MutesFor(ctx(t), "u1", c.now)).get(t)), c.want)
		equal(t, fmt.Sprintf("ActiveMutes at %v", c.now), len(must(s.ActiveMutes(ctx(t), c.now)).get(t)), c.want)
	}
}

func ptr[T any](v T) *T { return &v }

// concurrently runs fn(0) to fn(n-1), each in its own goroutine, released together once all have
// started so that they overlap, and fails t with the first error.
func concurrently(t testing.TB, n int, fn func(i int) error) {
	t.Helper()
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs <- fn(i)
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func testRoomSettings(t *testing.T, s store.Store) {
	equal(t, "never set", must(s.RoomSettings(ctx(t), "hall")).get(t), store.RoomSettings{})
	steps := []struct {
		patch store.RoomPatch
		want  store.RoomSettings
	}{
		{store.RoomPatch{Locked: ptr(true)}, store.RoomSettings{Locked: true}},
		{store.RoomPatch{Capacity: ptr(20)}, store.RoomSettings{Locked: true, Capacity: 20}},
		{store.RoomPatch{SlowModeSeconds: ptr(5), Locked: ptr(false)}, store.RoomSettings{Capacity: 20, SlowModeSeconds: 5}},
		{store.RoomPatch{}, store.RoomSettings{Capacity: 20, SlowModeSeconds: 5}},
		{store.RoomPatch{AudienceMuted: ptr(true)}, store.RoomSettings{Capacity: 20, SlowModeSeconds: 5, AudienceMuted: true}},
		{store.RoomPatch{Capacity: ptr(0), SlowModeSeconds: ptr(0), AudienceMuted: ptr(false)}, store.RoomSettings{}},
	}
	for i, st := range steps {
		equal(t, fmt.Sprintf("step %d", i), must(s.UpdateRoomSettings(ctx(t), "hall", st.patch)).get(t), st.want)
		equal(t, fmt.Sprintf("step %d read back", i), must(s.RoomSettings(ctx(t), "hall")).get(t), st.want)
	}
	must(s.UpdateRoomSettings(ctx(t), "consular", store.RoomPatch{Locked: ptr(true)})).get(t)
	equal(t, "AllRoomSettings", must(s.AllRoomSettings(ctx(t))).get(t), map[string]store.RoomSettings{
		"hall": {}, "consular": {Locked: true}})
}

// testConcurrentRoomPatches: moderators changing different fields at once lose neither change.
func testConcurrentRoomPatches(t *testing.T, s store.Store) {
	concurrently(t, 60, func(i int) error {
		room, p := "hall", store.RoomPatch{Locked: ptr(true)}
		switch i % 3 {
		case 1:
			p = store.RoomPatch{Capacity: ptr(30)}
		case 2:
			room, p = fmt.Sprintf("room%d", i/3), store.RoomPatch{SlowModeSeconds: ptr(i/3 + 1)}
		}
		_, err := s.UpdateRoomSettings(ctx(t), room, p)
		return err
	})
	all := must(s.AllRoomSettings(ctx(t))).get(t)
	equal(t, "hall", all["hall"], store.RoomSettings{Locked: true, Capacity: 30})
	equal(t, "rooms", len(all), 21)
	equal(t, "room7", all["room7"], store.RoomSettings{SlowModeSeconds: 8})
}

func testReports(t *testing.T, s store.Store) {
	reporter := store.Actor{ID: "u5", Name: "Vera", Role: "visitor"}
	in := store.Report{Reporter: reporter, Target: store.Target{ID: "u6", Name: "Troll"}, Room: "hall",
		Reason: "insults", Lines: []string{"first line", "ünïcödé, \"quotes\"\nnewline"}, CreatedAt: t0}
	r1 := must(s.AddReport(ctx(t), in)).get(t)
	want := in
	want.ID = r1.ID
	equal(t, "AddReport", r1, want)
	equal(t, "GetReport", must(s.GetReport(ctx(t), r1.ID)).get(t), want)
	guest := must(s.AddReport(ctx(t), store.Report{Reporter: reporter, Target: store.Target{Name: "Guest 7"},
		CreatedAt: t0.Add(time.Minute)})).get(t)
	equal(t, "no lines", guest.Lines, []string{})
	equal(t, "no lines read back", must(s.GetReport(ctx(t), guest.ID)).get(t).Lines, []string{})
	equal(t, "OpenReports", reportIDs(must(s.OpenReports(ctx(t))).get(t)), []int64{r1.ID, guest.ID})

	at := t0.Add(time.Hour)
	handled := must(s.HandleReport(ctx(t), r1.ID, mod, at, "warned them")).get(t)
	want.HandledBy, want.HandledAt, want.Note = mod, at, "warned them"
	equal(t, "HandleReport", handled, want)
	equal(t, "GetReport after handling", must(s.GetReport(ctx(t), r1.ID)).get(t), want)
	equal(t, "OpenReports after handling", reportIDs(must(s.OpenReports(ctx(t))).get(t)), []int64{guest.ID})
	if _, err := s.HandleReport(ctx(t), r1.ID, admin, at, "again"); !errors.Is(err, store.ErrAlreadyHandled) {
		t.Errorf("handling twice: %v, want ErrAlreadyHandled", err)
	}
	equal(t, "note after handling twice", must(s.GetReport(ctx(t), r1.ID)).get(t).Note, "warned them")
	for _, err := range []error{
		second(s.HandleReport(ctx(t), guest.ID+100, mod, at, "")),
		second(s.GetReport(ctx(t), guest.ID+100)),
	} {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown report: %v, want ErrNotFound", err)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func reportIDs(rs []store.Report) []int64 {
	return idsOf(rs, func(r store.Report) int64 { return r.ID })
}

// audit appends an entry made from a compact description and returns it as stored.
func audit(t testing.TB, s store.Store, at time.Time, actor store.Actor, action, target string, outcome store.Outcome) store.AuditEntry {
	t.Helper()
	e := store.AuditEntry{Time: at, Actor: actor, Action: action, Target: store.Target{ID: "id-" + target, Name: target},
		Room: "hall", Reason: "because", Node: "node-1", Outcome: outcome}
	got, err := s.AppendAudit(ctx(t), e)
	if err != nil {
		t.Fatalf("AppendAudit(%+v): %v", e, err)
	}
	if got.ID == "" {
		t.Fatal("AppendAudit gave no id")
	}
	e.ID = got.ID
	equal(t, "AppendAudit", got, e)
	return got
}

func auditIDs(es []store.AuditEntry) []string {
	return idsOf(es, func(e store.AuditEntry) string { return e.ID })
}

func testAuditFilters(t *testing.T, s store.Store) {
	visitor := store.Actor{ID: "u-v", Name: "Vic", Role: "visitor"}
	e1 := audit(t, s, t0, mod, "kick", "eve", store.OutcomeDone)
	e2 := audit(t, s, t0.Add(time.Minute), admin, "ban", "eve", store.OutcomeDone)
	e3 := audit(t, s, t0.Add(2*time.Minute), visitor, "ban", "mod", store.OutcomeRefused)
	e4 := audit(t, s, t0.Add(3*time.Minute), mod, "lock", "", store.OutcomeDone)
	cases := []struct {
		name string
		q    store.AuditQuery
		want []store.AuditEntry
	}{
		{"all, newest first", store.AuditQuery{}, []store.AuditEntry{e4, e3, e2, e1}},
		{"since (inclusive)", store.AuditQuery{Since: t0.Add(time.Minute)}, []store.AuditEntry{e4, e3, e2}},
		{"actor by id", store.AuditQuery{Actor: "u-mod"}, []store.AuditEntry{e4, e1}},
		{"actor by name", store.AuditQuery{Actor: "Ada"}, []store.AuditEntry{e2}},
		{"target by name", store.AuditQuery{Target: "eve"}, []store.AuditEntry{e2, e1}},
		{"target by id", store.AuditQuery{Target: "id-mod"}, []store.AuditEntry{e3}},
		{"action", store.AuditQuery{Action: "ban"}, []store.AuditEntry{e3, e2}},
		{"combined", store.AuditQuery{Action: "ban", Target: "eve", Since: t0}, []store.AuditEntry{e2}},
		{"limit", store.AuditQuery{Limit: 1}, []store.AuditEntry{e4}},
		{"none", store.AuditQuery{Action: "teleport"}, []store.AuditEntry{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := must(s.Audit(ctx(t), c.q)).get(t)
			if len(p.Entries) == 0 {
				p.Entries = []store.AuditEntry{}
			}
			equal(t, "entries", p.Entries, c.want)
		})
	}
}

func testAuditPaging(t *testing.T, s store.Store) {
	var all []store.AuditEntry // newest first
	for i := range 25 {
		action := "kick"
		if i%3 == 0 {
			action = "mute"
		}
		all = append([]store.AuditEntry{audit(t, s, t0.Add(time.Duration(i)*time.Second), mod, action, fmt.Sprint("user", i), store.OutcomeDone)}, all...)
	}
	pages := func(q store.AuditQuery) [][]string {
		var out [][]string
		for n := 0; n < 10; n++ {
			p := must(s.Audit(ctx(t), q)).get(t)
			out = append(out, auditIDs(p.Entries))
			if p.Next == "" {
				return out
			}
			q.Cursor = p.Next
		}
		t.Fatal("paging does not end")
		return nil
	}
	want := [][]string{auditIDs(all[:10]), auditIDs(all[10:20]), auditIDs(all[20:])}
	equal(t, "pages of 10", pages(store.AuditQuery{Limit: 10}), want)
	equal(t, "one page of all", pages(store.AuditQuery{Limit: 25}), [][]string{auditIDs(all)})
	var mutes []store.AuditEntry
	for _, e := range all {
		if e.Action == "mute" {
			mutes = append(mutes, e)
		}
	}
	equal(t, "filtered pages of 4", pages(store.AuditQuery{Action: "mute", Limit: 4}),
		[][]string{auditIDs(mutes[:4]), auditIDs(mutes[4:8]), auditIDs(mutes[8:])})

	// Entries appended while paging do not shift the pages being read.
	p1 := must(s.Audit(ctx(t), store.AuditQuery{Limit: 10})).get(t)
	audit(t, s, t0.Add(time.Hour), admin, "ban", "late", store.OutcomeDone)
	p2 := must(s.Audit(ctx(t), store.AuditQuery{Limit: 10, Cursor: p1.Next})).get(t)
	equal(t, "second page after an append", auditIDs(p2.Entries), auditIDs(all[10:20]))
	if p := must(s.Audit(ctx(t), store.AuditQuery{})).get(t); len(p.Entries) != 26 || p.Next != "" {
		t.Errorf("default limit: %d entries, next %q", len(p.Entries), p.Next)
	}
}

func testRevokedTokens(t *testing.T, s store.Store) {
	until := t0.Add(time.Hour)
	if err := s.RevokeToken(ctx(t), "tok-1", until); err != nil {
		t.Fatal(err)
	}
	revoked := func(id string, now time.Time) bool { return must(s.TokenRevoked(ctx(t), id, now)).get(t) }
	cases := []struct {
		id   string
		now  time.Time
		want bool
	}{
		{"tok-1", t0, true},
		{"tok-1", until.Add(-time.Millisecond), true},
		{"tok-1", until, false},
		{"tok-2", t0, false},
	}
	for _, c := range cases {
		if got := revoked(c.id, c.now); got != c.want {
			t.Errorf("TokenRevoked(%s, %v) = %v, want %v", c.id, c.now, got, c.want)
		}
	}
	// A second revocation keeps the later until, whichever order they come in.
	if err := s.RevokeToken(ctx(t), "tok-1", until.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeToken(ctx(t), "tok-1", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if !revoked("tok-1", until.Add(30*time.Minute)) {
		t.Error("the later revocation was lost")
	}
}

func testPrune(t *testing.T, s store.Store) {
	end := t0.Add(time.Hour)
	timed := addBan(t, s, store.Ban{Name: "eve", ExpiresAt: end})
	forGood := addBan(t, s, store.Ban{Name: "mallory"})
	for _, m := range []store.Mute{
		{UserID: "u1", Kind: store.MuteChat, CreatedAt: t0, ExpiresAt: end},
		{UserID: "u2", Kind: store.MuteChat, CreatedAt: t0},
	} {
		if err := s.Mute(ctx(t), m); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RevokeToken(ctx(t), "tok", end); err != nil {
		t.Fatal(err)
	}
	later := end.Add(time.Minute)
	if err := s.Prune(ctx(t), later); err != nil {
		t.Fatal(err)
	}
	equal(t, "ActiveBans", ids(must(s.ActiveBans(ctx(t), later)).get(t)), []int64{forGood.ID})
	equal(t, "the expired ban's record stays", must(s.GetBan(ctx(t), timed.ID)).get(t).ID, timed.ID)
	if ok := must(s.Unmute(ctx(t), "u1", store.MuteChat)).get(t); ok {
		t.Error("the ended mute was not pruned")
	}
	equal(t, "mute until lifted stays", len(must(s.MutesFor(ctx(t), "u2", later)).get(t)), 1)
}

func testInvalid(t *testing.T, s store.Store) {
	c := ctx(t)
	cases := []struct {
		name string
		err  error
	}{
		{"ban without keys", second(s.AddBan(c, store.Ban{CreatedAt: t0, Reason: "x"}))},
		{"ban without time", second(s.AddBan(c, store.Ban{Name: "x"}))},
		{"lift without time", second(s.LiftBan(c, 1, mod, time.Time{}))},
		{"mute kind", s.Mute(c, store.Mute{UserID: "u", Kind: "text", CreatedAt: t0})},
		{"mute without user", s.Mute(c, store.Mute{Kind: store.MuteChat, CreatedAt: t0})},
		{"unmute kind", second(s.Unmute(c, "u", "all"))},
		{"negative capacity", second(s.UpdateRoomSettings(c, "hall", store.RoomPatch{Capacity: ptr(-1)}))},
		{"negative slow mode", second(s.UpdateRoomSettings(c, "hall", store.RoomPatch{SlowModeSeconds: ptr(-5)}))},
		{"room without id", second(s.UpdateRoomSettings(c, "", store.RoomPatch{Locked: ptr(true)}))},
		{"report without time", second(s.AddReport(c, store.Report{Reason: "x"}))},
		{"audit outcome", second(s.AppendAudit(c, store.AuditEntry{Time: t0, Action: "ban", Outcome: "maybe"}))},
		{"audit without action", second(s.AppendAudit(c, store.AuditEntry{Time: t0, Outcome: store.OutcomeDone}))},
		{"audit cursor", second(s.Audit(c, store.AuditQuery{Cursor: "not a cursor"}))},
		{"audit limit", second(s.Audit(c, store.AuditQuery{Limit: store.MaxAuditLimit + 1}))},
		{"revoke without id", s.RevokeToken(c, "", t0)},
		{"revoke without until", s.RevokeToken(c, "tok", time.Time{})},
	}
	for _, tc := range cases {
		if !errors.Is(tc.err, store.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", tc.name, tc.err)
		}
	}
	equal(t, "nothing stored", len(must(s.ActiveBans(c, t0)).get(t)), 0)
	equal(t, "no room stored", len(must(s.AllRoomSettings(c)).get(t)), 0)
}

// testConcurrentWriters: 50 goroutines each add a ban and an audit entry while others check bans;
// nothing is lost, ids are unique.
func testConcurrentWriters(t *testing.T, s store.Store) {
	const n = 50
	concurrently(t, 2*n, func(i int) error {
		user := fmt.Sprint("u", i/2)
		if i%2 == 1 {
			_, _, err := s.Banned(ctx(t), store.Subject{UserID: user}, t0)
			return err
		}
		if _, err := s.AddBan(ctx(t), store.Ban{UserID: user, By: mod, CreatedAt: t0}); err != nil {
			return err
		}
		_, err := s.AppendAudit(ctx(t), store.AuditEntry{Time: t0, Actor: mod, Action: "ban",
			Target: store.Target{ID: user}, Outcome: store.OutcomeDone})
		return err
	})
	bans := must(s.ActiveBans(ctx(t), t0)).get(t)
	seen := map[int64]bool{}
	for _, b := range bans {
		seen[b.ID] = true
	}
	if len(bans) != n || len(seen) != n {
		t.Errorf("%d bans with %d distinct ids, want %d", len(bans), len(seen), n)
	}
	for i := range n {
		if _, ok := banned(t, s, store.Subject{UserID: fmt.Sprint("u", i)}, t0); !ok {
			t.Errorf("u%d not banned", i)
		}
	}
	p := must(s.Audit(ctx(t), store.AuditQuery{Limit: 2 * n})).get(t)
	seenAudit := map[string]bool{}
	for _, e := range p.Entries {
		seenAudit[e.ID] = true
	}
	if len(p.Entries) != n || len(seenAudit) != n {
		t.Errorf("%d audit entries with %d distinct ids, want %d", len(p.Entries), len(seenAudit), n)
	}
}

// RunPersistence checks that a store keeps everything across a restart: it writes one of each
// record (events, their record and questions too) with a store from open, closes it, calls
// restart (nil: nothing to restart, as for a file), opens the store again with open and finds
// every record, and every answer, as before.
func RunPersistence(t *testing.T, open func(t *testing.T) store.Store, restart func(t *testing.T)) {
	s := open(t)
	c := ctx(t)
	ban := addBan(t, s, store.Ban{UserID: "u1", Name: "eve", Reason: "threats", ExpiresAt: t0.Add(24 * time.Hour)})
	guestBan := addBan(t, s, store.Ban{DeviceKey: "dev-9", Reason: "spam"})
	lifted := addBan(t, s, store.Ban{Name: "forgiven"})
	lifted = must(s.LiftBan(c, lifted.ID, admin, t0.Add(time.Minute))).get(t)
	mute := store.Mute{UserID: "u2", Kind: store.MuteVoice, Reason: "noise", By: mod, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
	if err := s.Mute(c, mute); err != nil {
		t.Fatal(err)
	}
	settings := must(s.UpdateRoomSettings(c, "hall", store.RoomPatch{Locked: ptr(true), Capacity: ptr(20), SlowModeSeconds: ptr(3)})).get(t)
	report := must(s.AddReport(c, store.Report{Reporter: admin, Target: store.Target{ID: "u1", Name: "eve"}, Room: "hall",
		Reason: "threats", Lines: []string{"a", "b"}, CreatedAt: t0})).get(t)
	handled := must(s.AddReport(c, store.Report{Reporter: mod, Target: store.Target{Name: "x"}, CreatedAt: t0})).get(t)
	handled = must(s.HandleReport(c, handled.ID, admin, t0.Add(time.Hour), "done")).get(t)
	e1 := audit(t, s, t0, admin, "ban", "eve", store.OutcomeDone)
	e2 := audit(t, s, t0.Add(time.Second), store.Actor{ID: "u-v", Name: "Vic", Role: "visitor"}, "ban", "Ada", store.OutcomeRefused)
	if err := s.RevokeToken(c, "tok-1", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	events := writeEvents(t, s)
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if restart != nil {
		restart(t)
	}

	s = open(t)
	defer s.Close()
	c = ctx(t)
	if b, ok := banned(t, s, store.Subject{UserID: "u1"}, t0); !ok || !reflect.DeepEqual(b, ban) {
		t.Errorf("ban by user id after restart: %+v, %v; want %+v", b, ok, ban)
	}
	if b, ok := banned(t, s, store.Subject{Name: "guest 3", DeviceKey: "dev-9"}, t0.Add(1000*time.Hour)); !ok || b.ID != guestBan.ID {
		t.Errorf("device ban after restart: %+v, %v", b, ok)
	}
	if _, ok := banned(t, s, store.Subject{UserID: "u1"}, t0.Add(25*time.Hour)); ok {
		t.Error("the timed ban holds past its end after restart")
	}
	equal(t, "lifted ban after restart", must(s.GetBan(c, lifted.ID)).get(t), lifted)
	equal(t, "active bans after restart", ids(must(s.ActiveBans(c, t0)).get(t)), []int64{ban.ID, guestBan.ID})
	equal(t, "mutes after restart", must(s.MutesFor(c, "u2", t0)).get(t), []store.Mute{mute})
	equal(t, "room settings after restart", must(s.RoomSettings(c, "hall")).get(t), settings)
	equal(t, "open reports after restart", must(s.OpenReports(c)).get(t), []store.Report{report})
	equal(t, "handled report after restart", must(s.GetReport(c, handled.ID)).get(t), handled)
	equal(t, "audit log after restart", must(s.Audit(c, store.AuditQuery{})).get(t).Entries, []store.AuditEntry{e2, e1})
	if !must(s.TokenRevoked(c, "tok-1", t0)).get(t) {
		t.Error("revoked token forgotten after restart")
	}
	// Ids go on from where they were.
	if next := addBan(t, s, store.Ban{Name: "new"}); next.ID <= lifted.ID {
		t.Errorf("ban id after restart %d, not above %d", next.ID, lifted.ID)
	}
	if next := audit(t, s, t0.Add(time.Hour), admin, "kick", "y", store.OutcomeDone); next.ID == e2.ID {
		t.Error("audit id reused after restart")
	}
	if p := must(s.Audit(c, store.AuditQuery{Limit: 1})).get(t); p.Entries[0].Action != "kick" {
		t.Errorf("newest audit entry after restart: %+v", p.Entries[0])
	}
	checkEvents(t, s, events)
}

// BenchmarkBanned measures the ban check of a join against s holding bans: nBans bans by name,
// and a visitor who is not banned (the common case) or is.
func BenchmarkBanned(b *testing.B, s store.Store, nBans int) {
	c := context.Background()
	for i := range nBans {
		by := store.Ban{Name: fmt.Sprint("banned", i), DeviceKey: fmt.Sprint("dev", i), By: mod, CreatedAt: t0}
		if i%2 == 0 {
			by.ExpiresAt = t0.Add(time.Duration(i) * time.Minute)
		}
		if _, err := s.AddBan(c, by); err != nil {
			b.Fatal(err)
		}
	}
	for _, bc := range []struct {
		name string
		sub  store.Subject
		want bool
	}{
		{"NotBanned", store.Subject{UserID: "u-visitor", Name: "visitor", DeviceKey: "dev-visitor"}, false},
		{"Banned", store.Subject{UserID: "u-x", Name: "banned1", DeviceKey: "dev-x"}, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					_, ok, err := s.Banned(c, bc.sub, t0)
					if err != nil || ok != bc.want {
						b.Errorf("Banned = %v, %v", ok, err)
						return
					}
				}
			})
		})
	}
}
