package main

// The ambassador's office: a desk between flags, bookshelves, a private sofa corner on a rug, and
// the ambassador's welcome letter under glass.
func ambassadorRoom() room {
	return room{
		id: "ambassador", name: "Ambassador's Office", order: 6, capacity: 20,
		art:   ambassadorArt,
		areas: []area{{'g', 11, 11, 10, 6}},
		zones: []zone{
			{class: "private", name: "sofa_corner", x: 11, y: 10, w: 10, h: 7},
			{class: "exhibit", name: "welcome_letter", at: '1', w: 3, h: 2, props: [][2]string{
				{"title", "A Letter from the Ambassador"}, {"text_file", "exhibits/ambassador-letter.md"}}},
		},
	}
}

const ambassadorArt = `
######################
###P###OO##P#OO###P###
#######OO####OO#######
#pkkkk,,f,,,f,,,kkkkp#
#,,,,,,,,,,,,,,,,,,,,#
#,,,,,,,,,v,,,,,,,,,,#
#,,,,,,,,ddd,,,,,,,,,#
#,,,,,,,,^,^,,,,,,,,,#
C,,,,,,,,,,,,,,,,,,,,#
C,,,,,,,,,,,,,,,,,,,,#
#,,,,,@,,,,,,,,,,,,,,#
#,,,,,,,,,,gggggggggg#
#,,m,,,,,,,gpgSSSgglg#
#,1,,,,,,,,gggggggggg#
#,,,,,,,,,,gg>gtg<ggg#
#,,,,,,,,,,gggggggggg#
#p,,,,,,,,,gggggggggp#
######################
`
