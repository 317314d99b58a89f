// Package render draws the room you are in from the session's Model: the map in chunks, zones,
// the walk target, avatars from cached sprite sheets, and name tags with speech bubbles laid out so
// that they do not hide each other. Each part is a Layer; World holds them in order. It reads the
// model and never changes it.
package render

import (
	"image"
	"slices"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/predict"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Frame is what every layer needs to draw one frame.
type Frame struct {
	Cam     Camera
	Model   *session.Model
	Map     *Map
	Figures []Figure // everyone in view, back to front
	Fonts   *gfx.Fonts
	Scale   float64
	Now     time.Time
	Count   int             // frames drawn so far (for blinking and pulsing)
	Safe    image.Rectangle // the part of the screen no fixed interface bar covers: labels stay inside
}

// Layer draws one part of the room.
type Layer interface {
	Draw(dst *ebiten.Image, f *Frame)
}

// Figure is one avatar to draw this frame.
type Figure struct {
	Slot    uint32
	X, Y    float64 // map pixels, at the feet
	Face    Facing
	Moving  bool
	Profile *pb.Profile
	Self    bool
}

// World draws the room through its layers, and keeps what they share between frames: the built map
// images and the sprite sheets.
type World struct {
	Zoom    float64 // screen pixels per map pixel at scale 1
	Layers  []Layer
	Sprites Sprites

	maps     map[*session.RoomAssets]*Map
	selfFace Facing
}

// NewWorld returns a renderer with the standard layers: floor, zones, the way to a tour's next stop,
// walk target, the spotlight, speaking rings,
// avatars, what stands above them, then name tags and bubbles.
func NewWorld() *World {
	w := &World{Zoom: 1.5, maps: map[*session.RoomAssets]*Map{}}
	w.Layers = []Layer{Floor{}, Zones{}, TourPath{}, Target{}, Spotlight{}, Rings{}, Avatars{Sprites: &w.Sprites}, Above{}, &Tags{}}
	return w
}

// Prepare builds the frame for m on a screen of sw x sh device pixels, or returns nil when there is
// no room to draw.
func (w *World) Prepare(m *session.Model, sw, sh int, scale float64, fonts *gfx.Fonts, count int, safe image.Rectangle) *Frame {
	if m.Room == nil {
		return nil
	}
	mp := w.maps[m.Room.Assets]
	if mp == nil {
		mp = BuildMap(m.Room.Assets)
		w.maps[m.Room.Assets] = mp
	}
	ux, uy := m.SelfUnits()
	cam := Follow(UnitsToPx(ux), UnitsToPx(uy), w.Zoom*scale, float64(sw), float64(sh), mp.PxW, mp.PxH)
	f := &Frame{Cam: cam, Model: m, Map: mp, Fonts: fonts, Scale: scale, Now: m.Now, Count: count, Safe: safe}
	f.Figures = w.figures(m)
	return f
}

// Draw draws the frame's layers.
func (w *World) Draw(dst *ebiten.Image, f *Frame) {
	w.Sprites.BeginFrame()
	for _, l := range w.Layers {
		l.Draw(dst, f)
	}
}

// figures collects every avatar in view with its interpolated (or predicted) position.
func (w *World) figures(m *session.Model) []Figure {
	figs := make([]Figure, 0, m.Interp.Len())
	m.Interp.Slots(func(t *predict.Track) {
		if t.Slot == m.SelfSlot {
			return
		}
		p := m.Interp.Pose(t, m.Now)
		figs = append(figs, Figure{
			Slot: t.Slot, X: UnitsToPx(p.X), Y: UnitsToPx(p.Y), Face: FacingOf(p.Facing), Moving: p.Moving,
			Profile: m.Profiles[t.Slot],
		})
	})
	ux, uy := m.SelfUnits()
	if d := m.Pred.Facing(); !d.Zero() {
		w.selfFace = FacingOf(d)
	}
	figs = append(figs, Figure{
		Slot: m.SelfSlot, X: UnitsToPx(ux), Y: UnitsToPx(uy), Face: w.selfFace, Moving: m.Pred.Moving() && !m.Pred.Facing().Zero(),
		Profile: m.Profiles[m.SelfSlot], Self: true,
	})
	slices.SortFunc(figs, func(a, b Figure) int {
		switch {
		case a.Y < b.Y:
			return -1
		case a.Y > b.Y:
			return 1
		}
		return int(a.Slot) - int(b.Slot)
	})
	return figs
}

// Pick returns the avatar drawn under screen point p (the frontmost), if any.
func (f *Frame) Pick(p image.Point) (Figure, bool) {
	for i := len(f.Figures) - 1; i >= 0; i-- {
		fig := f.Figures[i]
		sx, sy := f.Cam.ToScreen(fig.X, fig.Y)
		r := image.Rect(int(sx-12*f.Cam.Zoom), int(sy-(AvatarFootY-2)*f.Cam.Zoom), int(sx+12*f.Cam.Zoom), int(sy+2*f.Cam.Zoom))
		if p.In(r) {
			return fig, true
		}
	}
	return Figure{}, false
}
