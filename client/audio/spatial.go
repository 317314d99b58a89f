package audio

import "math"

// FullVolumeWithin is the distance (metres) within which a voice is heard at full volume.
const FullVolumeWithin = 2.0

// DistanceGain is how loud a voice d metres away is heard when voices carry hearingRange metres:
// 1 within FullVolumeWithin, then falling like a real voice (inverse distance, -6 dB per doubling)
// and faded to silence at hearingRange, so nobody pops in or out at the edge. Per-person volume
// and local mute multiply it (a muted person's gain is 0).
func DistanceGain(d, hearingRange float64) float32 {
	if d <= FullVolumeWithin {
		return 1
	}
	if d >= hearingRange || hearingRange <= FullVolumeWithin {
		return 0
	}
	t := (d - FullVolumeWithin) / (hearingRange - FullVolumeWithin)
	return float32(FullVolumeWithin / d * (1 - t*t))
}

// Pan is where a voice sits between the ears, -1 (left) to 1 (right), for a speaker at dx, dy
// metres from the listener (x to the right of the screen, y down): the sine of its bearing. The
// top-down view has no facing, so the screen's left and right are the ears'. A speaker within a
// metre is pulled toward the centre, so a neighbour is not heard in one ear only.
func Pan(dx, dy float64) float32 {
	d := math.Hypot(dx, dy)
	if d == 0 {
		return 0
	}
	return float32(dx / max(d, 1))
}
