package main

// The exhibition gallery in two rows: four display boards along the north wall, each with a bench on
// a rug in front, and five plinths down a red runner between two symmetric colonnades with benches.
// A quiet reading corner (south-west) mirrors a lounge (south-east), a study table for groups sits
// between them, and plants and lamps line the walls.
func galleryRoom() room {
	return room{
		id: "gallery", name: "Exhibition Gallery", order: 2, capacity: 200,
		art: galleryArt,
		// Rugs of the reading corner and lounge, the runner under the plinths, the board alcoves.
		areas: []area{
			{'g', 2, 21, 9, 6}, {'g', 39, 21, 9, 6},
			{'r', 5, 15, 44, 3},
			{'g', 4, 3, 5, 6}, {'g', 16, 3, 5, 6}, {'g', 29, 3, 5, 6}, {'g', 41, 3, 5, 6},
		},
		zones: []zone{
			{class: "exhibit", name: "cyber_norms", at: '1', w: 3, h: 2, props: [][2]string{
				{"title", "Responsible State Behaviour in Cyberspace"}, {"text_file", "exhibits/cyber-norms.md"},
				{"image", imagePath("cyber-norms")}}},
			{class: "exhibit", name: "digital_trade", at: '2', w: 3, h: 2, props: [][2]string{
				{"title", "Digital Trade"}, {"text_file", "exhibits/digital-trade.md"},
				{"image", imagePath("digital-trade")}}},
			{class: "exhibit", name: "digital_public_goods", at: '3', w: 3, h: 2, props: [][2]string{
				{"title", "Digital Public Goods and E-Government"}, {"text_file", "exhibits/digital-public-goods.md"}}},
			{class: "exhibit", name: "climate_diplomacy", at: '7', w: 3, h: 2, props: [][2]string{
				{"title", "Climate Diplomacy"}, {"text_file", "exhibits/climate-diplomacy.md"}}},
			{class: "exhibit", name: "data_privacy", at: '4', w: 3, h: 2, props: [][2]string{
				{"title", "Data Protection and Privacy"}, {"text_file", "exhibits/data-privacy.md"},
				{"image", imagePath("data-privacy")}}},
			{class: "exhibit", name: "internet_governance", at: '5', w: 3, h: 2, props: [][2]string{
				{"title", "Who Runs the Internet?"}, {"text_file", "exhibits/internet-governance.md"}}},
			{class: "exhibit", name: "cultural_programme", at: '8', w: 3, h: 2, props: [][2]string{
				{"title", "The Embassy's Cultural Programme"}, {"text_file", "exhibits/cultural-programme.md"}}},
			{class: "exhibit", name: "virtual_embassies", at: '6', w: 3, h: 2, props: [][2]string{
				{"title", "A Short History of Virtual Embassies"}, {"text_file", "exhibits/virtual-embassies.md"},
				{"image", imagePath("virtual-embassies")}}},
			{class: "exhibit", name: "crisis_response", at: '9', w: 3, h: 2, props: [][2]string{
				{"title", "When Crisis Strikes Abroad"}, {"text_file", "exhibits/crisis-response.md"}}},
			{class: "quiet", name: "reading_corner", x: 1, y: 19, w: 11, h: 10},
		},
	}
}

const galleryArt = `
##################################################
######P####OO#####P####P##P####P#####OO####P######
###########OO########################OO###########
#p,,p===p,,,,,,,p===p,,,,,,,,p===p,,,,,,,p===p,,p#
#,,,g1ggg,,,,,,,g2ggg,,,,,,,,g3ggg,,,,,,,g7ggg,,,#
#,,,ggggg,,,,,,,ggggg,,,,,,,,ggggg,,,,,,,ggggg,,,#
#,,,ggggg,,,,,,,ggggg,,,,,,,,ggggg,,,,,,,ggggg,,,#
#,,,gzzzg,,,,,,,gzzzg,,,,,,,,gzzzg,,,,,,,gzzzg,,,#
#p,,ggggg,,,,,,,ggggg,,,,,,,,ggggg,,,,,,,ggggg,,p#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#p,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,p#
#,,,,,,,,,,,c,,zzz,,c,,zzzz,,c,,zzz,,c,,,,,,,,,,,#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,E
#,,p,rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrE
#,,,,rrryrrrrrrrorrrrrrrjrrrrrrrrmrrrrrrrnrr@rrrr#
#,,p,rr4rrrrrrr5rrrrrrr8rrrrrrrr6rrrrrrr9rrrrrrrr#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#,kkkkkkk,l,,,,,,,,,,,,,,,,,,,,,,,,,,,,l,kkkkkkk,#
#,,,,,,,,,,,c,,zzz,,c,,zzzz,,c,,zzz,,c,,,,,,,,,,,#
#,ggggggggg,,,,,,,,,,,,,,,,,,,,,,,,,,,,ggggggggg,#
#,gagagaglg,,,,,,,,,,,,,,,,,,,,,,,,,,,,glgSSSgpg,#
#,ggggggggg,,,,,,,,,,,vvvvvv,,,,,,,,,,,ggggggggg,#
#,ggtgggtgg,,,,,,,,,,TTTTTTTT,,,,,,,,,,gg>gtg<gg,#
#,ggggggggg,,,,,,,,,,TTTTTTTT,,,,,,,,,,ggggggggg,#
#,ggggggggg,,,,,,,,,,,^^^^^^,,,,,,,,,,,ggggggggg,#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#p,,,,,,,,,,,p,,,p,,,,lp,,pl,,,,p,,,p,,,,,,,,,,,p#
##################################################
`
