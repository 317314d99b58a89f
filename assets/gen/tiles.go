package main

import "fmt"

// tileDef describes one tile of the tileset: its name (used by the room authoring code), its class
// (written to the .tsx so clients can tell what a tile is), whether it blocks movement, and how to
// paint it.
type tileDef struct {
	name     string
	class    string
	collides bool
	draw     func(p *pen)
}

// Neighbour bits used by auto-tiled families (carpet, rug, stage, wall tops): a bit is set when the
// neighbour on that side belongs to the same family.
const (
	north = 1 << iota
	east
	south
	west
)

// catalog returns every tile in tileset order; a tile's id is its index. Appending keeps existing ids
// stable, which matters to anyone who edits the maps in Tiled.
func catalog() []tileDef {
	var t []tileDef
	add := func(name, class string, collides bool, draw func(p *pen)) {
		t = append(t, tileDef{name, class, collides, draw})
	}
	// Floors.
	add("marble_a", "floor", false, func(p *pen) { drawMarble(p, rgb(0xEEE9E1)) })
	add("marble_b", "floor", false, func(p *pen) { drawMarble(p, rgb(0xDCD4C7)) })
	add("parquet", "floor", false, drawParquet)
	add("carpet_blue", "carpet", false, drawBlueCarpet)
	add("doorway", "doorway", false, drawDoorway)
	for m := 0; m < 16; m++ {
		add(fmt.Sprintf("carpet_red_%02d", m), "carpet", false, func(p *pen) { drawRedCarpet(p, m) })
	}
	for m := 0; m < 16; m++ {
		add(fmt.Sprintf("rug_%02d", m), "rug", false, func(p *pen) { drawRug(p, m) })
	}
	for m := 0; m < 16; m++ {
		add(fmt.Sprintf("stage_%02d", m), "stage", false, func(p *pen) { drawStage(p, m) })
	}
	// Walls.
	for m := 0; m < 16; m++ {
		add(fmt.Sprintf("wall_top_%02d", m), "wall", true, func(p *pen) { drawWallTop(p, m) })
	}
	add("wall_upper", "wall", true, drawWallUpper)
	add("wall_lower", "wall", true, drawWallLower)
	add("window_upper", "window", true, drawWindowUpper)
	add("window_lower", "window", true, drawWindowLower)
	add("painting", "wall", true, drawPainting)
	add("screen", "wall", true, drawScreen)
	// Furniture and fittings.
	add("column", "column", true, drawColumn)
	add("plant_a", "plant", true, func(p *pen) { drawPlant(p, 0) })
	add("plant_b", "plant", true, func(p *pen) { drawPlant(p, 1) })
	for v := 0; v < 3; v++ {
		add(fmt.Sprintf("flag_%c", 'a'+v), "flag", true, func(p *pen) { drawFlag(p, v) })
	}
	add("bookshelf_a", "shelf", true, func(p *pen) { drawBookshelf(p, 0) })
	add("bookshelf_b", "shelf", true, func(p *pen) { drawBookshelf(p, 1) })
	for i, part := range []string{"l", "m", "r"} {
		add("desk_"+part, "desk", true, func(p *pen) { drawDesk(p, i) })
	}
	for _, d := range []string{"down", "up", "left", "right"} {
		add("chair_"+d, "chair", false, func(p *pen) { drawChair(p, d) })
	}
	for i, part := range []string{"l", "m", "r"} {
		add("sofa_"+part, "sofa", true, func(p *pen) { drawSofa(p, i) })
	}
	add("armchair", "chair", false, func(p *pen) { drawSofa(p, 3) })
	add("coffee_table", "table", true, drawCoffeeTable)
	for _, row := range []string{"t", "b"} {
		for i, part := range []string{"l", "m", "r"} {
			add("table_"+row+part, "table", true, func(p *pen) { drawConfTable(p, row == "b", i) })
		}
	}
	for i, part := range []string{"l", "m", "r"} {
		add("counter_"+part, "counter", true, func(p *pen) { drawCounter(p, i, false) })
	}
	add("info_desk", "info_desk", true, func(p *pen) { drawCounter(p, 1, true) })
	add("service_counter", "counter", true, drawServiceCounter)
	add("lectern", "lectern", true, drawLectern)
	for _, o := range []string{"globe", "vase", "letter", "terminal"} {
		add("plinth_"+o, "plinth", true, func(p *pen) { drawPlinth(p, o) })
	}
	for i, part := range []string{"l", "m", "r"} {
		add("board_"+part, "board", true, func(p *pen) { drawBoard(p, i) })
	}
	for i, part := range []string{"l", "m", "r"} {
		add("buffet_"+part, "buffet", true, func(p *pen) { drawBuffet(p, i) })
	}
	add("lamp", "lamp", true, drawLamp)
	for i, part := range []string{"l", "m", "r"} {
		add("bench_"+part, "bench", false, func(p *pen) { drawBench(p, i) })
	}
	// Appended after the first release: keep new tiles at the end so existing ids stay stable.
	add("plinth_passport", "plinth", true, func(p *pen) { drawPlinth(p, "passport") })
	add("standing_table", "table", true, drawStandingTable)
	for m := 0; m < 16; m++ {
		add(fmt.Sprintf("stage_steps_%02d", m), "stage", false, func(p *pen) { drawStageSteps(p, m) })
	}
	return t
}

// tileIDs maps tile names to ids.
func tileIDs(defs []tileDef) map[string]int {
	ids := make(map[string]int, len(defs))
	for i, d := range defs {
		ids[d.name] = i
	}
	return ids
}
