package session

import (
	"github.com/embassy-project/embassy/shared/world"
)

// Held is the state of the four movement keys (arrows or WASD).
type Held struct{ Up, Down, Left, Right bool }

// Dir turns held keys into a direction; opposite keys cancel.
func (h Held) Dir() world.Dir {
	var d world.Dir
	if h.Left {
		d.X--
	}
	if h.Right {
		d.X++
	}
	if h.Up {
		d.Y--
	}
	if h.Down {
		d.Y++
	}
	return d
}

// MoveSender decides when a Move must be sent: the protocol holds a direction until the next Move,
// so only changes of the held direction go on the wire.
type MoveSender struct {
	sent world.Dir
}

// Update takes the direction held this frame and reports whether to send it.
func (m *MoveSender) Update(d world.Dir) bool {
	if d == m.sent {
		return false
	}
	m.sent = d
	return true
}

// Walked records that a WalkTo was sent: the server dropped the held direction, so releasing the
// keys must not send a stop that would cut the walk short.
func (m *MoveSender) Walked() { m.sent = world.Dir{} }

// Reset forgets what was sent (a new room or connection holds nothing).
func (m *MoveSender) Reset() { *m = MoveSender{} }
