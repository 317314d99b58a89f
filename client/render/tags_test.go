package render

import (
	"testing"
	"time"

	"github.com/embassy-project/embassy/client/session"
)

// A crowd talking at once: every bubble is placed so that it covers no name tag and no other
// bubble, or is drawn faint when there is no room.
func TestBubblesDoNotHideTagsOrEachOther(t *testing.T) {
	now := time.Now()
	var tags []box
	var pending []pendingBubble
	for i := range 12 { // twelve people standing shoulder to shoulder in two rows
		x, y := 300+float64(i%6)*40, 300+float64(i/6)*60
		tags = append(tags, box{x - 35, y - 10, x + 35, y + 10})
		pending = append(pending, pendingBubble{
			b: &session.Bubble{Text: "hello", At: now.Add(time.Duration(i) * time.Millisecond)},
			w: 120, h: 30, ax: x, ay: y - 14,
		})
	}
	placedAll := layoutBubbles(nil, pending, append([]box(nil), tags...), 6)
	if len(placedAll) != len(pending) {
		t.Fatalf("%d placed of %d", len(placedAll), len(pending))
	}
	faint := 0
	for i, p := range placedAll {
		if p.alpha < 1 {
			faint++
			continue
		}
		b := box{p.x, p.y, p.x + p.w, p.y + p.h}
		for j, tg := range tags {
			if b.overlaps(tg) {
				t.Errorf("bubble %d covers name tag %d", i, j)
			}
		}
		for j, q := range placedAll[:i] {
			if q.alpha == 1 && b.overlaps(box{q.x, q.y, q.x + q.w, q.y + q.h}) {
				t.Errorf("bubble %d covers bubble %d", i, j)
			}
		}
	}
	if faint > 2 {
		t.Errorf("%d of 12 bubbles found no room; the stack should hold most", faint)
	}
	if placedAll[0].b != pending[0].b || !placedAll[0].b.At.Equal(now.Add(11*time.Millisecond)) {
		t.Errorf("the newest bubble is not placed first")
	}
}
