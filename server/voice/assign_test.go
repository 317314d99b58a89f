package voice

import (
	"fmt"
	"testing"

	"github.com/embassy-project/embassy/server/room"
)

func near(sp string, metres int64) room.Audible {
	return room.Audible{Listener: "L", Speaker: sp, Dist2: metres * 64 * metres * 64}
}

func stage(sp string) room.Audible { return room.Audible{Listener: "L", Speaker: sp, Stage: true} }

func talking(levels map[string]int32) func(string) heard {
	return func(sp string) heard {
		l, ok := levels[sp]
		if !ok {
			return heard{level: 127}
		}
		return heard{speaking: l < speechLevel, held: true, level: l}
	}
}

func TestAssignSlots(t *testing.T) {
	var none [AllSlots]string
	// Two people nearby talk: they take the first two slots; the stage speaker takes the stage slot.
	got := assign(none, []room.Audible{near("a", 3), near("b", 8), stage("s")}, talking(map[string]int32{"a": 30, "b": 30, "s": 20}))
	if got[0] != "a" || got[1] != "b" || got[StageSlot] != "s" {
		t.Fatalf("assignment %q", got)
	}
	// Someone silent (never spoke) gets no slot; a speaker keeps its slot when another arrives.
	got = assign(got, []room.Audible{near("a", 3), near("b", 8), near("c", 1), near("quiet", 1), stage("s")},
		talking(map[string]int32{"a": 30, "b": 30, "c": 30, "s": 20}))
	if got[0] != "a" || got[1] != "b" || got[2] != "c" || got[StageSlot] != "s" {
		t.Fatalf("after c joins: %q", got)
	}
	for _, sp := range got {
		if sp == "quiet" {
			t.Fatal("a silent participant took a slot")
		}
	}
	// Out of range: the room no longer lists a as audible, so its slot frees.
	got = assign(got, []room.Audible{near("b", 8), near("c", 1), stage("s")}, talking(map[string]int32{"a": 30, "b": 30, "c": 30, "s": 20}))
	if got[0] != "" || got[1] != "b" {
		t.Fatalf("after a walks away: %q", got)
	}
}

func TestAssignMoreSpeakersThanSlots(t *testing.T) {
	var cands []room.Audible
	levels := map[string]int32{}
	for i := range 12 { // twelve people at 1..12 m, equally loud: the nearest eight win
		sp := fmt.Sprintf("p%02d", i)
		cands = append(cands, near(sp, int64(i+1)))
		levels[sp] = 40
	}
	var none [AllSlots]string
	got := assign(none, cands, talking(levels))
	for i := range Slots {
		if got[i] == "" || got[i] > "p07" {
			t.Fatalf("slot %d = %q; want the eight nearest: %q", i, got[i], got)
		}
	}
	// A far speaker who is much louder takes the slot of the quietest-and-farthest.
	levels["p11"] = 0
	got = assign(got, cands, talking(levels))
	found := false
	for _, sp := range got[:Slots] {
		found = found || sp == "p11"
	}
	if !found {
		t.Fatalf("the loud speaker got no slot: %q", got)
	}
	// A speaker who stopped talking (only held) is replaced first.
	levels["p11"], levels["p00"] = 40, 127
	quiet := func(sp string) heard {
		h := talking(levels)(sp)
		if sp == "p00" {
			h = heard{held: true, level: 127}
		}
		return h
	}
	got = assign(got, cands, quiet)
	for _, sp := range got[:Slots] {
		if sp == "p00" {
			t.Fatalf("the silent speaker kept its slot against talkers: %q", got)
		}
	}
}

func TestAssignTwoOnStage(t *testing.T) {
	var none [AllSlots]string
	got := assign(none, []room.Audible{stage("s1"), stage("s2")}, talking(map[string]int32{"s1": 30, "s2": 35}))
	if got[StageSlot] != "s1" || got[0] != "s2" {
		t.Fatalf("two on stage: %q; want the louder on the stage slot, the other in a proximity slot", got)
	}
	// The stage speaker steps off the stage (now only near): it may not keep the stage slot.
	got = assign(got, []room.Audible{near("s1", 2), stage("s2")}, talking(map[string]int32{"s1": 30, "s2": 35}))
	if got[StageSlot] == "s1" {
		t.Fatalf("someone off the stage kept the stage slot: %q", got)
	}
}
