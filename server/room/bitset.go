package room

import "math/bits"

// bitset is a fixed-size set of slots.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) set(i uint32)      { b[i/64] |= 1 << (i % 64) }
func (b bitset) clear(i uint32)    { b[i/64] &^= 1 << (i % 64) }
func (b bitset) has(i uint32) bool { return b[i/64]&(1<<(i%64)) != 0 }
func (b bitset) reset() {
	for i := range b {
		b[i] = 0
	}
}

// each calls fn for every set bit of word w (at index wi), lowest first.
func eachBit(wi int, w uint64, fn func(uint32)) {
	for w != 0 {
		t := bits.TrailingZeros64(w)
		fn(uint32(wi*64 + t))
		w &= w - 1
	}
}
