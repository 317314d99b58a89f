package audio

import "testing"

// ToneLoop's packets decode to its tone, each with the level of a 0.3 full-scale sine.
func TestToneLoopDecodes(t *testing.T) {
	packets, levels, err := ToneLoop(660)
	if err != nil {
		t.Fatal(err)
	}
	if len(packets) != 50 || len(levels) != 50 {
		t.Fatalf("%d packets, %d levels; want 50", len(packets), len(levels))
	}
	dec, err := NewOpusDecoder()
	if err != nil {
		t.Fatal(err)
	}
	var pcm []int16
	frame := make([]int16, FrameSamples)
	for _, p := range packets {
		n, err := dec.Decode(p, frame)
		if err != nil {
			t.Fatal(err)
		}
		pcm = append(pcm, frame[:n]...)
	}
	if !HasTone(pcm[len(pcm)-10*FrameSamples:], 660, 440) {
		t.Fatal("the loop does not decode to 660 Hz")
	}
	if levels[10] < 8 || levels[10] > 14 { // 0.3 of full scale, RMS: about -13.5 dBov
		t.Fatalf("level %d -dBov; want about 13", levels[10])
	}
}
