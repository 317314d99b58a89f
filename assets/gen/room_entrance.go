package main

// The entrance hall: a red runner from the arrival point to the reception hall, the information
// desk on the left, the welcome board on the right, seating corners by the south wall.
func entranceRoom() room {
	return room{
		id: "entrance", name: "Entrance Hall", order: 1, capacity: 300,
		art:   entranceArt,
		areas: []area{{'g', 3, 22, 8, 6}, {'g', 29, 22, 8, 6}},
		zones: []zone{
			{class: "info", name: "info_desk", at: '1', w: 5, h: 2, props: [][2]string{
				{"title", "Welcome to the Embassy"}, {"text_file", "exhibits/welcome.md"}}},
			{class: "exhibit", name: "about_embassy", at: '2', w: 3, h: 2, props: [][2]string{
				{"title", "About This Virtual Embassy"}, {"text_file", "exhibits/about-embassy.md"}}},
		},
	}
}

const entranceArt = `
###################RR###################
####OO###OO###P####RR####P###OO###OO####
####OO###OO########RR########OO###OO####
#p.............p.frrrrf.p.............p#
#.................rrrr.................#
#.................rrrr.................#
#.............c...rrrr...c.............#
#....k..v..k......rrrr.................#
#...puuuiuuup.....rrrr......p===p......#
#.....1...........rrrr.......2.........#
#.................rrrr.................#
#.............c...rrrr...c.............#
#p................rrrr................p#
#.................rrrr.................#
G.................rrrr.................C
G.................rrrr.................C
#.......zzz.......rrrr.......zzz.......#
#p................rrrr................p#
#.............c...rrrr...c.............#
#.................rrrr.................#
#.......zzz.......rrrr.......zzz.......#
#.................rrrr.................#
#..gggggggg.......rrrr.......gggggggg..#
#..glSSSggg...c...rrrr...c...glSSSggg..#
#..gggggggg.......rrrr.......gggggggg..#
#..g>gtg<gg.......r@rr.......g>gtg<gg..#
#..gggggggg.......rrrr.......gggggggg..#
#..gggggggg.......rrrr.......gggggggg..#
#p................rrrr................p#
########################################
`
