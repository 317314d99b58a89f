package scene

import (
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/hud"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/render"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/world"
)

// WorldView is the room itself as a widget: it draws the renderer's layers and is the walk
// controller, turning held keys, clicks and taps, the wheel, a pinch and E into Actions. A click or
// tap on a person opens their menu (so does a right click); on the floor it walks there; on an
// exhibit it walks up and reads it. It holds the focus by default
// and takes input last.
type WorldView struct {
	hud.Env
	R *render.World
	// OnAvatar is called when someone clicks, taps or right-clicks a person (not yourself).
	OnAvatar func(slot uint32, at image.Point)
	frame    *render.Frame // prepared for this frame's Draw
	cam      render.Camera // of the last frame drawn, for clicks
	shown    bool
}

// Focusable implements ui.Focuser.
func (v *WorldView) Focusable() bool { return true }

// Layout implements ui.Widget.
func (v *WorldView) Layout(*ui.Context) {}

// Update implements ui.Widget.
func (v *WorldView) Update(c *ui.Context, in *ui.Input) {
	held := world.Dir{}
	if c.Focused(v) {
		held = ui.HeldDir(in)
		switch {
		case in.Take(ui.Read):
			if !v.Act.ReadNearest(false) {
				v.Act.Tell(msg.T("Walk up to an exhibit (the glowing i) and press E to read it."))
			}
		case in.Take(ui.ZoomIn):
			v.zoom(1.1)
		case in.Take(ui.ZoomOut):
			v.zoom(1 / 1.1)
		}
	}
	v.Act.Hold(held)
	if dy := in.TakeWheel(c.Screen); dy != 0 {
		v.zoom(math.Pow(1.1, dy))
	}
	v.zoom(in.TakePinch())
	if in.TakeRightClick(c.Screen) {
		v.person(in.Cursor)
	}
	if v.shown && in.TakeClick(c.Screen) {
		c.Focus(v)
		if !v.person(in.Cursor) { // a tap on someone opens their menu; elsewhere it walks or reads
			v.Act.Activate(v.cam.ToWorld(float64(in.Cursor.X), float64(in.Cursor.Y)))
		}
	}
}

// person opens the menu of the person drawn at p (not yourself) and reports whether there was one.
func (v *WorldView) person(p image.Point) bool {
	if v.frame == nil || v.OnAvatar == nil {
		return false
	}
	fig, ok := v.frame.Pick(p)
	if ok && !fig.Self {
		v.OnAvatar(fig.Slot, p)
	}
	return ok && !fig.Self
}

// zoom zooms the view by factor, within its limits.
func (v *WorldView) zoom(factor float64) { v.R.Zoom = min(max(v.R.Zoom*factor, 0.5), 4) }

// Prepare builds this frame's picture of the room, before any widget draws.
func (v *WorldView) Prepare(c *ui.Context, safe image.Rectangle) {
	v.frame = v.R.Prepare(v.M, c.Screen.Dx(), c.Screen.Dy(), c.Scale, c.Fonts, c.Frame, safe)
	v.shown = v.frame != nil
	if v.frame != nil {
		v.cam = v.frame.Cam
	}
}

// Draw implements ui.Widget.
func (v *WorldView) Draw(dst *ebiten.Image, c *ui.Context) {
	if v.frame != nil {
		v.R.Draw(dst, v.frame)
	}
}

// Bounds implements ui.Bounded: the whole screen, under every panel.
func (v *WorldView) Bounds() image.Rectangle { return image.Rect(-1<<20, -1<<20, 1<<20, 1<<20) }
