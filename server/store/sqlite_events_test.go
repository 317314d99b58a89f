package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestEventQueriesUseIndexes: EventAt, on every join, and ListEvents read the events not over yet
// through their indexes, never the whole table.
func TestEventQueriesUseIndexes(t *testing.T) {
	ctx := context.Background()
	s, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), SQLiteFile))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct {
		name, query, index string
		args               []any
	}{
		{"EventAt", selectEventAt, "events_room", []any{"hall", 1, 1}},
		{"ListEvents", selectEvents, "events_ends", []any{1, 2}},
	} {
		rows, err := s.read.QueryContext(ctx, `EXPLAIN QUERY PLAN `+c.query, c.args...)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := scanAll(rows, func(r rowScanner) (string, error) {
			var id, parent, unused int
			var detail string
			err := r.Scan(&id, &parent, &unused, &detail)
			return detail, err
		})
		if err != nil {
			t.Fatal(err)
		}
		if joined := strings.Join(plan, "; "); !strings.Contains(joined, "USING INDEX "+c.index) {
			t.Errorf("%s's plan: %s; want it to use %s", c.name, joined, c.index)
		}
	}
}
