package main

// The entrance hall: a red runner from the arrival point to the reception hall, framed by columns
// and crossing a central rug with two seating groups; runners from the side doors meet it. The
// information desk is on the left, the welcome board on the right, seating corners by the south wall.
func entranceRoom() room {
	return room{
		id: "entrance", name: "Entrance Hall", order: 1, capacity: 300,
		art:   entranceArt,
		areas: []area{{'g', 12, 11, 16, 8}, {'g', 3, 22, 8, 6}, {'g', 29, 22, 8, 6}},
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
#p..............pfrrrrfp..............p#
#.................rrrr.................#
#.................rrrr.................#
#..............c..rrrr..c..............#
#....k..v..k......rrrr.................#
#...puuuiuuup.....rrrr.....pp===pp.....#
#p....1........c..rrrr..c....2........p#
#.................rrrr.................#
#...........gggggggggggggggg.zzz.......#
#l..........glSSSggggggSSSlg..........l#
#...........gggggggggggggggg...........#
Grrrrrrrrrrrg>gtg<gggg>gtg<grrrrrrrrrrrC
GrrrrrrrrrrrggggggggggggggggrrrrrrrrrrrC
#...........gggggggggggggggg...........#
#l..........gpggggggggggggpg..........l#
#...zzz.....gggggggggggggggg.....zzz...#
#.................rrrr.................#
#p................rrrr................p#
#..............c..rrrr..c..............#
#..gggggggg.......rrrr.......gggggggg..#
#..glSSSggg.......rrrr.......gggSSSlg..#
#..gggggggg.......rrrr.......gggggggg..#
#..g>gtg<gg....c..r@rr..c....gg>gtg<g..#
#..gggggggg.......rrrr.......gggggggg..#
#..gggggggg.......rrrr.......gggggggg..#
#p..........p.zzz.rrrr.zzz.p..........p#
########################################
`
