package automation

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/embassy-project/embassy/client/ui"
)

// StepKind is one action of an automation script.
type StepKind int

// The script actions (see ParseScript).
const (
	StepWait        StepKind = iota // wait N frames
	StepWaitJoined                  // wait until in a room with the map loaded (at most N frames)
	StepWalk                        // click-to-walk to tile X, Y
	StepMove                        // hold direction DX, DY for N frames, then release
	StepSay                         // type Text into the chat box and press Enter
	StepOpenExhibit                 // open the nearest exhibit
	StepClose                       // close panels (Esc)
	StepScreenshot                  // write the screen to File
	StepQuit                        // exit
	StepPress                       // press the action named Text (a key, as a person would)
)

// Step is one parsed script line.
type Step struct {
	Kind   StepKind
	N      int // frames
	X, Y   int
	Text   string
	File   string
	LineNo int
}

// ParseScript reads an automation script: one action per line, # comments.
//
//	wait 30            # frames
//	wait-joined 300    # until the room is loaded, at most 300 frames
//	walk 12 8          # click-to-walk to a tile
//	move 1 0 20        # hold right for 20 frames
//	say hello there    # any chat-box line, commands included (/wave, /w ...)
//	open-exhibit       # the nearest exhibit or info desk
//	close              # Esc
//	screenshot out.png
//	press mute         # an action by name: mute, voice, ptt, read, help, cancel, submit, ...
//	quit
func ParseScript(r io.Reader) ([]Step, error) {
	var steps []Step
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "#"); i >= 0 && !strings.HasPrefix(line, "say ") {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		verb, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		st, err := parseStep(verb, rest)
		if err != nil {
			return nil, fmt.Errorf("script line %d: %w", n, err)
		}
		st.LineNo = n
		steps = append(steps, st)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read script: %w", err)
	}
	return steps, nil
}

func parseStep(verb, rest string) (Step, error) {
	ints := func(want int) ([]int, error) {
		f := strings.Fields(rest)
		if len(f) != want {
			return nil, fmt.Errorf("%s wants %d numbers, got %q", verb, want, rest)
		}
		out := make([]int, want)
		for i, s := range f {
			v, err := strconv.Atoi(s)
			if err != nil {
				return nil, fmt.Errorf("%s: %q is not a number", verb, s)
			}
			out[i] = v
		}
		return out, nil
	}
	switch verb {
	case "wait":
		v, err := ints(1)
		if err != nil {
			return Step{}, err
		}
		return Step{Kind: StepWait, N: v[0]}, nil
	case "wait-joined":
		v, err := ints(1)
		if err != nil {
			return Step{}, err
		}
		return Step{Kind: StepWaitJoined, N: v[0]}, nil
	case "walk":
		v, err := ints(2)
		if err != nil {
			return Step{}, err
		}
		return Step{Kind: StepWalk, X: v[0], Y: v[1]}, nil
	case "move":
		v, err := ints(3)
		if err != nil {
			return Step{}, err
		}
		if v[0] < -1 || v[0] > 1 || v[1] < -1 || v[1] > 1 {
			return Step{}, fmt.Errorf("move direction must be -1, 0 or 1")
		}
		return Step{Kind: StepMove, X: v[0], Y: v[1], N: v[2]}, nil
	case "say":
		if rest == "" {
			return Step{}, fmt.Errorf("say needs text")
		}
		return Step{Kind: StepSay, Text: rest}, nil
	case "open-exhibit":
		return Step{Kind: StepOpenExhibit}, nil
	case "close":
		return Step{Kind: StepClose}, nil
	case "screenshot":
		if rest == "" {
			return Step{}, fmt.Errorf("screenshot needs a file name")
		}
		return Step{Kind: StepScreenshot, File: rest}, nil
	case "quit", "exit":
		return Step{Kind: StepQuit}, nil
	case "press":
		if _, ok := ui.ActionNamed(rest); !ok {
			return Step{}, fmt.Errorf("press: unknown action %q", rest)
		}
		return Step{Kind: StepPress, Text: rest}, nil
	}
	return Step{}, fmt.Errorf("unknown action %q", verb)
}
