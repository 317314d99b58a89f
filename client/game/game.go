// Package game is the Embassy desktop client, an Ebiten game on top of the headless client package:
// a join screen, the embassy drawn from the server's Tiled maps, avatars with prediction (your own)
// and interpolation (everyone else, see client/predict), chat, exhibits, the room list and the
// connection status. Scenes own their state and are driven by Game; the pure logic (chat commands,
// scripts, wrapping, input mapping) lives in plain functions with their own tests.
package game

import (
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"log/slog"
	"math"
	"os"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// ClientName is sent in Hello.
const ClientName = "embassy-client/0.1"

// Options configure the game; cmd/embassy-client fills them from flags.
type Options struct {
	Server string // ws://host:port/ws
	Name   string // empty: show the join screen
	Token  string // optional role token
	Room   string // room to join first
	Look   *pb.Look

	Screenshot string // write the screen here after Frames frames, then exit
	Frames     int
	Script     []Step // automation (see ParseScript)

	BenchAvatars int       // > 0: draw this many wandering avatars offline and report frame times
	BenchFrames  int       // frames to measure
	BenchOut     io.Writer // where the report goes

	Log *slog.Logger
}

// Scene is one screen of the game.
type Scene interface {
	Update(g *Game) error
	Draw(g *Game, screen *ebiten.Image)
}

// Game implements ebiten.Game: it scales for HiDPI, runs the current scene, the automation script,
// and screenshots.
type Game struct {
	opts  Options
	log   *slog.Logger
	scene Scene
	world *worldScene // the world scene once joined (the script drives it)
	fonts *Fonts

	scale  float64 // device pixels per window pixel
	sw, sh int     // screen size in device pixels
	frame  int     // frames drawn
	now    time.Time

	script *scriptRunner
	shots  []string // screenshots to take at the end of the next Draw
	quit   bool
	err    error // why the game ended, if not by the user's wish
}

// New builds the game: the join screen, or straight into the embassy when a name is given.
func New(opts Options) (*Game, error) {
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	g := &Game{opts: opts, log: opts.Log, scale: 1, now: time.Now()}
	g.fonts = newFonts(1)
	if len(opts.Script) > 0 {
		g.script = &scriptRunner{steps: opts.Script}
	}
	switch {
	case opts.BenchAvatars > 0:
		b, err := newBenchScene(g, opts.BenchAvatars, opts.BenchFrames, opts.BenchOut)
		if err != nil {
			return nil, err
		}
		g.scene = b
	case opts.Name != "":
		look := opts.Look
		if look == nil {
			k := LookFor(&pb.Profile{Name: opts.Name})
			look = &pb.Look{BodyRgb: k.body, AccentRgb: k.accent, Sprite: k.sprite}
		}
		if err := g.enter(opts.Name, look, opts.Room); err != nil {
			return nil, err
		}
	default:
		g.scene = newJoinScene(g)
	}
	return g, nil
}

// enter connects and shows the embassy.
func (g *Game) enter(name string, look *pb.Look, room string) error {
	w, err := newWorldScene(g, name, look, room)
	if err != nil {
		return err
	}
	g.world, g.scene = w, w
	return nil
}

// Close stops the connection, waiting briefly for a polite goodbye.
func (g *Game) Close() {
	if g.world != nil {
		g.world.close()
	}
}

// Err returns why the game stopped, nil for a normal exit.
func (g *Game) Err() error { return g.err }

// Update implements ebiten.Game.
func (g *Game) Update() error {
	if g.quit && len(g.shots) == 0 { // screenshots asked for are taken by a Draw first
		return ebiten.Termination
	}
	g.now = time.Now()
	if g.fonts.scale != g.scale {
		g.fonts = newFonts(g.scale)
	}
	if g.script != nil {
		if err := g.script.update(g); err != nil {
			if !errors.Is(err, ebiten.Termination) {
				g.err = err
			}
			return ebiten.Termination
		}
	}
	if err := g.scene.Update(g); err != nil {
		if !errors.Is(err, ebiten.Termination) {
			g.err = err
		}
		return ebiten.Termination
	}
	return nil
}

// Draw implements ebiten.Game.
func (g *Game) Draw(screen *ebiten.Image) {
	g.scene.Draw(g, screen)
	g.frame++
	if g.opts.Screenshot != "" && g.frame == g.opts.Frames {
		g.shots = append(g.shots, g.opts.Screenshot)
		g.quit = true
	}
	for _, f := range g.shots {
		if err := writePNG(screen, f); err != nil {
			g.err = err
			g.quit = true
		} else {
			g.log.Info("screenshot written", "file", f, "frame", g.frame)
		}
	}
	g.shots = g.shots[:0]
}

// Layout implements ebiten.Game; LayoutF is what Ebiten uses.
func (g *Game) Layout(outsideWidth, outsideHeight int) (int, int) {
	w, h := g.LayoutF(float64(outsideWidth), float64(outsideHeight))
	return int(w), int(h)
}

// LayoutF renders at the monitor's device scale, so text and lines stay sharp on HiDPI screens; every
// size in the interface is multiplied by g.scale.
func (g *Game) LayoutF(outsideWidth, outsideHeight float64) (float64, float64) {
	s := 1.0
	if m := ebiten.Monitor(); m != nil {
		s = m.DeviceScaleFactor()
	}
	if s <= 0 || math.IsNaN(s) {
		s = 1
	}
	g.scale = s
	g.sw, g.sh = int(math.Ceil(outsideWidth*s)), int(math.Ceil(outsideHeight*s))
	return float64(g.sw), float64(g.sh)
}

// screenshot asks for the screen to be written to file at the end of the next Draw.
func (g *Game) screenshot(file string) { g.shots = append(g.shots, file) }

// writePNG writes the screen image as a PNG file.
func writePNG(screen *ebiten.Image, file string) error {
	b := screen.Bounds()
	img := image.NewRGBA(b)
	screen.ReadPixels(img.Pix)
	f, err := os.Create(file)
	if err != nil {
		return fmt.Errorf("screenshot: %w", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("screenshot %s: %w", file, err)
	}
	return f.Close()
}
