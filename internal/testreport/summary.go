package testreport

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Summary counts what a run did. Subtests count as tests of their own.
type Summary struct {
	Passed, Failed, Skipped int
	FailedTests             []string // "package Test", in the order they failed
	FailedPackages          []string // packages that failed to build, or failed with no failing test
	skipReasons             map[string]int
}

// Reason is why some tests skipped.
type Reason struct {
	Text  string
	Count int
}

// SkipReasons returns why tests skipped, the most frequent reason first.
func (s Summary) SkipReasons() []Reason {
	rs := make([]Reason, 0, len(s.skipReasons))
	for text, n := range s.skipReasons {
		rs = append(rs, Reason{text, n})
	}
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].Count != rs[j].Count {
			return rs[i].Count > rs[j].Count
		}
		return rs[i].Text < rs[j].Text
	})
	return rs
}

// OK reports whether every test and package that ran passed.
func (s Summary) OK() bool { return s.Failed == 0 && len(s.FailedPackages) == 0 }

// Line is the one-line summary, e.g.
// "make test: 312 passed, 0 failed, 2 skipped (redis-server missing: 1, no X display: 1)".
func (s Summary) Line(label string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d passed, %d failed, %d skipped", label, s.Passed, s.Failed, s.Skipped)
	if s.Skipped > 0 {
		parts := []string{}
		for _, r := range s.SkipReasons() {
			parts = append(parts, fmt.Sprintf("%s: %d", r.Text, r.Count))
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	if n := len(s.FailedPackages); n > 0 {
		fmt.Fprintf(&b, "; %d %s failed as a whole", n, plural(n, "package", "packages"))
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// logLine is a message line of a test, "    name_test.go:48: text": the test's file and line.
var logLine = regexp.MustCompile(`^\s+[^\s:]+\.go:\d+: ?(.*)$`)

// maxReason is the longest reason kept, in runes.
const maxReason = 60

// SkipReason finds in a skipped test's output the short reason it skipped: the first clause of its
// last message (the t.Skip text, which comes after anything the test logged before), up to the first
// ": ", "; " or ". ". So "redis-server missing: install it with ..." gives "redis-server missing".
func SkipReason(output string) string {
	msg := ""
	for _, line := range strings.Split(output, "\n") {
		if m := logLine.FindStringSubmatch(line); m != nil {
			msg = m[1]
		}
	}
	for _, sep := range []string{": ", "; ", ". "} {
		if i := strings.Index(msg, sep); i >= 0 {
			msg = msg[:i]
		}
	}
	msg = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(msg), "."))
	if msg == "" {
		return "no reason given"
	}
	if r := []rune(msg); len(r) > maxReason {
		msg = string(r[:maxReason-1]) + "…"
	}
	return msg
}
