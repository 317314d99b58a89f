package main

import (
	"os"
	"strings"
	"testing"
)

func TestExitCodes(t *testing.T) {
	tests := []struct {
		sample string
		ci     bool
		code   int
		last   string
	}{
		{"pass", false, 0, "make test: 4 passed, 0 failed, 0 skipped"},
		{"pass", true, 0, "make test: 4 passed, 0 failed, 0 skipped"},
		{"skip", false, 0, "make test: 2 passed, 0 failed, 4 skipped (redis-server missing: 2, no X display: 1, no reason given: 1)"},
		{"skip", true, 1, "make test: 2 passed, 0 failed, 4 skipped (redis-server missing: 2, no X display: 1, no reason given: 1)"},
		{"fail", false, 1, "make test: 2 passed, 3 failed, 0 skipped"},
		{"buildfail", false, 1, "make test: 0 passed, 0 failed, 0 skipped; 1 package failed as a whole"},
		{"panicking", false, 1, "make test: 1 passed, 1 failed, 0 skipped"},
	}
	for _, tt := range tests {
		f, err := os.Open("../../testreport/testdata/" + tt.sample + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		code := run(f, &out, "make test", tt.ci)
		f.Close()
		lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if code != tt.code || lines[len(lines)-1] != tt.last {
			t.Errorf("%s (CI %v): exit %d, last line %q; want %d, %q", tt.sample, tt.ci, code, lines[len(lines)-1], tt.code, tt.last)
		}
		if tt.code == 1 && !tt.ci && !strings.Contains(out.String(), "\nFailed:\n    example.com/tr/") {
			t.Errorf("%s: no list of what failed:\n%s", tt.sample, out.String())
		}
	}
}
