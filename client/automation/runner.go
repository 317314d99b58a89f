// Package automation drives the game as a person would, through scene.Driver only: scripts (walk,
// say, read, screenshot...) for demos and window tests, and the drawing benchmark, which feeds a
// crowd into a real session from a local Source.
package automation

import (
	"fmt"

	"github.com/embassy-project/embassy/client/scene"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/world"
)

// Runner plays a script, one step per frame (waits span frames).
type Runner struct {
	steps   []Step
	i       int
	counter int // frames spent in the current step
}

// NewRunner returns a runner for steps.
func NewRunner(steps []Step) *Runner { return &Runner{steps: steps} }

// Done reports whether every step has run.
func (r *Runner) Done() bool { return r.i >= len(r.steps) }

// Tick runs the script's current step; use it as scene.Hooks.Tick.
func (r *Runner) Tick(d scene.Driver) error {
	for !r.Done() {
		st := r.steps[r.i]
		wait, err := r.step(d, st)
		if err != nil {
			return fmt.Errorf("script line %d: %w", st.LineNo, err)
		}
		if wait {
			return nil
		}
		r.i++
		r.counter = 0
		if st.Kind == StepScreenshot || st.Kind == StepWalk || st.Kind == StepSay || st.Kind == StepQuit {
			return nil // let a frame pass so the effect is visible to the next step
		}
	}
	return nil
}

// step runs one step; wait says it needs more frames.
func (r *Runner) step(d scene.Driver, st Step) (wait bool, err error) {
	switch st.Kind {
	case StepWait:
		r.counter++
		return r.counter <= st.N, nil
	case StepWaitJoined:
		if d.Ready() {
			return false, nil
		}
		if r.counter++; r.counter > st.N {
			return false, fmt.Errorf("not in a room after %d frames (%s)", st.N, d.Status())
		}
		return true, nil
	case StepMove:
		if r.counter < st.N {
			d.Hold(moveActions(st.X, st.Y)...)
			r.counter++
			return true, nil
		}
		return false, nil
	case StepClose:
		d.Press(ui.Cancel)
		return false, nil
	case StepPress:
		a, _ := ui.ActionNamed(st.Text)
		d.Press(a)
		return false, nil
	case StepScreenshot:
		d.Screenshot(st.File)
		return false, nil
	case StepQuit:
		d.Quit()
		return false, nil
	}
	act, err := d.Actions()
	if err != nil {
		return false, err
	}
	switch st.Kind {
	case StepWalk:
		act.WalkTo(world.Tile{X: int32(st.X), Y: int32(st.Y)}.Center())
	case StepSay:
		act.Say(st.Text)
	case StepOpenExhibit:
		if !act.ReadNearest(true) {
			return false, fmt.Errorf("no exhibit in this room")
		}
	}
	return false, nil
}

// moveActions are the walking keys for a direction.
func moveActions(dx, dy int) []ui.Action {
	var as []ui.Action
	switch dx {
	case -1:
		as = append(as, ui.WalkLeft)
	case 1:
		as = append(as, ui.WalkRight)
	}
	switch dy {
	case -1:
		as = append(as, ui.WalkUp)
	case 1:
		as = append(as, ui.WalkDown)
	}
	return as
}
