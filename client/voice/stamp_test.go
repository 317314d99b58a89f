package voice

import (
	"math"
	"testing"
	"time"

	"github.com/thesyncim/gopus"
)

// A stamped packet decodes exactly as the packet it was made from, and gives its stamp back.
func TestStampDecodesLikeTheOriginal(t *testing.T) {
	enc, err := gopus.NewEncoder(gopus.EncoderConfig{SampleRate: 48000, Channels: 1, Application: gopus.ApplicationVoIP})
	if err != nil {
		t.Fatal(err)
	}
	if err := enc.SetFrameSize(960); err != nil {
		t.Fatal(err)
	}
	plain, _ := gopus.NewDecoder(gopus.DefaultDecoderConfig(48000, 1))
	stamped, _ := gopus.NewDecoder(gopus.DefaultDecoderConfig(48000, 1))
	pcm := make([]int16, 960)
	a, b := make([]float32, 960), make([]float32, 960)
	pkt := make([]byte, 1275)
	sent := time.Unix(1700000000, 123456789)
	for f := range 20 {
		for i := range pcm {
			pcm[i] = int16(8000 * math.Sin(2*math.Pi*440*float64(f*960+i)/48000))
		}
		n, err := enc.EncodeInt16(pcm, pkt)
		if err != nil {
			t.Fatal(err)
		}
		sp, ok := appendStamped(nil, pkt[:n], 42, sent)
		if !ok {
			t.Fatalf("frame %d: code %d packet not stamped", f, pkt[0]&3)
		}
		st, ok := readStamp(sp)
		if !ok || st.Speaker != 42 || !st.Sent.Equal(sent) {
			t.Fatalf("frame %d: stamp read back as %+v, %v", f, st, ok)
		}
		if _, ok := readStamp(pkt[:n]); ok {
			t.Fatalf("frame %d: an unstamped packet reads as stamped", f)
		}
		na, err := plain.Decode(pkt[:n], a)
		if err != nil {
			t.Fatal(err)
		}
		nb, err := stamped.Decode(sp, b)
		if err != nil {
			t.Fatalf("frame %d: stamped packet: %v", f, err)
		}
		if na != nb {
			t.Fatalf("frame %d: %d samples plain, %d stamped", f, na, nb)
		}
		for i := range na {
			if a[i] != b[i] {
				t.Fatalf("frame %d sample %d: %v plain, %v stamped", f, i, a[i], b[i])
			}
		}
	}
}
