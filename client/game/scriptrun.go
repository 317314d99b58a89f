package game

import (
	"fmt"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/shared/world"
)

// scriptRunner plays an automation script, one step per frame (waits span frames).
type scriptRunner struct {
	steps   []Step
	i       int
	counter int // frames spent in the current step
}

// Done reports whether every step has run.
func (r *scriptRunner) done() bool { return r.i >= len(r.steps) }

func (r *scriptRunner) update(g *Game) error {
	if len(g.shots) > 0 {
		return nil // a screenshot is pending: nothing may change before the next Draw takes it
	}
	for !r.done() {
		st := r.steps[r.i]
		w := g.world
		if w == nil && st.Kind != StepWait && st.Kind != StepScreenshot && st.Kind != StepQuit {
			return fmt.Errorf("script line %d: not in the embassy (give -name)", st.LineNo)
		}
		switch st.Kind {
		case StepWait:
			if r.counter < st.N {
				r.counter++
				return nil
			}
		case StepWaitJoined:
			if !w.ready() {
				if r.counter++; r.counter > st.N {
					return fmt.Errorf("script line %d: not in a room after %d frames (%s)", st.LineNo, st.N, w.statusLine())
				}
				return nil
			}
		case StepWalk:
			w.walkTo(world.Tile{X: int32(st.X), Y: int32(st.Y)}.Center())
		case StepMove:
			if r.counter < st.N {
				d := world.Dir{X: int8(st.X), Y: int8(st.Y)}
				w.scriptHeld = &d
				r.counter++
				return nil
			}
			w.scriptHeld = &world.Dir{}
		case StepSay:
			w.submit(st.Text)
		case StepOpenExhibit:
			if !w.openNearestExhibit(true) {
				return fmt.Errorf("script line %d: no exhibit in this room", st.LineNo)
			}
		case StepClose:
			w.closePanels()
		case StepScreenshot:
			g.screenshot(st.File)
		case StepQuit:
			g.quit = true
			if len(g.shots) > 0 {
				return nil // Game.Update ends the game once the screenshot is written
			}
			return ebiten.Termination
		}
		r.i++
		r.counter = 0
		if st.Kind == StepScreenshot || st.Kind == StepWalk || st.Kind == StepSay {
			return nil // let a frame pass so the effect is visible to the next step
		}
	}
	return nil
}
