package voice

import "testing"

// An answer may declare one stream per media section (with its repair stream); more are refused
// before pion sees them.
func TestCheckAnswer(t *testing.T) {
	head := "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
	audio := "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendonly\r\na=rtpmap:111 opus/48000/2\r\n"
	for _, tc := range []struct {
		name, sdp string
		ok        bool
	}{
		{"no stream", head + audio, true},
		{"one stream", head + audio + "a=ssrc:1 cname:x\r\na=ssrc:1 msid:s mic\r\n", true},
		{"with its repair stream", head + audio + "a=ssrc-group:FID 1 2\r\na=ssrc:1 msid:s mic\r\na=ssrc:2 msid:s mic\r\n", true},
		{"two streams", head + audio + "a=ssrc:7 msid:s twin\r\na=ssrc:1 cname:x\r\na=ssrc:1 msid:s mic\r\n", false},
		{"not SDP", "v=0\r\nthis is not an answer\r\n", false},
	} {
		if err := checkAnswer(tc.sdp); (err == nil) != tc.ok {
			t.Errorf("%s: err %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}
