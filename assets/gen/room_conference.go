package main

// The conference room: a long table for eighteen under a presentation screen; everything past
// the doorway is private.
func conferenceRoom() room {
	return room{
		id: "conference", name: "Conference Room", order: 4, capacity: 24,
		art: conferenceArt,
		zones: []zone{
			{class: "private", name: "meeting", x: 2, y: 3, w: 17, h: 12},
		},
	}
}

const conferenceArt = `
####################
###OO####VV####OO###
###OO##########OO###
#pbbbblkbbbbklbbbbp#
#bbbbbbbbbbbbbbbbbb#
#bbbbbbbbbbbbbbbbbb#
#bbbbbbvvvvvvvvbbbb#
Rbbbb>TTTTTTTTTT<bb#
Rbbbb>TTTTTTTTTT<bb#
#bbbbbb^^^^^^^^bbbb#
#bbbbbbbbbbbbbbbbbb#
#bb@bbbbbbbbbbbbbbb#
#bbbbbbbbbbbbbbbbbb#
#bbbbbbbbbbbbbbbbbb#
#pbbbbbbbbbbbbbbbbp#
####################
`
