package world

// DefaultSpeed is how fast avatars walk, in units per second (3.75 m/s, a brisk walk).
const DefaultSpeed = 240

// diagonal scales a step on each axis when moving diagonally: 181/256 ≈ 1/√2.
const diagonalNum, diagonalDen = 181, 256

// Dir is a held movement direction: each component is -1, 0 or 1.
type Dir struct{ X, Y int8 }

// Valid reports whether d is one of the nine allowed directions.
func (d Dir) Valid() bool { return d.X >= -1 && d.X <= 1 && d.Y >= -1 && d.Y <= 1 }

// DirOf returns the direction of a displacement (each component -1, 0 or 1), for facing and
// animation.
func DirOf(d Vec) Dir { return Dir{X: int8(sign(d.X)), Y: int8(sign(d.Y))} }

// Zero reports whether d means standing still.
func (d Dir) Zero() bool { return d.X == 0 && d.Y == 0 }

// StepPerTick converts a speed in units per second to the distance covered in one tick.
func StepPerTick(speed, tickHz int) int32 {
	if tickHz <= 0 {
		return 0
	}
	s := int32(speed / tickHz)
	return min(max(s, 1), Unit-1) // keep a step shorter than a tile so collision never tunnels
}

// Step moves p one tick in direction d, sliding along walls: X first, then Y.
func (r *Room) Step(p Vec, d Dir, step int32) Vec {
	if d.Zero() {
		return p
	}
	if d.X != 0 && d.Y != 0 {
		step = step * diagonalNum / diagonalDen
	}
	p = r.moveAxis(p, int32(d.X)*step, 0)
	return r.moveAxis(p, 0, int32(d.Y)*step)
}

// StepToward moves p about step units (never a whole unit more) straight toward target, sliding
// along walls. It returns the new position and whether target was reached. Each component is rounded
// to the nearest unit, so a shallow line still advances along its small axis and re-aims every tick.
func (r *Room) StepToward(p, target Vec, step int32) (Vec, bool) {
	d := target.Sub(p)
	d2 := int64(d.X)*int64(d.X) + int64(d.Y)*int64(d.Y)
	if d2 <= int64(step)*int64(step) {
		q := r.moveAxis(p, d.X, 0)
		q = r.moveAxis(q, 0, d.Y)
		return q, q == target
	}
	dist := isqrt(d2)
	if dist*dist < d2 {
		dist++ // ceiling: never overshoot by rounding the divisor down
	}
	mx := int32(roundDiv(int64(d.X)*int64(step), dist))
	my := int32(roundDiv(int64(d.Y)*int64(step), dist))
	q := r.moveAxis(p, mx, 0)
	return r.moveAxis(q, 0, my), false
}

// roundDiv divides rounding half away from zero; d > 0.
func roundDiv(n, d int64) int64 {
	if n < 0 {
		return -((-n + d/2) / d)
	}
	return (n + d/2) / d
}

// moveAxis moves p by (dx, 0) or (0, dy), backing off one unit at a time until the avatar's box fits.
func (r *Room) moveAxis(p Vec, dx, dy int32) Vec {
	for dx != 0 || dy != 0 {
		q := Vec{p.X + dx, p.Y + dy}
		if r.Fits(q) {
			return q
		}
		dx -= sign(dx)
		dy -= sign(dy)
	}
	return p
}

// Fits reports whether an avatar's box centred at p touches no blocked tile.
func (r *Room) Fits(p Vec) bool {
	lo := Vec{p.X - AvatarHalf, p.Y - AvatarHalf}.Tile()
	hi := Vec{p.X + AvatarHalf, p.Y + AvatarHalf}.Tile()
	for y := lo.Y; y <= hi.Y; y++ {
		for x := lo.X; x <= hi.X; x++ {
			if r.Blocked(Tile{x, y}) {
				return false
			}
		}
	}
	return true
}

func sign(v int32) int32 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// isqrt returns floor(sqrt(n)) for n >= 0, in integers so that every platform agrees.
func isqrt(n int64) int64 {
	if n <= 0 {
		return 0
	}
	x := n
	y := (x + 1) / 2
	for y < x {
		x = y
		y = (x + n/x) / 2
	}
	return x
}
