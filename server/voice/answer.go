package voice

import (
	"fmt"
	"strings"

	"github.com/pion/sdp/v3"
)

// checkAnswer refuses an answer that declares more than one media stream (SSRC) in a media
// section; a stream's RTX or FEC repair SSRC, grouped with it, is allowed. The microphone is one
// stream, and pion (v4.2.26) mishandles more: it sets up a receiver track for every SSRC of the
// section but starts only the first, then reads the others too, a nil-pointer panic in one of its
// goroutines that takes the whole node down. A client could crash the server with one answer.
func checkAnswer(answer string) error {
	var d sdp.SessionDescription
	if err := d.UnmarshalString(answer); err != nil {
		return fmt.Errorf("parse answer: %w", err)
	}
	for i, m := range d.MediaDescriptions {
		streams, repairs := map[string]bool{}, map[string]bool{}
		for _, a := range m.Attributes {
			switch a.Key {
			case sdp.AttrKeySSRC:
				if f := strings.Fields(a.Value); len(f) > 0 {
					streams[f[0]] = true
				}
			case sdp.AttrKeySSRCGroup:
				if f := strings.Fields(a.Value); len(f) > 2 {
					for _, r := range f[2:] {
						repairs[r] = true
					}
				}
			}
		}
		for r := range repairs {
			delete(streams, r)
		}
		if len(streams) > 1 {
			return fmt.Errorf("media section %d declares %d streams", i, len(streams))
		}
	}
	return nil
}
