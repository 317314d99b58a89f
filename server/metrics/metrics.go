// Package metrics defines the Prometheus metrics an operator watches (connections, rooms, tick
// duration, queue drops) on a registry of its own, and implements the small metric interfaces the
// room and gateway packages declare.
package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is the server's set of metrics.
type Metrics struct {
	reg *prometheus.Registry

	Connected      prometheus.Gauge
	Sessions       *prometheus.CounterVec // closed sessions by reason
	MessagesIn     *prometheus.CounterVec // by message type
	BytesOut       prometheus.Counter
	MessagesOut    prometheus.Counter
	Dropped        *prometheus.CounterVec // by reason
	Occupants      *prometheus.GaugeVec   // by room
	Rooms          prometheus.Gauge
	TickSeconds    *prometheus.HistogramVec
	RoomPanics     *prometheus.CounterVec
	PresenceErrors prometheus.Counter
	Refusals       *prometheus.CounterVec // by reason
	RedisUp        prometheus.Gauge
}

// tickBuckets are the tick histogram's upper bounds: 1 ms steps up to 20 ms, so that a quantile
// near the 10 ms target is read from a bucket 1 ms wide, not interpolated across a wide one.
var tickBuckets = []float64{
	.0001, .00025, .0005, .001, .002, .003, .004, .005, .006, .007, .008, .009, .01,
	.011, .012, .013, .014, .015, .016, .017, .018, .019, .02, .025, .03, .04, .05, .075, .1, .25,
}

// New registers every metric, plus the Go runtime and process collectors, on a fresh registry.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		Connected: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "embassy_connected_clients", Help: "WebSocket clients connected to this node.",
		}),
		Sessions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "embassy_sessions_closed_total",
			Help: "Sessions ended or turned away at the handshake, by cause: normal (the client closed), reset (the connection broke without a close frame), no_pong (no answer to pings for the liveness window: stopped reading), too_slow, kicked, redirected, shutdown, protocol, malformed, policy, rate_limited, too_big, not_binary, client_error, version, no_hello, bad_token, bad_ticket, name_taken, unavailable, other.",
		}, []string{"reason"}),
		MessagesIn: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "embassy_messages_in_total", Help: "Client messages received, by type.",
		}, []string{"type"}),
		BytesOut: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "embassy_bytes_out_total", Help: "Payload bytes queued to clients.",
		}),
		MessagesOut: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "embassy_messages_out_total", Help: "Messages queued to clients.",
		}),
		Dropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "embassy_dropped_messages_total", Help: "Messages dropped, by reason (slow_client, room_busy, presence_queue).",
		}, []string{"reason"}),
		Occupants: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "embassy_room_occupants", Help: "Avatars in each room hosted by this node.",
		}, []string{"room"}),
		Rooms: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "embassy_rooms", Help: "Rooms simulated by this node.",
		}),
		TickSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "embassy_room_tick_seconds",
			Help:    "Time one room tick takes (commands, movement, every member's view).",
			Buckets: tickBuckets,
		}, []string{"room"}),
		RoomPanics: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "embassy_room_panics_total", Help: "Room ticks that panicked and restarted the room.",
		}, []string{"room"}),
		PresenceErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "embassy_presence_errors_total", Help: "Presence store operations that failed.",
		}),
		Refusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "embassy_refusals_total",
			Help: "Requests refused (Refused messages, and connections turned away because a service is unavailable), by reason: invalid, rate_limited, too_long, not_allowed, no_such_room, no_such_user, room_full, room_empty, unreachable, room_busy, unavailable (Redis or another node cannot be reached), other.",
		}, []string{"reason"}),
		RedisUp: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "embassy_redis_up", Help: "1 while this node reaches Redis (0 during an outage; unused without Redis).",
		}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.Connected, m.Sessions, m.MessagesIn, m.BytesOut, m.MessagesOut, m.Dropped, m.Occupants,
		m.Rooms, m.TickSeconds, m.RoomPanics, m.PresenceErrors, m.Refusals, m.RedisUp,
	)
	return m
}

// Registry returns the registry, for registering more collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves /metrics.
func (m *Metrics) Handler() http.Handler { return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}) }

// ObserveTick implements room.Metrics.
func (m *Metrics) ObserveTick(room string, d time.Duration) {
	m.TickSeconds.WithLabelValues(room).Observe(d.Seconds())
}

// CommandDropped implements room.Metrics.
func (m *Metrics) CommandDropped(string) { m.Dropped.WithLabelValues("room_busy").Inc() }

// Panicked implements room.Metrics.
func (m *Metrics) Panicked(room string) { m.RoomPanics.WithLabelValues(room).Inc() }

// SessionOpened implements gateway.Metrics.
func (m *Metrics) SessionOpened() { m.Connected.Inc() }

// SessionClosed implements gateway.Metrics.
func (m *Metrics) SessionClosed(reason string) {
	m.Sessions.WithLabelValues(reason).Inc()
	m.Connected.Dec()
}

// SessionRejected implements gateway.Metrics: a connection that never completed its handshake.
func (m *Metrics) SessionRejected(reason string) { m.Sessions.WithLabelValues(reason).Inc() }

// MessageIn implements gateway.Metrics.
func (m *Metrics) MessageIn(kind string) { m.MessagesIn.WithLabelValues(kind).Inc() }

// MessageOut implements gateway.Metrics.
func (m *Metrics) MessageOut(bytes int) {
	m.MessagesOut.Inc()
	m.BytesOut.Add(float64(bytes))
}

// PresenceFailed implements gateway.Metrics.
func (m *Metrics) PresenceFailed() { m.PresenceErrors.Inc() }

// SlowClientDropped implements gateway.Metrics.
func (m *Metrics) SlowClientDropped() { m.Dropped.WithLabelValues("slow_client").Inc() }

// Refused implements gateway.Metrics.
func (m *Metrics) Refused(reason string) { m.Refusals.WithLabelValues(reason).Inc() }
