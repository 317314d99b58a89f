package voice

import (
	"cmp"
	"math"
	"slices"

	"github.com/embassy-project/embassy/server/room"
)

// heard is what the router knows of a speaker when it assigns slots.
type heard struct {
	speaking bool  // spoke within the speaking window: may take a slot
	held     bool  // spoke within the hold window: keeps a slot it has
	level    int32 // recent audio level, 0 loudest .. 127 silence
}

// assign decides which speaker each slot of one listener carries. prev is the current assignment
// ("" for an empty slot); cands are the speakers the room says the listener hears; state reports on
// a speaker. A speaker keeps its slot while it is still audible and held; new speakers fill free
// slots, loudest and nearest first, then take slots from held-but-silent speakers, then from a
// speaker clearly quieter or farther. The stage slot carries one speaker on the stage; further stage
// speakers compete for the proximity slots.
func assign(prev [AllSlots]string, cands []room.Audible, state func(speaker string) heard) [AllSlots]string {
	var next [AllSlots]string
	audible := make(map[string]room.Audible, len(cands))
	for _, c := range cands {
		if o, ok := audible[c.Speaker]; !ok || c.Dist2 < o.Dist2 || c.Stage {
			audible[c.Speaker] = c
		}
	}
	taken := map[string]bool{}
	keep := func(i int) {
		sp := prev[i]
		if sp == "" || taken[sp] {
			return
		}
		c, ok := audible[sp]
		if !ok || !state(sp).held || i == StageSlot && !c.Stage {
			return
		}
		next[i], taken[sp] = sp, true
	}
	for i := range AllSlots {
		keep(i)
	}
	score := func(c room.Audible) int64 {
		return int64(state(c.Speaker).level) + 2*int64(math.Sqrt(float64(c.Dist2)))/64 // a level step is worth half a metre
	}
	var fresh []room.Audible
	for _, c := range audible {
		if !taken[c.Speaker] && state(c.Speaker).speaking {
			fresh = append(fresh, c)
		}
	}
	slices.SortFunc(fresh, func(a, b room.Audible) int {
		if a.Stage != b.Stage {
			if a.Stage {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(score(a), score(b)), cmp.Compare(a.Speaker, b.Speaker))
	})
	for _, c := range fresh {
		if c.Stage && next[StageSlot] == "" {
			next[StageSlot] = c.Speaker
			continue
		}
		if i := pickSlot(next, c, func(sp string) int64 { return score(audible[sp]) }, state); i >= 0 {
			next[i] = c.Speaker
		}
	}
	return next
}

// pickSlot returns the proximity slot a new speaker c should take, or -1: a free one, else one whose
// speaker is silent (only held), else the one whose speaker scores clearly worse than c.
func pickSlot(next [AllSlots]string, c room.Audible, scoreOf func(speaker string) int64, state func(string) heard) int {
	worst, worstScore := -1, int64(-1)
	for i := range Slots {
		sp := next[i]
		if sp == "" {
			return i
		}
		s := scoreOf(sp)
		if !state(sp).speaking {
			s += 1000 // silent speakers are replaced first
		}
		if s > worstScore {
			worst, worstScore = i, s
		}
	}
	if worst >= 0 && worstScore > scoreOf(c.Speaker)+10 {
		return worst
	}
	return -1
}
