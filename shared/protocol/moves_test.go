package protocol

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestStepCodeStepOf(t *testing.T) {
	// The directions in code order, as embassy.proto lists them (y grows southwards).
	want := []struct {
		name   string
		dx, dy int32
	}{{"E", 1, 0}, {"SE", 1, 1}, {"S", 0, 1}, {"SW", -1, 1}, {"W", -1, 0}, {"NW", -1, -1}, {"N", 0, -1}, {"NE", 1, -1}}
	for _, step := range []int32{2, 8, 12, 17, 40, 63, 1000} {
		diag := step * 181 / 256
		for code, d := range want {
			s := step
			if d.dx != 0 && d.dy != 0 {
				s = diag
			}
			dx, dy := StepOf(uint8(code), step)
			if dx != d.dx*s || dy != d.dy*s {
				t.Errorf("StepOf(%d /*%s*/, %d) = (%d, %d), want (%d, %d)", code, d.name, step, dx, dy, d.dx*s, d.dy*s)
			}
			if got := StepCode(dx, dy, step); got != uint8(code) {
				t.Errorf("StepCode(%d, %d, %d) = %d, want %d (%s)", dx, dy, step, got, code, d.name)
			}
		}
	}
	if got := DiagonalStep(12); got != 8 {
		t.Errorf("DiagonalStep(12) = %d, want 8", got)
	}
}

func TestStepCodeExplicit(t *testing.T) {
	tests := []struct {
		dx, dy, step int32
	}{
		{0, 0, 12},   // standing still is not a step
		{11, 0, 12},  // short step (slid against a wall)
		{12, 12, 12}, // diagonal at full speed per axis
		{8, 7, 12},
		{8, 0, 12}, // a diagonal's length on one axis
		{0, 13, 12},
		{-12, 1, 12},
		{24, 0, 12}, // two steps
		{0, 0, 0},
		{0, 0, 1}, // diagonal of step 1 truncates to (0,0): still not a code
		{1, 1, 1},
	}
	for _, tt := range tests {
		if got := StepCode(tt.dx, tt.dy, tt.step); got != CodeExplicit {
			t.Errorf("StepCode(%d, %d, %d) = %d, want CodeExplicit", tt.dx, tt.dy, tt.step, got)
		}
	}
}

// encMove is one slot of a view list for the encoder: still, or moved with a code and values.
type encMove struct {
	moved bool
	code  uint8
	a, b  int32
}

func encodeMoves(ms []encMove) []byte {
	var e MovesEncoder
	e.Reset()
	for _, m := range ms {
		e.Next(m.moved, m.code, m.a, m.b)
	}
	return e.AppendTo(nil)
}

// wantMoved is what DecodeMoves must report for ms.
func wantMoved(ms []encMove, step int32) []Moved {
	var out []Moved
	for i, m := range ms {
		if !m.moved {
			continue
		}
		mv := Moved{Index: i, X: m.a, Y: m.b, Abs: m.code == CodeAbsolute}
		if m.code < 8 {
			mv.X, mv.Y = StepOf(m.code, step)
		}
		out = append(out, mv)
	}
	return out
}

func decodeAll(b []byte, n int, step int32) ([]Moved, error) {
	var got []Moved
	err := DecodeMoves(b, n, step, func(m Moved) { got = append(got, m) })
	return got, err
}

func TestMovesRoundTripRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 43))
	values := []int32{0, 1, -1, 63, -64, 1 << 20, math.MaxInt32, math.MinInt32}
	randValue := func() int32 {
		if rng.IntN(2) == 0 {
			return values[rng.IntN(len(values))]
		}
		return rng.Int32() - 1<<30
	}
	var enc MovesEncoder // reused across iterations, as a room does
	for iter := range 2000 {
		n := rng.IntN(70)
		switch iter {
		case 0:
			n = 8
		case 1:
			n = 16
		case 2:
			n = 1
		}
		step := int32(1 + rng.IntN(63))
		ms := make([]encMove, n)
		for i := range ms {
			if rng.IntN(3) == 0 {
				continue
			}
			switch c := uint8(rng.IntN(10)); {
			case c < 8:
				ms[i] = encMove{moved: true, code: c}
			default:
				ms[i] = encMove{moved: true, code: c, a: randValue(), b: randValue()}
			}
		}
		if iter == 3 && n > 0 { // everyone moved
			for i := range ms {
				ms[i] = encMove{moved: true, code: uint8(i % 8)}
			}
		}
		enc.Reset()
		for _, m := range ms {
			enc.Next(m.moved, m.code, m.a, m.b)
		}
		b := enc.AppendTo([]byte("prefix"))[len("prefix"):]
		want := wantMoved(ms, step)
		if len(want) == 0 {
			if len(b) != 0 {
				t.Fatalf("iter %d: nobody moved but the field is %x", iter, b)
			}
			continue
		}
		movers := len(want)
		if wantLen := (n+7)/8 + (movers+1)/2; len(b) < wantLen {
			t.Fatalf("iter %d: field is %d bytes, bitmap and codes alone need %d", iter, len(b), wantLen)
		}
		got, err := decodeAll(b, n, step)
		if err != nil {
			t.Fatalf("iter %d: DecodeMoves(%x, %d): %v", iter, b, n, err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("iter %d: DecodeMoves = %v, want %v", iter, got, want)
		}
	}
}

func TestMovesEncoding(t *testing.T) {
	// Hand-checked bytes for the format in embassy.proto.
	tests := []struct {
		name string
		ms   []encMove
		want []byte
	}{
		{"nobody moved", []encMove{{}, {}, {}}, nil},
		{"empty view list", nil, nil},
		{"one mover", []encMove{{}, {moved: true, code: 2}}, []byte{0b10, 0x02}},
		{"two movers share a code byte", []encMove{{moved: true, code: 6}, {}, {moved: true, code: 1}}, []byte{0b101, 0x16}},
		{"explicit", []encMove{{moved: true, code: CodeExplicit, a: -3, b: 2}}, []byte{0b1, 0x08, 5, 4}},
		{"absolute after a step", []encMove{{moved: true, code: 0}, {moved: true, code: CodeAbsolute, a: 64, b: 0}}, []byte{0b11, 0x90, 0x80, 0x01, 0}},
		{"ninth slot", []encMove{{}, {}, {}, {}, {}, {}, {}, {}, {moved: true, code: 7}}, []byte{0, 1, 0x07}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := encodeMoves(tt.ms)
			if !slices.Equal(got, tt.want) {
				t.Errorf("encoded %x, want %x", got, tt.want)
			}
			dec, err := decodeAll(tt.want, len(tt.ms), 12)
			if err != nil {
				t.Fatalf("DecodeMoves(%x): %v", tt.want, err)
			}
			if want := wantMoved(tt.ms, 12); !slices.Equal(dec, want) {
				t.Errorf("DecodeMoves = %v, want %v", dec, want)
			}
		})
	}
}

func TestDecodeMovesRejects(t *testing.T) {
	tests := []struct {
		name string
		b    []byte
		n    int
	}{
		{"short bitmap", []byte{0xff}, 9},
		{"bitmap only", []byte{0b1}, 1},
		{"bits past n", []byte{0b100, 0x00}, 2},
		{"high bit past n", []byte{0b1000_0001, 0x00}, 7},
		{"no movers", []byte{0, 0}, 8},
		{"view list empty", []byte{0x01}, 0},
		{"missing code byte", []byte{0b111, 0x00}, 3},
		{"code 10", []byte{0b1, 0x0a}, 1},
		{"code 15", []byte{0b1, 0x0f}, 1},
		{"code 12 in high nibble", []byte{0b11, 0xc0}, 2},
		{"explicit without values", []byte{0b1, 0x08}, 1},
		{"explicit with one value", []byte{0b1, 0x08, 0x02}, 1},
		{"absolute with truncated varint", []byte{0b1, 0x09, 0x02, 0x80}, 1},
		{"value past int32", append([]byte{0b1, 0x08, 0}, 0x80, 0x80, 0x80, 0x80, 0x10), 1},
		{"stray byte", []byte{0b1, 0x00, 0x00}, 1},
		{"stray byte after values", []byte{0b1, 0x08, 2, 2, 7}, 1},
		{"padding nibble", []byte{0b1, 0x10}, 1},
		{"padding nibble with three movers", []byte{0b111, 0x00, 0x30}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeAll(tt.b, tt.n, 12)
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("DecodeMoves(%x, %d) = %v, want ErrMalformed", tt.b, tt.n, err)
			}
		})
	}
	// The same fields are fine once fixed, so the cases above fail for the reason they name.
	fixed := []struct {
		b []byte
		n int
	}{
		{[]byte{0xff, 0x01, 0, 0, 0, 0, 0}, 9},
		{[]byte{0b1, 0x00}, 1},
		{[]byte{0b10, 0x00}, 2},
		{[]byte{0b0100_0001, 0x00}, 7},
		{[]byte{0b111, 0x00, 0x00}, 3},
		{[]byte{0b1, 0x08, 0x02, 0x00}, 1},
		{[]byte{0b1, 0x08, 0xfe, 0xff, 0xff, 0xff, 0x0f, 0}, 1}, // MaxInt32
		{nil, 5},
	}
	for _, f := range fixed {
		if _, err := decodeAll(f.b, f.n, 12); err != nil {
			t.Errorf("DecodeMoves(%x, %d) = %v, want success", f.b, f.n, err)
		}
	}
}

func TestAppendXY(t *testing.T) {
	for _, v := range [][2]int32{{0, 0}, {-1, 1}, {math.MaxInt32, math.MinInt32}} {
		b := AppendXY(nil, v[0], v[1])
		x, y, rest, err := consumeXY(b)
		if err != nil || x != v[0] || y != v[1] || len(rest) != 0 {
			t.Errorf("consumeXY(AppendXY(%v)) = %d, %d, %x, %v", v, x, y, rest, err)
		}
	}
}

func BenchmarkMovesEncodeDecode(b *testing.B) {
	const n = 200
	var e MovesEncoder
	for b.Loop() {
		e.Reset()
		for i := range n {
			e.Next(i%3 == 0, uint8(i%10), int32(i), -int32(i))
		}
		buf := e.AppendTo(nil)
		if err := DecodeMoves(buf, n, 12, func(Moved) {}); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleDecodeMoves() {
	var e MovesEncoder
	e.Reset()
	e.Next(false, 0, 0, 0)             // slot 0 stood still
	e.Next(true, 0, 0, 0)              // slot 1 stepped east
	e.Next(true, CodeAbsolute, 640, 8) // slot 2 teleported
	b := e.AppendTo(nil)
	_ = DecodeMoves(b, 3, 12, func(m Moved) { fmt.Printf("%+v\n", m) })
	// Output:
	// {Index:1 Abs:false X:12 Y:0}
	// {Index:2 Abs:true X:640 Y:8}
}
