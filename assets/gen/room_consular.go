package main

// The consular office: service counters behind glass, rows of waiting chairs, and an information
// desk explaining what the consulate does.
func consularRoom() room {
	return room{
		id: "consular", name: "Consular Office", order: 5, capacity: 40,
		art: consularArt,
		zones: []zone{
			{class: "info", name: "consular_services", at: '1', w: 3, h: 2, props: [][2]string{
				{"title", "Consular Services"}, {"text_file", "exhibits/consular-services.md"}}},
		},
	}
}

const consularArt = `
########################
###OO######VV######OO###
###OO##############OO###
#f...kk...p..p...kk...f#
#.....v...v..v...v.....#
#p...xxxxxxxxxxxxxx...p#
#......................#
#......................#
E......................A
E..........@...........A
#......................#
#.....^^^^....^^^^.....#
#......................#
#.....^^^^....^^^^.....#
#puiup.................#
#.1....................#
#..........p..........p#
########################
`
