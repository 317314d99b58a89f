package main

import (
	"os"
	"testing"

	"github.com/embassy-project/embassy/shared/world"
)

// loadReception loads the checked-in Reception Hall with the rules the server and client run.
func loadReception(t *testing.T) *world.Room {
	t.Helper()
	w, err := world.Load(os.DirFS(worldDir))
	if err != nil {
		t.Fatal(err)
	}
	r, ok := w.Rooms["reception"]
	if !ok {
		t.Fatal("no reception room")
	}
	return r
}

// carpetSouthEnd returns the red runner's columns (first, last) in its southernmost row, read from
// the authored art.
func carpetSouthEnd(t *testing.T) (x0, x1, y int) {
	t.Helper()
	g, err := parseArt(receptionArt)
	if err != nil {
		t.Fatal(err)
	}
	for y := g.h - 1; y >= 0; y-- {
		x0, x1 = -1, -1
		for x := 0; x < g.w; x++ {
			if c := g.at(x, y); c == 'r' || c == '@' {
				if x0 < 0 {
					x0 = x
				}
				x1 = x
			}
		}
		if x0 >= 0 {
			return x0, x1, y
		}
	}
	t.Fatal("the reception has no red carpet")
	return
}

// TestWalkingUpTheCarpetReachesTheStage holds "up" from every point across the carpet's south end,
// as a visitor arriving from the entrance does, and wants each walk to end on the stage, at its back:
// nothing on the carpet's line (a lectern, a ledge) stops a visitor short.
func TestWalkingUpTheCarpetReachesTheStage(t *testing.T) {
	r := loadReception(t)
	x0, x1, y := carpetSouthEnd(t)
	step := world.StepPerTick(world.DefaultSpeed, 20)
	stage, backRow := (*world.Zone)(nil), int32(0)
	for i := range r.Zones {
		if r.Zones[i].Kind == world.ZoneStage {
			stage = &r.Zones[i]
			backRow = stage.Rect.Min.Tile().Y
		}
	}
	if stage == nil {
		t.Fatal("the reception has no stage zone")
	}
	for x := int32(x0) * world.Unit; x < int32(x1+1)*world.Unit; x += world.Unit / 8 {
		w := world.Walker{Pos: world.Vec{X: x, Y: int32(y)*world.Unit + world.Unit/2}}
		if !r.Fits(w.Pos) {
			continue // against the carpet's edge, an avatar's box touches what lies beside it
		}
		w.Hold(world.Dir{Y: -1})
		for tick := 0; tick < 2000 && w.Step(r, step); tick++ {
		}
		if z, ok := r.ZoneAt(w.Pos, world.ZoneStage); !ok || z != stage {
			t.Errorf("holding up from %v on the carpet stops at %v (tile %v), short of the stage", world.Vec{X: x, Y: int32(y)*world.Unit + world.Unit/2}, w.Pos, w.Pos.Tile())
			continue
		}
		// The flags framing the back wall may stop a walk at the carpet's edge one row early.
		if got := w.Pos.Tile().Y; got > backRow+1 {
			t.Errorf("holding up from x=%d stops at %v (tile %v), in front of the stage's back (row %d)", x, w.Pos, w.Pos.Tile(), backRow)
		}
	}
}

// TestStageCanBeWalkedTo asks for a path to the middle of the stage from every spawn of the hall, as
// a click on the stage does, and walks it.
func TestStageCanBeWalkedTo(t *testing.T) {
	r := loadReception(t)
	var stage world.Zone
	for _, z := range r.Zones {
		if z.Kind == world.ZoneStage {
			stage = z
		}
	}
	target := stage.Rect.Center()
	if !r.Fits(target) {
		t.Fatalf("the middle of the stage %v (tile %v) is not floor", target, target.Tile())
	}
	for _, z := range r.Zones {
		if z.Kind != world.ZoneSpawn {
			continue
		}
		w := world.Walker{Pos: r.Spawn(z.Name)}
		if !w.WalkTo(r, target) {
			t.Errorf("no path from spawn %s %v to the stage's middle %v", z.Name, w.Pos, target)
			continue
		}
		for tick := 0; tick < 5000 && w.Step(r, world.StepPerTick(world.DefaultSpeed, 20)); tick++ {
		}
		if w.Pos != target {
			t.Errorf("walking from spawn %s to the stage's middle stopped at %v", z.Name, w.Pos)
		}
	}
}
