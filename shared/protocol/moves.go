package protocol

import (
	"fmt"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// Move codes of Snapshot.moves (see embassy.proto).
const (
	CodeExplicit = 8 // an explicit displacement follows
	CodeAbsolute = 9 // an absolute position follows
)

// dirs lists the standard-step directions by code: E, SE, S, SW, W, NW, N, NE.
var dirs = [8][2]int32{{1, 0}, {1, 1}, {0, 1}, {-1, 1}, {-1, 0}, {-1, -1}, {0, -1}, {1, -1}}

// DiagonalStep is the per-axis displacement of a diagonal standard step.
func DiagonalStep(step int32) int32 { return step * 181 / 256 }

// StepCode returns the code of a displacement, CodeExplicit when it is not a standard step.
func StepCode(dx, dy, step int32) uint8 {
	s := step
	if dx != 0 && dy != 0 {
		s = DiagonalStep(step)
	}
	for c, d := range dirs {
		if dx == d[0]*s && dy == d[1]*s && (dx != 0 || dy != 0) {
			return uint8(c)
		}
	}
	return CodeExplicit
}

// StepOf returns the displacement of a standard-step code (0-7).
func StepOf(code uint8, step int32) (dx, dy int32) {
	d := dirs[code]
	s := step
	if d[0] != 0 && d[1] != 0 {
		s = DiagonalStep(step)
	}
	return d[0] * s, d[1] * s
}

// MovesEncoder builds Snapshot.moves: call Next once for every slot of the view list, in order. Its
// buffers are reused between Resets, so one encoder belongs to one goroutine.
type MovesEncoder struct {
	bitmap, codes, extra []byte
	n, movers            int
}

// Reset starts a new moves field.
func (e *MovesEncoder) Reset() {
	e.bitmap, e.codes, e.extra = e.bitmap[:0], e.codes[:0], e.extra[:0]
	e.n, e.movers = 0, 0
}

// Next adds the next slot of the view list: still (moved false), or moved with a code and, for codes
// 8 and 9, the two values.
func (e *MovesEncoder) Next(moved bool, code uint8, a, b int32) {
	if e.n%8 == 0 {
		e.bitmap = append(e.bitmap, 0)
	}
	if moved {
		e.bitmap[e.n/8] |= 1 << (e.n % 8)
		if e.movers%2 == 0 {
			e.codes = append(e.codes, code&0x0f)
		} else {
			e.codes[len(e.codes)-1] |= code << 4
		}
		e.movers++
		if code == CodeExplicit || code == CodeAbsolute {
			e.extra = AppendXY(e.extra, a, b)
		}
	}
	e.n++
}

// AppendTo appends the encoded field to dst; nothing when nobody moved.
func (e *MovesEncoder) AppendTo(dst []byte) []byte {
	if e.movers == 0 {
		return dst
	}
	dst = append(dst, e.bitmap...)
	dst = append(dst, e.codes...)
	return append(dst, e.extra...)
}

// AppendXY appends two zigzag varints.
func AppendXY(dst []byte, x, y int32) []byte {
	dst = protowire.AppendVarint(dst, protowire.EncodeZigZag(int64(x)))
	return protowire.AppendVarint(dst, protowire.EncodeZigZag(int64(y)))
}

// Moved is one decoded entry: the index in the view list, and either a displacement or (Abs) a position.
type Moved struct {
	Index int
	Abs   bool
	X, Y  int32
}

// DecodeMoves decodes a moves field against a view list of n slots, calling fn for every slot that
// moved, or returns ErrMalformed.
func DecodeMoves(b []byte, n int, step int32, fn func(Moved)) error {
	if len(b) == 0 {
		return nil
	}
	nb := (n + 7) / 8
	if len(b) < nb {
		return fmt.Errorf("%w: moves bitmap needs %d bytes, have %d", ErrMalformed, nb, len(b))
	}
	bitmap, rest := b[:nb], b[nb:]
	movers := 0
	for i := 0; i < n; i++ {
		if bitmap[i/8]&(1<<(i%8)) != 0 {
			movers++
		}
	}
	if n%8 != 0 && bitmap[nb-1]>>(n%8) != 0 {
		return fmt.Errorf("%w: moves bitmap has bits past the view list", ErrMalformed)
	}
	nc := (movers + 1) / 2
	if movers == 0 || len(rest) < nc {
		return fmt.Errorf("%w: moves has %d movers and %d code bytes", ErrMalformed, movers, len(rest))
	}
	codes, extra := rest[:nc], rest[nc:]
	k := 0
	for i := 0; i < n; i++ {
		if bitmap[i/8]&(1<<(i%8)) == 0 {
			continue
		}
		code := codes[k/2] >> (4 * (k % 2)) & 0x0f
		k++
		m := Moved{Index: i}
		switch {
		case code < 8:
			m.X, m.Y = StepOf(code, step)
		case code == CodeExplicit || code == CodeAbsolute:
			var err error
			m.X, m.Y, extra, err = consumeXY(extra)
			if err != nil {
				return err
			}
			m.Abs = code == CodeAbsolute
		default:
			return fmt.Errorf("%w: invalid move code %d", ErrMalformed, code)
		}
		fn(m)
	}
	if movers%2 == 1 && codes[nc-1]>>4 != 0 {
		return fmt.Errorf("%w: moves padding nibble is not zero", ErrMalformed)
	}
	if len(extra) != 0 {
		return fmt.Errorf("%w: %d stray bytes after moves", ErrMalformed, len(extra))
	}
	return nil
}

func consumeXY(b []byte) (x, y int32, rest []byte, err error) {
	var v [2]int64
	for i := range v {
		u, n := protowire.ConsumeVarint(b)
		if n < 0 {
			return 0, 0, nil, fmt.Errorf("%w: truncated move values", ErrMalformed)
		}
		v[i], b = protowire.DecodeZigZag(u), b[n:]
		if v[i] < math.MinInt32 || v[i] > math.MaxInt32 {
			return 0, 0, nil, fmt.Errorf("%w: move value out of range", ErrMalformed)
		}
	}
	return int32(v[0]), int32(v[1]), b, nil
}
