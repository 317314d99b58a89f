package voice

import (
	"fmt"
	"testing"

	"github.com/pion/webrtc/v4"
)

// The browser finds a received track's slot by its transceiver's mid: slotsByMid reads them from
// an offer made as the server makes it (a receiving m-line for the microphone, then one sending
// m-line per slot track "slot<i>" of stream "embassy").
func TestSlotsByMid(t *testing.T) {
	pc, err := webrtc.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	if _, err := pc.AddTransceiverFromKind(webrtc.RTPCodecTypeAudio, webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionRecvonly}); err != nil {
		t.Fatal(err)
	}
	for i := range Slots {
		tr, err := webrtc.NewTrackLocalStaticRTP(opus, fmt.Sprintf("slot%d", i), "embassy")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pc.AddTransceiverFromTrack(tr, webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionSendonly}); err != nil {
			t.Fatal(err)
		}
	}
	offer, err := pc.CreateOffer(nil)
	if err != nil {
		t.Fatal(err)
	}
	got := slotsByMid(offer.SDP)
	if len(got) != Slots {
		t.Fatalf("%d slots found, want %d: %v\n%s", len(got), Slots, got, offer.SDP)
	}
	for _, tr := range pc.GetTransceivers()[1:] {
		want, _ := slotOf(tr.Sender().Track().ID())
		if s, ok := got[tr.Mid()]; !ok || s != want {
			t.Errorf("mid %q: slot %d (found %v), want %d", tr.Mid(), s, ok, want)
		}
	}
	if _, ok := got[pc.GetTransceivers()[0].Mid()]; ok {
		t.Error("the microphone's m-line was taken for a slot")
	}
	if n := len(slotsByMid("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=msid:embassy slot99\r\n")); n != 0 {
		t.Errorf("a slot out of range was read: %d", n)
	}
}
