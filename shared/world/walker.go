package world

// Walker is one avatar's movement: where it stands and either the direction it holds or the path it
// follows. The server's rooms and the client's predictor step it with this same code, so a client
// predicts exactly what the server will do. Path is never modified in place (only resliced), so
// copies of a Walker may share it.
type Walker struct {
	Pos  Vec
	Dir  Dir
	Path []Vec
}

// Hold carries out a Move intent: walk in d (zero: stand) until told otherwise.
func (w *Walker) Hold(d Dir) { w.Dir, w.Path = d, nil }

// WalkTo carries out a WalkTo intent: follow a path to target. It reports false, and stands still,
// when target cannot be reached.
func (w *Walker) WalkTo(r *Room, target Vec) bool {
	path, ok := r.FindPath(w.Pos, target)
	w.Dir, w.Path = Dir{}, path
	return ok
}

// Stop stands still.
func (w *Walker) Stop() { w.Dir, w.Path = Dir{}, nil }

// Step advances one tick of step units and reports whether the walker moved. A walker following a
// path that makes no progress (pushed against a wall) gives the path up rather than push forever.
func (w *Walker) Step(r *Room, step int32) bool {
	prev := w.Pos
	switch {
	case len(w.Path) > 0:
		next, reached := r.StepToward(w.Pos, w.Path[0], step)
		if reached {
			w.Path = w.Path[1:]
		} else if next == w.Pos {
			w.Path = nil
		}
		w.Pos = next
	case !w.Dir.Zero():
		w.Pos = r.Step(w.Pos, w.Dir, step)
	}
	return w.Pos != prev
}
