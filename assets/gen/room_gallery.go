package main

// The exhibition gallery: three display boards along the north wall, three plinths down the
// middle, benches, and a quiet reading corner with shelves in the south-west.
func galleryRoom() room {
	return room{
		id: "gallery", name: "Exhibition Gallery", order: 2, capacity: 200,
		art:   galleryArt,
		areas: []area{{'g', 2, 21, 11, 6}},
		zones: []zone{
			{class: "exhibit", name: "cyber_norms", at: '1', w: 3, h: 2, props: [][2]string{
				{"title", "Responsible State Behaviour in Cyberspace"}, {"text_file", "exhibits/cyber-norms.md"}}},
			{class: "exhibit", name: "digital_trade", at: '2', w: 3, h: 2, props: [][2]string{
				{"title", "Digital Trade"}, {"text_file", "exhibits/digital-trade.md"}}},
			{class: "exhibit", name: "digital_public_goods", at: '3', w: 3, h: 2, props: [][2]string{
				{"title", "Digital Public Goods and E-Government"}, {"text_file", "exhibits/digital-public-goods.md"}}},
			{class: "exhibit", name: "data_privacy", at: '4', w: 3, h: 2, props: [][2]string{
				{"title", "Data Protection and Privacy"}, {"text_file", "exhibits/data-privacy.md"}}},
			{class: "exhibit", name: "internet_governance", at: '5', w: 3, h: 2, props: [][2]string{
				{"title", "Who Runs the Internet?"}, {"text_file", "exhibits/internet-governance.md"}}},
			{class: "exhibit", name: "virtual_embassies", at: '6', w: 3, h: 2, props: [][2]string{
				{"title", "A Short History of Virtual Embassies"}, {"text_file", "exhibits/virtual-embassies.md"}}},
			{class: "quiet", name: "reading_corner", x: 1, y: 19, w: 14, h: 10},
		},
	}
}

const galleryArt = `
##################################################
###P#P#######P#P###OO###OO####P#P#########P#P#####
###################OO###OO########################
#p,,,,,p===p,,,,,,,,,p===p,,,,,,,,,p===p,,,,,,,,p#
#,,,,,,,1,,,,,,,,,,,,,2,,,,,,,,,,,,,3,,,,,,,,,,,,#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#,,,,,,,,,,,,,,,c,,,,,,,,,,,,,c,,,,,,,,,,,,,,,,,,#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,p#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,E
#,,,,,,,,,,,y,,,,,,,,,,,o,,,,,,,,,,,m,,,,,,,@,,,,E
#,,,,,,,,,,4,,,,,,,,,,,5,,,,,,,,,,,6,,,,,,,,,,,,,#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,p#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#,kkkkkkk,l,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#,ggggggggggg,,,p,,,,,zzz,,,,,p,,zzz,,,,p,,,,,,,,#
#,gagagaggglg,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#,ggggggggggg,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#,ggtgggtgggg,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#,ggggggggggg,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#,ggggggggggg,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#
#p,,,,,,,,,,,,,,p,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,p#
##################################################
`
