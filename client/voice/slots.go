package voice

import (
	"strconv"
	"strings"
)

// slotOf reads a slot index from a track id "slot<i>", as the server names its slot tracks.
func slotOf(id string) (int, bool) {
	rest, ok := strings.CutPrefix(id, "slot")
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(rest)
	if err != nil || i < 0 || i >= Slots {
		return 0, false
	}
	return i, true
}

// slotsByMid reads which slot each media section of the server's offer carries, by its mid: a
// browser names a received track by its transceiver's mid (its MediaStreamTrack id is its own),
// while the offer says "a=msid:embassy slot3" in the section with "a=mid:4".
func slotsByMid(offer string) map[string]int {
	out := map[string]int{}
	mid, slot := "", -1
	flush := func() {
		if mid != "" && slot >= 0 {
			out[mid] = slot
		}
		mid, slot = "", -1
	}
	for line := range strings.Lines(offer) {
		line = strings.TrimRight(line, "\r\n")
		switch {
		case strings.HasPrefix(line, "m="):
			flush()
		case strings.HasPrefix(line, "a=mid:"):
			mid = strings.TrimPrefix(line, "a=mid:")
		case strings.HasPrefix(line, "a=msid:"):
			if f := strings.Fields(strings.TrimPrefix(line, "a=msid:")); len(f) == 2 {
				if i, ok := slotOf(f[1]); ok {
					slot = i
				}
			}
		}
	}
	flush()
	return out
}
