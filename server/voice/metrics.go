package voice

import "github.com/prometheus/client_golang/prometheus"

// metrics are what an operator watches of the SFU.
type metrics struct {
	publishers    prometheus.Gauge
	participants  prometheus.Gauge
	subscriptions prometheus.Gauge
	forwarded     prometheus.Counter
	dropped       *prometheus.CounterVec
	switches      prometheus.Counter
	latency       prometheus.Histogram // per packet, to its last listener
	delivery      prometheus.Histogram // per listener's copy of a packet
}

// forwardBuckets are the SFU's time buckets: fine up to 20 ms, where voice should be.
var forwardBuckets = []float64{.0001, .00025, .0005, .001, .002, .003, .005, .0075, .01, .015, .02, .05, .1}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		publishers: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "embassy_voice_publishers", Help: "Participants whose microphone track is being received.",
		}),
		participants: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "embassy_voice_participants", Help: "Connections in voice (a PeerConnection each).",
		}),
		subscriptions: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "embassy_voice_subscriptions", Help: "Slots carrying a speaker to a listener.",
		}),
		forwarded: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "embassy_voice_packets_forwarded_total", Help: "RTP packets written to listeners' slots.",
		}),
		dropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "embassy_voice_packets_dropped_total", Help: "RTP packets not forwarded, by reason (muted; queue: a fan-out shard fell behind; write: pion refused it; send: the kernel refused a batched datagram).",
		}, []string{"reason"}),
		switches: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "embassy_voice_slot_switches_total", Help: "Times a slot's stream changed speaker.",
		}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "embassy_voice_forward_seconds",
			Help:    "The SFU's own time per packet: from reading it off the speaker's track to its last write to a listener, on whichever fan-out shard finishes last.",
			Buckets: forwardBuckets,
		}),
		delivery: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "embassy_voice_delivery_seconds",
			Help:    "The SFU's own time per listener: from reading a packet off the speaker's track to sending that listener's copy (to within one batch of datagrams).",
			Buckets: forwardBuckets,
		}),
	}
	if reg != nil {
		reg.MustRegister(m.publishers, m.participants, m.subscriptions, m.forwarded, m.dropped, m.switches, m.latency, m.delivery)
	}
	return m
}
