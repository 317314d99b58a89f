package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// describe makes -h print what the command does, and when it takes effect, above its flags.
func describe(flags *flag.FlagSet, e *env, usage string, text ...string) {
	flags.Usage = func() {
		fmt.Fprintf(e.Stderr, "usage: embassyctl %s\n\n", usage)
		for _, t := range text {
			fmt.Fprintln(e.Stderr, t)
		}
		fmt.Fprintln(e.Stderr, "\nflags:")
		flags.PrintDefaults()
	}
}

// timeFormat is how embassyctl writes a time: UTC, to the second.
const timeFormat = time.RFC3339

// when writes t for a person: "for good" for the zero time (a ban without end).
func when(t time.Time) string {
	if t.IsZero() {
		return "for good"
	}
	return t.UTC().Format(timeFormat)
}

// parseWhen reads a time flag: an RFC 3339 time, or a duration counted from now, forward (dir 1)
// or back (dir -1).
func parseWhen(flagName, s string, now time.Time, dir time.Duration) (time.Time, error) {
	s = strings.TrimSpace(s)
	if d, err := time.ParseDuration(s); err == nil {
		if d < 0 {
			return time.Time{}, usagef("-%s %s: a duration is counted from now; give it without a sign", flagName, s)
		}
		return now.Add(dir * d), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, usagef("-%s %q: neither a duration (24h) nor a time (2026-01-02T15:04:05Z)", flagName, s)
	}
	return t, nil
}

// validID mirrors server/identity's rule for user and token ids (unexported there): 1 to 64
// printable ASCII characters, no spaces.
func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// oneLine keeps a stored text (a reason) on one line of a table.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// writeJSON prints v indented, for a person reading it as well as a script.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
