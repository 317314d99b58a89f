package scene

import (
	"errors"

	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/ui"
)

// Driver is how automation (scripts, benchmarks, tests) drives the game: what a person could do,
// nothing more.
type Driver interface {
	// Ready reports whether you are in a room, its map loaded, and connected.
	Ready() bool
	// Status describes the connection in words.
	Status() string
	// Actions returns what you can do in the embassy; ErrNotInEmbassy before the world scene.
	Actions() (session.Actions, error)
	// Hold holds actions (keys) during the next frame, as a person would.
	Hold(as ...ui.Action)
	// Press presses an action in the next frame.
	Press(a ui.Action)
	// Screenshot writes the screen to file at the end of the next frame.
	Screenshot(file string)
	// Quit ends the game once pending screenshots are written.
	Quit()
	// ScreenshotPending reports whether a screenshot waits for the next frame.
	ScreenshotPending() bool
}

// ErrNotInEmbassy says the world scene is not running (the join screen is up).
var ErrNotInEmbassy = errors.New("not in the embassy (give -name to skip the join screen)")

// Ready implements Driver.
func (g *Game) Ready() bool { return g.world != nil && g.world.sess.Model().Ready() }

// Status implements Driver.
func (g *Game) Status() string {
	if g.world == nil {
		return "join screen"
	}
	return g.world.sess.Model().StatusLine()
}

// Actions implements Driver.
func (g *Game) Actions() (session.Actions, error) {
	if g.world == nil {
		return session.Actions{}, ErrNotInEmbassy
	}
	return g.world.sess.Actions(), nil
}

// Hold implements Driver.
func (g *Game) Hold(as ...ui.Action) {
	for _, a := range as {
		g.inject.Hold(a)
	}
}

// Press implements Driver.
func (g *Game) Press(a ui.Action) { g.inject.Press(a) }

// Screenshot implements Driver.
func (g *Game) Screenshot(file string) { g.shots = append(g.shots, file) }

// ScreenshotPending implements Driver.
func (g *Game) ScreenshotPending() bool { return len(g.shots) > 0 }

// Quit implements Driver.
func (g *Game) Quit() { g.quit = true }
