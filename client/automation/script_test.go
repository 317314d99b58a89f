package automation

import (
	"strings"
	"testing"
)

func TestParseScript(t *testing.T) {
	steps, err := ParseScript(strings.NewReader(`
# a demo
wait-joined 300
walk 12 8   # to the desk
move 1 0 20
say hello # not a comment inside say
open-exhibit
close
screenshot out.png
wait 5
quit
`))
	if err != nil {
		t.Fatal(err)
	}
	kinds := []StepKind{StepWaitJoined, StepWalk, StepMove, StepSay, StepOpenExhibit, StepClose, StepScreenshot, StepWait, StepQuit}
	if len(steps) != len(kinds) {
		t.Fatalf("%d steps: %+v", len(steps), steps)
	}
	for i, k := range kinds {
		if steps[i].Kind != k {
			t.Errorf("step %d kind %v, want %v", i, steps[i].Kind, k)
		}
	}
	if steps[1].X != 12 || steps[1].Y != 8 || steps[2].N != 20 || steps[3].Text != "hello # not a comment inside say" || steps[6].File != "out.png" {
		t.Errorf("parsed %+v", steps)
	}
	for _, bad := range []string{"walk 1", "move 2 0 5", "dance", "wait x", "screenshot"} {
		if _, err := ParseScript(strings.NewReader(bad)); err == nil {
			t.Errorf("script %q accepted", bad)
		}
	}
}
