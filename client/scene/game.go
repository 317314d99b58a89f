// Package scene is the game itself: Game (an ebiten.Game) with a scene manager, the join scene, and
// the world scene that wires a session, the renderer and the HUD together. Automation and the
// drawing benchmark drive it through Driver and Hooks only.
package scene

import (
	"errors"
	"image"
	"log/slog"
	"math"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/platform"
	"github.com/embassy-project/embassy/client/ui"
)

// Scene is one screen of the game.
type Scene interface {
	Update(c *ui.Context, in *ui.Input) error
	Draw(dst *ebiten.Image, c *ui.Context)
}

// Hooks let automation and benchmarks take part in every frame without reaching into scenes.
type Hooks struct {
	// Tick runs at the start of every Update, before the scene; an error ends the game
	// (ebiten.Termination for a normal end).
	Tick func(d Driver) error
	// Drawn reports how long the scene took to draw a frame; returning true ends the game.
	Drawn func(build time.Duration, sw, sh int) bool
}

// Game implements ebiten.Game: it scales for HiDPI, reads input, runs the current scene and hooks,
// and takes screenshots.
type Game struct {
	log   *slog.Logger
	scene Scene
	world *World // the world scene once entered
	hooks Hooks
	fonts *gfx.Fonts

	scale  float64
	sw, sh int
	frame  int

	reader ui.Reader // the keyboard, mouse and fingers
	text   platform.TextInput
	typing *platform.TextField // the text field that took typing in the last frame
	inject ui.Input            // actions automation holds or presses for the next frame
	shots  []string            // screenshots to take at the end of the next Draw
	quit   bool
	err    error
}

// New returns a game showing first.
func New(first Scene, hooks Hooks, log *slog.Logger) *Game {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	g := &Game{log: log, hooks: hooks, scale: 1, fonts: gfx.NewFonts(1)}
	g.GoTo(first)
	return g
}

// GoTo switches to scene s.
func (g *Game) GoTo(s Scene) {
	g.scene = s
	if w, ok := s.(*World); ok {
		g.world = w
	}
}

// Close stops the world's connection.
func (g *Game) Close() {
	if g.world != nil {
		g.world.Close()
	}
}

// Err returns why the game stopped, nil for a normal exit.
func (g *Game) Err() error { return g.err }

// Update implements ebiten.Game.
func (g *Game) Update() error {
	if g.quit && len(g.shots) == 0 { // screenshots asked for are taken by a Draw first
		return ebiten.Termination
	}
	if g.fonts.Scale != g.scale {
		g.fonts = gfx.NewFonts(g.scale)
	}
	if g.hooks.Tick != nil && len(g.shots) == 0 { // nothing may change before a pending screenshot
		if err := g.hooks.Tick(g); err != nil {
			return g.end(err)
		}
	}
	in := g.reader.Read()
	if e, err := g.text.Update(g.typing); err != nil {
		g.log.Warn("text input", "err", err)
	} else {
		in.Compose(ui.Composed{Changed: e.Changed, Before: e.Before, After: e.After, Preedit: e.Preedit, Handled: e.Handled, Enter: e.Enter, Closed: e.Closed})
	}
	in.Merge(&g.inject)
	g.inject = ui.Input{}
	c := g.context()
	if err := g.scene.Update(c, in); err != nil {
		return g.end(err)
	}
	g.typing = nil
	if r := c.TextWanted(); r != nil {
		g.typing = &platform.TextField{Caret: r.Caret, Before: r.Before, After: r.After}
	}
	return nil
}

func (g *Game) end(err error) error {
	if !errors.Is(err, ebiten.Termination) {
		g.err = err
	}
	return ebiten.Termination
}

func (g *Game) context() *ui.Context {
	return ui.NewContext(g.sw, g.sh, g.scale, g.fonts, time.Now(), g.frame)
}

// Draw implements ebiten.Game.
func (g *Game) Draw(screen *ebiten.Image) {
	start := time.Now()
	g.scene.Draw(screen, g.context())
	build := time.Since(start)
	g.frame++
	if g.hooks.Drawn != nil && g.hooks.Drawn(build, g.sw, g.sh) {
		g.quit = true
	}
	for _, f := range g.shots {
		b := screen.Bounds()
		img := image.NewRGBA(b)
		screen.ReadPixels(img.Pix)
		if err := platform.SavePNG(f, img); err != nil {
			g.err, g.quit = err, true
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
// size in the interface is multiplied by the scale.
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
