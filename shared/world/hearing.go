package world

// Voice is how loudly something is said; it sets how far it carries.
type Voice int

// The voices, quietest first.
const (
	Whisper Voice = iota
	Say
	Shout
)

// Ranges in metres (tiles): a whisper carries 10 m, talk 20 m, a shout the whole room.
const (
	WhisperRange = 10
	SayRange     = 20
)

// Hears reports whether a listener at `to` hears someone at `from` speaking with voice v, applying the
// room's zones: a stage carries talk to the whole room; a quiet zone turns talk into a whisper; a
// private zone keeps talk inside and the room's talk outside.
func (r *Room) Hears(v Voice, from, to Vec) bool {
	_, stage := r.ZoneAt(from, ZoneStage)
	return r.HearsFrom(v, from, to, stage)
}

// HearsFrom is Hears with the stage's reach decided by the caller: with stage false a speaker on
// the stage carries as far as anyone else (a guest standing there during an event that someone
// else hosts); with stage true talk reaches the whole room wherever the speaker stands (the host,
// or a guest given the floor). Private and quiet zones apply either way.
func (r *Room) HearsFrom(v Voice, from, to Vec, stage bool) bool {
	fromPrivate, toPrivate := r.privateAt(from), r.privateAt(to)
	if fromPrivate != toPrivate {
		return false
	}
	if _, quiet := r.ZoneAt(from, ZoneQuiet); quiet && v > Whisper {
		v = Whisper
	}
	if stage && v == Say {
		v = Shout
	}
	switch v {
	case Shout:
		return true
	case Say:
		return from.Dist2(to) <= int64(Meters(SayRange))*int64(Meters(SayRange))
	default:
		return from.Dist2(to) <= int64(Meters(WhisperRange))*int64(Meters(WhisperRange))
	}
}

// privateAt returns the index of the private zone containing p, or -1.
func (r *Room) privateAt(p Vec) int {
	if z, ok := r.ZoneAt(p, ZonePrivate); ok {
		return z.Index
	}
	return -1
}
