package webtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/server/node"
)

// startup is one load of /play, its steps in milliseconds since the page's navigation began, as
// the page itself timed them: the Resource Timing of the .wasm, the play page's mark once the
// .wasm is compiled and instantiated, and the client's own marks (client/platform).
type startup struct {
	Page      float64 `json:"page"`      // the play page's HTML received
	WasmStart float64 `json:"wasmStart"` // the .wasm asked for
	WasmEnd   float64 `json:"wasmEnd"`   // the .wasm received (the browser compiles while it arrives)
	WasmBytes float64 `json:"wasmBytes"` // bytes of it that came over the network: 0 from the cache
	WasmGets  int     `json:"wasmGets"`  // requests for it: one (play.html's preload is what its fetch uses)
	Ready     float64 `json:"ready"`     // compiled and instantiated (play.html's embassy-wasm-ready)
	Main      float64 `json:"main"`      // Go's packages set up, main runs (embassy-main)
	Game      float64 `json:"game"`      // the game made (embassy-game)
	First     float64 `json:"first"`     // the first frame drawn (embassy-first-frame)
	Online    float64 // the server lists the person in the room, timed from here (the test's clock)
}

func (s startup) String() string {
	return fmt.Sprintf("first frame %4.0f ms (page %3.0f, .wasm %4.0f..%4.0f ms %5.1f MB over the wire, compiled and instantiated %4.0f, "+
		"Go set up %4.0f, game made %4.0f); in the room by %4.0f ms",
		s.First, s.Page, s.WasmStart, s.WasmEnd, s.WasmBytes/1e6, s.Ready, s.Main, s.Game, s.Online)
}

// startupJS reads a startup from the page once the first frame is marked, else gives null.
const startupJS = `(() => {
	const t = n => (performance.getEntriesByName(n)[0] || {startTime: -1}).startTime;
	if (t("embassy-first-frame") < 0) return null;
	const nav = performance.getEntriesByType("navigation")[0];
	const gets = performance.getEntriesByType("resource").filter(e => e.name.endsWith(".wasm"));
	const wasm = gets[0] || {};
	return {page: nav.responseEnd, wasmStart: wasm.startTime, wasmEnd: wasm.responseEnd, wasmBytes: wasm.transferSize, wasmGets: gets.length,
		ready: t("embassy-wasm-ready"), main: t("embassy-main"), game: t("embassy-game"), first: t("embassy-first-frame")};
})()`

// How long the browser client takes to show its first frame, from navigation to the first frame
// the game draws, and the steps on the way: once with nothing cached (a new browser profile: the
// .wasm downloaded, compiled and instantiated) and once more in the same browser (the .wasm from
// the cache). The figures are logged, not checked (tests do not time): the test fails only when no
// frame comes at all. Each run is a new browser; more runs give medians:
//
//	EMBASSY_FIRSTFRAME_RUNS=5 go test -run TestFirstFrame -v ./internal/webtest/
//
// To measure, run it alone on a quiet machine (flock -x /tmp/embassy-cpu.lock).
func TestFirstFrame(t *testing.T) {
	runs := 1
	if s := os.Getenv("EMBASSY_FIRSTFRAME_RUNS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("EMBASSY_FIRSTFRAME_RUNS=%q: want a count of runs", s)
		}
		runs = n
	}
	web := buildWeb(t)
	srv := nodetest.StartWith(t, nil, func(c *node.Config) { c.Secret, c.WebDir = secret, web })

	var cold, warm []startup
	for i := range runs {
		t.Run(fmt.Sprintf("run%d", i+1), func(t *testing.T) {
			ctx := browser(t)
			// Chromium's own start is not the page's: it is up before the clock starts.
			if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
				t.Fatal(err)
			}
			c := loadPlay(t, ctx, srv, fmt.Sprintf("Cold Cleo %d", i+1))
			w := loadPlay(t, ctx, srv, fmt.Sprintf("Warm Wren %d", i+1))
			t.Logf("nothing cached: %v", c)
			t.Logf("cached .wasm:   %v", w)
			cold, warm = append(cold, c), append(warm, w)
		})
	}
	if runs > 1 {
		t.Logf("median of %d, nothing cached: %v", runs, medianStartup(cold))
		t.Logf("median of %d, cached .wasm:   %v", runs, medianStartup(warm))
	}
}

// loadPlay opens /play as name and waits for the first frame and for the server to list name in
// the room.
func loadPlay(t *testing.T, ctx context.Context, srv *nodetest.Server, name string) startup {
	t.Helper()
	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.HTTP()+"/play?room=reception&name="+url.QueryEscape(name))); err != nil {
		t.Fatal(err)
	}
	var s *startup
	var inRoom time.Duration
	for deadline := start.Add(2 * time.Minute); s == nil || inRoom == 0; time.Sleep(25 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: within 2 minutes, first frame %v, in the room %v", name, s != nil, inRoom != 0)
		}
		if s == nil {
			var err error
			if s, err = chromedp.Run(ctx, chromedp.Evaluate[*startup](startupJS)); err != nil {
				t.Fatal(err)
			}
		}
		if inRoom == 0 && slices.ContainsFunc(online(t, srv), func(e onlineEntry) bool { return e.Name == name && e.Room == "reception" }) {
			inRoom = time.Since(start)
		}
	}
	s.Online = float64(inRoom) / float64(time.Millisecond)
	if s.WasmGets != 1 {
		t.Errorf("%s: the page asked for the .wasm %d times, want once", name, s.WasmGets)
	}
	return *s
}

// medianStartup is each step's median over runs.
func medianStartup(runs []startup) startup {
	med := func(f func(startup) float64) float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = f(r)
		}
		slices.Sort(v)
		if n := len(v); n%2 == 0 {
			return (v[n/2-1] + v[n/2]) / 2
		}
		return v[len(v)/2]
	}
	return startup{
		Page: med(func(s startup) float64 { return s.Page }), WasmStart: med(func(s startup) float64 { return s.WasmStart }),
		WasmEnd: med(func(s startup) float64 { return s.WasmEnd }), WasmBytes: med(func(s startup) float64 { return s.WasmBytes }),
		Ready: med(func(s startup) float64 { return s.Ready }), Main: med(func(s startup) float64 { return s.Main }),
		Game: med(func(s startup) float64 { return s.Game }), First: med(func(s startup) float64 { return s.First }),
		Online: med(func(s startup) float64 { return s.Online }),
	}
}
