package main

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/internal/realpart"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// The window test runs the real client in a real window: this test binary re-executes itself as the
// client (so it needs no separate build), under the current X display or under xvfb-run.
const asClientEnv = "EMBASSY_TEST_RUN_CLIENT"

func TestMain(m *testing.M) {
	if os.Getenv(asClientEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// clientCommand returns how to start the client with a display, or why that is impossible.
func clientCommand(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var cmd *exec.Cmd
	if os.Getenv("DISPLAY") != "" {
		cmd = exec.Command(self, args...)
	} else if xvfb, err := exec.LookPath("xvfb-run"); err == nil {
		cmd = exec.Command(xvfb, append([]string{"-a", "-s", "-screen 0 1280x800x24", self}, args...)...)
	} else {
		realpart.Missing(t, "no X display", "xvfb", "xauth") // or set DISPLAY
	}
	cmd.Env = append(os.Environ(), asClientEnv+"=1")
	return cmd
}

// bot is a headless visitor standing at a tile, drawn in a distinctive coat colour.
type bot struct {
	name string
	tile world.Tile
	coat uint32
	c    *client.Client
}

func TestWindowShowsEmbassyAndAvatars(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	srv := nodetest.Start(t, nil)
	url := srv.WS()

	entrance := srv.Node.World().Arrival()
	spawn := entrance.Spawn("")
	st := spawn.Tile()
	bots := []*bot{
		{name: "Bot Amara", tile: world.Tile{X: st.X - 3, Y: st.Y - 1}, coat: 0x20d080},
		{name: "Bot Bruno", tile: world.Tile{X: st.X + 4, Y: st.Y - 1}, coat: 0xff8c1a},
		{name: "Bot Chen", tile: world.Tile{X: st.X, Y: st.Y - 4}, coat: 0xb04fe0},
	}
	for _, b := range bots {
		if !entrance.Fits(b.tile.Center()) {
			t.Fatalf("bot tile %v is not walkable in %s; adjust the test to the map", b.tile, entrance.ID)
		}
		var err error
		b.c, err = client.Dial(ctx, client.Options{URL: url, Name: b.name, Look: &pb.Look{BodyRgb: b.coat, AccentRgb: 0xffffff, Sprite: 2}, Client: "window-test"})
		if err != nil {
			t.Fatal(err)
		}
		defer b.c.Close()
		if err := b.c.Join(""); err != nil {
			t.Fatal(err)
		}
		if err := b.c.WaitFor(ctx, func(v *client.View) bool { return v.Self() != nil }); err != nil {
			t.Fatal(err)
		}
		if _, err := b.c.WalkTo(b.tile.Center().X, b.tile.Center().Y); err != nil {
			t.Fatal(err)
		}
	}
	for _, b := range bots {
		want := b.tile.Center()
		if err := b.c.WaitFor(ctx, func(v *client.View) bool { return v.Self().Pos == want }); err != nil {
			t.Fatalf("%s did not reach %v: %v", b.name, want, err)
		}
	}

	dir := t.TempDir()
	if d := os.Getenv("EMBASSY_SHOT_DIR"); d != "" {
		dir = d
	}
	shot := filepath.Join(dir, "window-test.png")
	script := filepath.Join(dir, "window-test.script")
	if err := os.WriteFile(script, []byte(strings.Join([]string{
		"wait-joined 1200",
		"wait 60",
		"say Hello, embassy!",
		"wait 30",
		"screenshot " + shot,
		"quit",
	}, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	// Bots greet the tester once they see it, so bubbles show too.
	for i, b := range bots {
		go func() {
			if b.c.WaitFor(ctx, func(v *client.View) bool { return v.ByName("Tester") != nil }) == nil && i == 1 {
				_, _ = b.c.Chat(pb.ChatKind_CHAT_SAY, "Welcome! The gallery is to the west.", "")
			}
		}()
	}

	cmd := clientCommand(t, "-server", url, "-name", "Tester", "-script", script, "-width", "1280", "-height", "800", "-log-level", "warn")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("client failed: %v\n%s", err, out)
	}
	t.Logf("screenshot: %s", shot)

	img := readPNG(t, shot)
	checkScreenshot(t, img, spawn, entrance, bots)
}

func readPNG(t *testing.T, file string) image.Image {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// project maps a position in units to the screenshot, with the client's camera: zoom 1.5 at device
// scale 1, centred on you and kept inside the map.
func project(self, p world.Vec, room *world.Room, sw, sh int) (int, int) {
	const zoom = 1.5
	px := func(u int32) float64 { return float64(u) * world.TilePixels / world.Unit }
	clamp := func(v, size, half float64) float64 {
		if size <= 2*half {
			return size / 2
		}
		return min(max(v, half), size-half)
	}
	cx := clamp(px(self.X), px(room.W*world.Unit), float64(sw)/2/zoom)
	cy := clamp(px(self.Y), px(room.H*world.Unit), float64(sh)/2/zoom)
	return int((px(p.X)-cx)*zoom + float64(sw)/2), int((px(p.Y)-cy)*zoom + float64(sh)/2)
}

func checkScreenshot(t *testing.T, img image.Image, self world.Vec, def *world.Room, bots []*bot) {
	t.Helper()
	b := img.Bounds()
	colours := map[color.RGBA]int{}
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			c := rgba(img.At(x, y))
			colours[c]++
			if c.R < 0x20 && c.G < 0x24 && c.B < 0x30 {
				dark++
			}
		}
	}
	total := (b.Dx() / 2) * (b.Dy() / 2)
	t.Logf("screenshot %dx%d: %d distinct colours, %.0f%% near-background", b.Dx(), b.Dy(), len(colours), 100*float64(dark)/float64(total))
	if len(colours) < 500 {
		t.Errorf("only %d distinct colours: the frame is blank or flat", len(colours))
	}
	if float64(dark) > 0.3*float64(total) {
		t.Errorf("%.0f%% of the frame is background: the map was not drawn", 100*float64(dark)/float64(total))
	}

	for _, bt := range bots {
		x, y := project(self, bt.tile.Center(), def, b.Dx(), b.Dy())
		coat := rgba(color.RGBA{uint8(bt.coat >> 16), uint8(bt.coat >> 8), uint8(bt.coat), 0xff})
		n := countNear(img, image.Rect(x-24, y-50, x+24, y), func(c color.RGBA) bool { return near(c, coat, 60) })
		if n < 40 {
			t.Errorf("%s: %d coat-coloured pixels around (%d,%d), want an avatar there", bt.name, n, x, y)
		}
		checkTag(t, img, bt.name, x, y, false)
	}
	x, y := project(self, self, def, b.Dx(), b.Dy())
	checkTag(t, img, "Tester", x, y, true)
}

// checkTag looks for a name tag above an avatar standing at (x, y): a dark pill with light text
// (and a gold edge for your own).
func checkTag(t *testing.T, img image.Image, who string, x, y int, self bool) {
	t.Helper()
	r := image.Rect(x-60, y-100, x+60, y-55)
	pill := countNear(img, r, func(c color.RGBA) bool { return c.R < 0x40 && c.G < 0x40 && c.B < 0x50 })
	textPx := countNear(img, r, func(c color.RGBA) bool { return c.R > 0xd8 && c.G > 0xd8 && c.B > 0xd8 })
	if self {
		textPx = countNear(img, r, func(c color.RGBA) bool { return near(c, color.RGBA{0xff, 0xe7, 0xa8, 0xff}, 40) })
	}
	if pill < 60 || textPx < 15 {
		t.Errorf("%s: no name tag above (%d,%d): %d tag-background and %d text pixels", who, x, y, pill, textPx)
	}
	if self {
		gold := countNear(img, r, func(c color.RGBA) bool { return near(c, color.RGBA{0xf2, 0xc1, 0x4e, 0xff}, 50) })
		if gold < 20 {
			t.Errorf("%s: own tag has no gold edge (%d pixels)", who, gold)
		}
	}
}

func countNear(img image.Image, r image.Rectangle, ok func(color.RGBA) bool) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if ok(rgba(img.At(x, y))) {
				n++
			}
		}
	}
	return n
}

func rgba(c color.Color) color.RGBA {
	r, g, b, a := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) int {
		if x > y {
			return int(x - y)
		}
		return int(y - x)
	}
	return d(a.R, b.R)+d(a.G, b.G)+d(a.B, b.B) <= tol
}

func TestConfigFromEnvironment(t *testing.T) {
	env := map[string]string{"EMBASSY_SERVER": "ws://example:8080/ws", "EMBASSY_NAME": "Ada", "EMBASSY_TOKEN": "s3cret"}
	c, err := parseConfig(nil, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.server != env["EMBASSY_SERVER"] || c.name != "Ada" || c.token != "s3cret" {
		t.Fatalf("config %+v", c)
	}
	if _, err := parseConfig([]string{"-server", "http://x"}, func(string) string { return "" }); err == nil {
		t.Fatal("http:// server accepted")
	}
	if _, err := parseConfig([]string{"-screenshot", "x.png"}, func(string) string { return "" }); err == nil {
		t.Fatal("-screenshot without -frames accepted")
	}
	c, err = parseConfig([]string{"-bench-avatars", "200"}, func(string) string { return "" })
	if err != nil || c.vsync {
		t.Fatalf("bench config %+v, %v: the benchmark must turn vsync off", c, err)
	}
}

// Without a display the client says what to do, instead of Ebiten's "fbdev: failed to open /dev/fb0".
func TestNoDisplaySaysHowToGetOne(t *testing.T) {
	var stderr strings.Builder
	env := map[string]string{"EMBASSY_NAME": "Ada"}
	code := run(nil, func(k string) string { return env[k] }, io.Discard, &stderr)
	if code == 0 || !strings.Contains(stderr.String(), "DISPLAY") || !strings.Contains(stderr.String(), "xvfb-run") {
		t.Fatalf("exit %d, stderr %q: want a failure that says to set DISPLAY or use xvfb-run", code, stderr.String())
	}
}
