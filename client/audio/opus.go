package audio

import (
	"fmt"

	"github.com/thesyncim/gopus"
)

// Opus is github.com/thesyncim/gopus, a pure-Go encoder and decoder: the client builds without
// cgo and for the browser. The README's "Voice audio in the client" gives the measurements behind
// the choice (against libopus through cgo and pion's decoder-only opus).

// Encoder turns one frame of mono PCM into one packet.
type Encoder interface {
	// Encode encodes FrameSamples samples of pcm into packet and returns the packet's length.
	Encode(pcm []int16, packet []byte) (int, error)
}

// Decoder turns packets back into frames of mono PCM, and invents a frame for a lost packet.
type Decoder interface {
	// Decode decodes packet into pcm (FrameSamples samples) and returns the samples written. A nil
	// packet is a lost frame: the decoder conceals it (PLC) from what it heard before.
	Decode(packet []byte, pcm []int16) (int, error)
	// DecodeFEC rebuilds the lost frame before next from next's in-band FEC data, or conceals it
	// when next carries none. It does not consume next: decode next itself afterwards.
	DecodeFEC(next []byte, pcm []int16) (int, error)
}

// OpusConfig is how the encoder is set up. The zero value is not valid; start from DefaultOpus.
type OpusConfig struct {
	Bitrate    int  // bits per second
	Complexity int  // 0..10: CPU against quality
	FEC        bool // in-band forward error correction (LBRR), for a listener that loses one packet
	LossPct    int  // the loss the encoder expects, which sizes the FEC it adds
}

// DefaultOpus is the voice setting: 32 kbit/s VoIP with in-band FEC tuned for 5% loss.
var DefaultOpus = OpusConfig{Bitrate: 32000, Complexity: 10, FEC: true, LossPct: 5}

// OpusEncoder is an Encoder for 48 kHz mono 20 ms frames. One goroutine at a time may use it.
type OpusEncoder struct {
	enc *gopus.Encoder
}

// NewOpusEncoder returns an encoder set up as cfg says.
func NewOpusEncoder(cfg OpusConfig) (*OpusEncoder, error) {
	enc, err := gopus.NewEncoder(gopus.EncoderConfig{SampleRate: SampleRate, Channels: 1, Application: gopus.ApplicationVoIP})
	if err != nil {
		return nil, fmt.Errorf("opus encoder: %w", err)
	}
	if err := enc.SetBitrate(cfg.Bitrate); err != nil {
		return nil, fmt.Errorf("opus encoder: bitrate %d: %w", cfg.Bitrate, err)
	}
	if err := enc.SetComplexity(cfg.Complexity); err != nil {
		return nil, fmt.Errorf("opus encoder: complexity %d: %w", cfg.Complexity, err)
	}
	enc.SetFEC(cfg.FEC)
	if err := enc.SetPacketLoss(cfg.LossPct); err != nil {
		return nil, fmt.Errorf("opus encoder: packet loss %d%%: %w", cfg.LossPct, err)
	}
	if err := enc.SetFrameSize(FrameSamples); err != nil {
		return nil, fmt.Errorf("opus encoder: frame size: %w", err)
	}
	return &OpusEncoder{enc: enc}, nil
}

// Encode implements Encoder.
func (e *OpusEncoder) Encode(pcm []int16, packet []byte) (int, error) {
	if len(pcm) != FrameSamples {
		return 0, fmt.Errorf("opus encode: %d samples, want %d", len(pcm), FrameSamples)
	}
	n, err := e.enc.EncodeInt16(pcm, packet)
	if err != nil {
		return 0, fmt.Errorf("opus encode: %w", err)
	}
	return n, nil
}

// OpusDecoder is a Decoder for 48 kHz mono. One goroutine at a time may use it.
type OpusDecoder struct {
	dec *gopus.Decoder
	buf []float32 // decoded frame before conversion; up to 120 ms, the longest Opus packet
}

// NewOpusDecoder returns a decoder for 48 kHz mono.
func NewOpusDecoder() (*OpusDecoder, error) {
	dec, err := gopus.NewDecoder(gopus.DefaultDecoderConfig(SampleRate, 1))
	if err != nil {
		return nil, fmt.Errorf("opus decoder: %w", err)
	}
	return &OpusDecoder{dec: dec, buf: make([]float32, 6*FrameSamples)}, nil
}

// Decode implements Decoder. A packet longer than pcm (Opus allows up to 120 ms) is cut to pcm.
func (d *OpusDecoder) Decode(packet []byte, pcm []int16) (int, error) {
	if len(packet) == 0 {
		return d.conceal(nil, pcm, false)
	}
	n, err := d.dec.Decode(packet, d.buf)
	if err != nil {
		return 0, fmt.Errorf("opus decode: %w", err)
	}
	return floatToInt16(d.buf[:n], pcm), nil
}

// DecodeFEC implements Decoder.
func (d *OpusDecoder) DecodeFEC(next []byte, pcm []int16) (int, error) {
	return d.conceal(next, pcm, true)
}

// conceal produces one frame for a lost packet: from next's FEC data when fec is set and next has
// it, by concealment otherwise.
func (d *OpusDecoder) conceal(next []byte, pcm []int16, fec bool) (int, error) {
	frame := d.buf[:min(len(pcm), FrameSamples)]
	var n int
	var err error
	if fec && len(next) > 0 {
		n, err = d.dec.DecodeWithFEC(next, frame, true)
	} else {
		n, err = d.dec.Decode(nil, frame)
	}
	if err != nil {
		return 0, fmt.Errorf("opus conceal: %w", err)
	}
	return floatToInt16(frame[:n], pcm), nil
}

// floatToInt16 converts samples in -1..1 to int16, saturating, and returns how many it wrote.
func floatToInt16(in []float32, out []int16) int {
	n := min(len(in), len(out))
	for i, v := range in[:n] {
		out[i] = toInt16(v)
	}
	return n
}

func toInt16(v float32) int16 {
	v *= 32768
	switch {
	case v >= 32767:
		return 32767
	case v <= -32768:
		return -32768
	}
	return int16(v)
}
