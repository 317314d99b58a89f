package realpart

import (
	"strings"
	"testing"
)

// recorder is a testing.TB that records how a test was ended instead of ending it.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()           {}
func (r *recorder) Skip(args ...any)  { r.skipped = args[0].(string) }
func (r *recorder) Fatal(args ...any) { r.failed = args[0].(string) }

func TestMissingSkipsOutsideCI(t *testing.T) {
	t.Setenv("CI", "")
	r := &recorder{TB: t}
	Missing(r, "no X display", "xvfb", "xauth")
	want := "no X display: install it with: sudo apt-get install -y --no-install-recommends xvfb xauth (or run .ci/setup as root)"
	if r.failed != "" || !strings.HasPrefix(r.skipped, want) {
		t.Errorf("skipped %q, failed %q; want a skip starting %q", r.skipped, r.failed, want)
	}
}

func TestMissingFailsInCI(t *testing.T) {
	t.Setenv("CI", "true")
	r := &recorder{TB: t}
	Missing(r, "no X display", "xvfb", "xauth")
	if r.skipped != "" || !strings.HasPrefix(r.failed, "no X display: CI is set") ||
		!strings.Contains(r.failed, "sudo apt-get install -y --no-install-recommends xvfb xauth") {
		t.Errorf("skipped %q, failed %q; want a failure naming the packages", r.skipped, r.failed)
	}
}

func TestCommand(t *testing.T) {
	t.Setenv("CI", "")
	r := &recorder{TB: t}
	if path := Command(r, "sh", "dash"); path == "" || r.skipped != "" || r.failed != "" {
		t.Errorf("Command(sh) = %q, skipped %q, failed %q", path, r.skipped, r.failed)
	}
	Command(r, "embassy-no-such-program", "embassy-nothing")
	if !strings.HasPrefix(r.skipped, "embassy-no-such-program missing: install it with: sudo apt-get install -y --no-install-recommends embassy-nothing") {
		t.Errorf("skipped %q", r.skipped)
	}
}
