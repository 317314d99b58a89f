// Package hud is the interface over the room, one widget per file: the room card, the room list,
// the minimap, the chat, hints, the banner, help and the exhibit reader. Widgets read the session's
// Model and call its Actions; they never touch the connection, and no message handler touches them.
//
// Adding a widget: write a type with Layout, Update and Draw (ui.Widget) in a new file here, and
// mount it in the world scene (client/scene/world.go) with one root.Mount line.
package hud

import (
	"image"

	"github.com/embassy-project/embassy/client/session"
)

// Env is what every widget of the world scene works with.
type Env struct {
	M   *session.Model
	Act session.Actions
}

// rect builds an image rectangle from float coordinates.
func rect(x, y, w, h float64) image.Rectangle {
	return image.Rect(int(x), int(y), int(x+w), int(y+h))
}

// HintBarHeight is the height of the button bar at the bottom of the screen, which other parts of
// the screen keep clear of: its buttons are big enough for a finger.
func HintBarHeight(scale float64) float64 { return 40 * scale }
