package testreport

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// read runs the recorded `go test -json` stream testdata/name.json (see testdata/README.md) through
// a Report and returns what it wrote and its summary.
func read(t *testing.T, names ...string) (string, Summary) {
	t.Helper()
	var out strings.Builder
	r := New(&out)
	for _, name := range names {
		f, err := os.Open(filepath.Join("testdata", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		err = r.Read(f)
		f.Close()
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
	}
	return out.String(), r.Summary()
}

func TestRecordedRuns(t *testing.T) {
	tests := []struct {
		sample                  string
		passed, failed, skipped int
		failedTests             []string
		failedPackages          []string
		shows                   []string // lines the output must have, in this order
		hides                   []string // what plain go test does not show either
	}{
		{
			sample: "pass", passed: 4,
			shows: []string{"ok  \texample.com/tr/pass\t"},
			hides: []string{"=== RUN", "--- PASS", "a log line that plain go test hides", "PASS\n"},
		},
		{
			sample: "fail", passed: 2, failed: 3,
			failedTests: []string{"example.com/tr/fail TestBad", "example.com/tr/fail TestSub/broken", "example.com/tr/fail TestSub"},
			shows: []string{
				"    fail_test.go:7: context before the failure\n",
				"    fail_test.go:8: want 2, got 3\n        second line of the message\n--- FAIL: TestBad (0.00s)\n",
				"    fail_test.go:12: sub failed\n--- FAIL: TestSub/broken",
				"--- FAIL: TestSub (0.00s)",
				"FAIL\texample.com/tr/fail\t",
			},
			hides: []string{"=== RUN", "TestGood", "TestSub/ok"},
		},
		{
			sample: "skip", passed: 2, skipped: 4,
			shows: []string{
				"skip_test.go:6: redis-server missing: install it with: sudo apt-get install -y --no-install-recommends redis-server",
				"--- SKIP: TestRedis (0.00s)",
				"--- SKIP: TestWindow (0.00s)",
				"--- SKIP: TestPlain (0.00s)",
				"--- SKIP: TestParent/skipped",
				"ok  \texample.com/tr/skip\t",
			},
			// the second skip for a reason shows no message: the first one did
			hides: []string{"TestRuns", "--- PASS", "again"},
		},
		{
			sample: "buildfail", failedPackages: []string{"example.com/tr/buildfail (build failed)"},
			shows: []string{
				"# example.com/tr/buildfail [example.com/tr/buildfail.test]\n",
				"buildfail/b_test.go:5:40: cannot use \"no\" (untyped string constant) as int value",
				"FAIL\texample.com/tr/buildfail [build failed]",
			},
		},
		{
			sample:         "brokendep",
			failedPackages: []string{"example.com/tr/usesa (build failed)", "example.com/tr/usesb (build failed)"},
			shows:          []string{"lib/lib.go:2:23: cannot use", "FAIL\texample.com/tr/usesa [build failed]", "FAIL\texample.com/tr/usesb [build failed]"},
		},
		{
			sample: "panicking", passed: 1, failed: 1,
			failedTests: []string{"example.com/tr/panicking TestPanics"},
			shows: []string{
				"    p_test.go:7: about to panic\n--- FAIL: TestPanics",
				"panic: assignment to entry in nil map",
				"/tmp/tr/panicking/p_test.go:9 +0x54\n",
				"FAIL\texample.com/tr/panicking\t",
			},
		},
		{
			sample: "timeout", passed: 1, failed: 1,
			failedTests: []string{"example.com/tr/timeout TestHangs (did not finish)"},
			shows: []string{
				"    t_test.go:10: waiting for something that never comes\n",
				"panic: test timed out after 2s\n",
				"/tmp/tr/timeout/t_test.go:11 +0x49\n",
				"--- FAIL: TestHangs (did not finish)\n",
				"FAIL\texample.com/tr/timeout\t2.013s\n",
			},
		},
		{
			sample: "parallel", passed: 1, failed: 1,
			failedTests: []string{"example.com/tr/parallel TestA"},
			shows:       []string{"    p_test.go:10: a starts\n    p_test.go:12: a fails after waiting\n--- FAIL: TestA"},
			hides:       []string{"=== PAUSE", "=== CONT", "b starts", "b done"},
		},
		{
			sample: "exitmain", passed: 1,
			failedPackages: []string{"example.com/tr/exitmain (failed outside its tests)"},
			shows:          []string{"TestMain gives up\n", "FAIL\texample.com/tr/exitmain\t"},
		},
		{
			sample: "notests",
			shows:  []string{"?   \texample.com/tr/notests\t[no test files]\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.sample, func(t *testing.T) {
			out, s := read(t, tt.sample)
			if s.Passed != tt.passed || s.Failed != tt.failed || s.Skipped != tt.skipped {
				t.Errorf("passed, failed, skipped = %d, %d, %d; want %d, %d, %d",
					s.Passed, s.Failed, s.Skipped, tt.passed, tt.failed, tt.skipped)
			}
			if !equal(s.FailedTests, tt.failedTests) {
				t.Errorf("failed tests = %q, want %q", s.FailedTests, tt.failedTests)
			}
			if !equal(s.FailedPackages, tt.failedPackages) {
				t.Errorf("failed packages = %q, want %q", s.FailedPackages, tt.failedPackages)
			}
			if want := tt.failed == 0 && len(tt.failedPackages) == 0; s.OK() != want {
				t.Errorf("OK() = %v, want %v", s.OK(), want)
			}
			rest := out
			for _, want := range tt.shows {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Errorf("output lacks %q (or has it out of order):\n%s", want, out)
					break
				}
				rest = rest[i+len(want):]
			}
			for _, hidden := range tt.hides {
				if strings.Contains(out, hidden) {
					t.Errorf("output shows %q, which plain go test hides:\n%s", hidden, out)
				}
			}
		})
	}
}

func equal(a, b []string) bool { return len(a) == 0 && len(b) == 0 || reflect.DeepEqual(a, b) }

func TestSummaryLineOverManyPackages(t *testing.T) {
	_, s := read(t, "pass", "skip", "fail", "buildfail", "exitmain")
	want := "make test: 9 passed, 3 failed, 4 skipped (redis-server missing: 2, no X display: 1, no reason given: 1); 2 packages failed as a whole"
	if got := s.Line("make test"); got != want {
		t.Errorf("Line:\n got %s\nwant %s", got, want)
	}
	_, s = read(t, "pass", "notests")
	if got, want := s.Line("make test"), "make test: 4 passed, 0 failed, 0 skipped"; got != want {
		t.Errorf("Line:\n got %s\nwant %s", got, want)
	}
}

func TestNotJSONPassesThrough(t *testing.T) {
	var out strings.Builder
	r := New(&out)
	in := "go: downloading example.com/x v1.0.0\n{\"Action\":\"output\",\"Package\":\"p\",\"Output\":\"ok  \\tp\\t0.1s\\n\"}\n{not json\n"
	if err := r.Read(strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	if want := "go: downloading example.com/x v1.0.0\nok  \tp\t0.1s\n{not json\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
}

func TestSkipReason(t *testing.T) {
	tests := []struct{ output, want string }{
		{"    a_test.go:12: redis-server missing: install it with: sudo apt-get install redis-server\n--- SKIP: TestA (0.00s)\n", "redis-server missing"},
		{"    a_test.go:3: no X display; set DISPLAY\n", "no X display"},
		{"    a_test.go:3: too slow for -short. Run without it\n", "too slow for -short"},
		{"    a_test.go:3: flaky on this kernel.\n", "flaky on this kernel"},
		{"    a_test.go:3: \n--- SKIP: TestA (0.00s)\n", "no reason given"},
		{"--- SKIP: TestA (0.00s)\n", "no reason given"},
		{"    a_test.go:3: connecting\n    a_test.go:9: the service is down\n        for maintenance\n", "the service is down"},
		{"        a_test.go:3: a subtest's message\n", "a subtest's message"},
		{"    a_test.go:3: " + strings.Repeat("x", 70) + "\n", strings.Repeat("x", 59) + "…"},
	}
	for _, tt := range tests {
		if got := SkipReason(tt.output); got != tt.want {
			t.Errorf("SkipReason(%q) = %q, want %q", tt.output, got, tt.want)
		}
	}
}
