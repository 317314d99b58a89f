// Package world holds the rules client and server must agree on: the embassy map model (rooms, walls,
// zones) and the simulation of movement over it, in fixed-point integers so that a client predicting
// its own avatar computes exactly what the server computes. It never imports server, client, network,
// Redis, pion or ebiten code.
package world

// Unit is the number of fixed-point position units in one tile (one metre). Positions travel on the
// wire in these units, so quantisation is exact: what the server simulates is what the client sees.
const Unit = 64

// TilePixels is the size of one tile in the default art; maps must use 32x32 px tiles.
const TilePixels = 32

// AvatarHalf is half the side of an avatar's collision box, in units (about 0.3 m).
const AvatarHalf = 19

// Vec is a position or displacement in units.
type Vec struct{ X, Y int32 }

// Add returns v+w.
func (v Vec) Add(w Vec) Vec { return Vec{v.X + w.X, v.Y + w.Y} }

// Sub returns v-w.
func (v Vec) Sub(w Vec) Vec { return Vec{v.X - w.X, v.Y - w.Y} }

// Dist2 returns the squared distance between v and w, in units squared.
func (v Vec) Dist2(w Vec) int64 {
	dx, dy := int64(v.X-w.X), int64(v.Y-w.Y)
	return dx*dx + dy*dy
}

// Tile returns the tile that contains v.
func (v Vec) Tile() Tile { return Tile{floorDiv(v.X, Unit), floorDiv(v.Y, Unit)} }

// Tile is a tile coordinate.
type Tile struct{ X, Y int32 }

// Center returns the position at the centre of the tile.
func (t Tile) Center() Vec { return Vec{t.X*Unit + Unit/2, t.Y*Unit + Unit/2} }

// Rect is an axis-aligned rectangle in units, Min inclusive, Max exclusive.
type Rect struct{ Min, Max Vec }

// Contains reports whether p lies inside r.
func (r Rect) Contains(p Vec) bool {
	return p.X >= r.Min.X && p.X < r.Max.X && p.Y >= r.Min.Y && p.Y < r.Max.Y
}

// Center returns the centre of r.
func (r Rect) Center() Vec { return Vec{(r.Min.X + r.Max.X) / 2, (r.Min.Y + r.Max.Y) / 2} }

// Meters converts whole metres (tiles) to units.
func Meters(m int32) int32 { return m * Unit }

func floorDiv(a, b int32) int32 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
