// Package testreport reads the event stream of `go test -json` and turns it back into what a person
// reads: the lines of plain `go test` (package results, build errors, the whole output of every
// failing test, crashes and timeouts included), every skipped test with the message of the first skip
// of each reason (so that no skip is silent), and a summary: how many tests passed, failed and
// skipped, and why they skipped.
// It runs no tests and decides no policy beyond counting; internal/cmd/testreport is its command.
package testreport

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Event is one line of `go test -json` (see `go doc cmd/test2json`).
type Event struct {
	Action      string
	Package     string
	ImportPath  string // build-output and build-fail events name the package being built here
	Test        string
	Output      string
	FailedBuild string // on a package's fail event: the package whose build failed
}

// Report writes readable output as events come and keeps the counts for the Summary.
type Report struct {
	w    io.Writer
	werr error // the first write error; later writes are skipped
	pkgs map[string]*pkgState
	sum  Summary
}

// pkgState is the output of one package's tests still running.
type pkgState struct {
	running map[string]*strings.Builder // test name -> its output so far
	order   []string                    // running tests in the order they started
	failed  bool                        // a test of this package failed
}

// New returns a Report that writes to w.
func New(w io.Writer) *Report {
	return &Report{w: w, pkgs: map[string]*pkgState{}, sum: Summary{skipReasons: map[string]int{}}}
}

// Read feeds every line of in to r until EOF.
func (r *Report) Read(in io.Reader) error {
	br := bufio.NewReader(in)
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			r.Line(line)
		}
		if errors.Is(err, io.EOF) {
			return r.werr
		}
		if err != nil {
			return fmt.Errorf("read test events: %w", err)
		}
	}
}

// Line handles one line of the stream. A line that is not a JSON event (a stray message of the go
// command) is written as it is.
func (r *Report) Line(line []byte) {
	var e Event
	if !bytes.HasPrefix(bytes.TrimSpace(line), []byte("{")) || json.Unmarshal(line, &e) != nil {
		r.write(string(line))
		return
	}
	r.Event(e)
}

// Event handles one event.
func (r *Report) Event(e Event) {
	switch e.Action {
	case "build-output":
		r.write(e.Output)
	case "run":
		p := r.pkg(e.Package)
		if _, ok := p.running[e.Test]; !ok {
			p.running[e.Test] = &strings.Builder{}
			p.order = append(p.order, e.Test)
		}
	case "output":
		r.output(e)
	case "pass", "fail", "skip":
		if e.Test == "" {
			r.packageDone(e)
		} else {
			r.testDone(e)
		}
	}
}

// Summary returns the counts so far.
func (r *Report) Summary() Summary { return r.sum }

func (r *Report) pkg(name string) *pkgState {
	p := r.pkgs[name]
	if p == nil {
		p = &pkgState{running: map[string]*strings.Builder{}}
		r.pkgs[name] = p
	}
	return p
}

func (r *Report) output(e Event) {
	if e.Test == "" {
		// Output of no test while tests still run: the test binary ended (a timeout, a crash) and
		// its result line follows; show the tests that will not finish before it.
		r.unfinished(e.Package)
		if e.Output != "PASS\n" { // the test binary's last line, which plain go test hides too
			r.write(e.Output)
		}
		return
	}
	if buf, ok := r.pkg(e.Package).running[e.Test]; ok {
		buf.WriteString(e.Output)
		return
	}
	if !isFraming(e.Output) { // output after the test ended, such as a panic's stack: show it
		r.write(e.Output)
	}
}

// testDone counts a finished test and shows its output if it failed or skipped (for a skip whose
// reason was seen before, only its result line).
func (r *Report) testDone(e Event) {
	p := r.pkg(e.Package)
	out := ""
	if buf, ok := p.running[e.Test]; ok {
		out = buf.String()
		p.forget(e.Test)
	}
	switch e.Action {
	case "pass":
		r.sum.Passed++
	case "fail":
		p.failed = true
		r.sum.Failed++
		r.sum.FailedTests = append(r.sum.FailedTests, e.Package+" "+e.Test)
		r.write(withoutFraming(out))
	case "skip":
		r.sum.Skipped++
		reason := SkipReason(out)
		if r.sum.skipReasons[reason] > 0 { // the message was shown with the first skip of this reason
			out = resultLines(out)
		}
		r.sum.skipReasons[reason]++
		r.write(withoutFraming(out))
	}
}

// unfinished counts the tests of pkg still running as failed, since they never will finish, and
// shows their output.
func (r *Report) unfinished(pkg string) {
	p := r.pkg(pkg)
	for _, name := range p.order {
		r.write(withoutFraming(p.running[name].String()))
		r.write(fmt.Sprintf("--- FAIL: %s (did not finish)\n", name))
		r.sum.Failed++
		r.sum.FailedTests = append(r.sum.FailedTests, pkg+" "+name+" (did not finish)")
		p.failed = true
	}
	p.running, p.order = map[string]*strings.Builder{}, nil
}

// packageDone ends a package: tests that never finished count as failed; a package that failed with
// no failing test is named.
func (r *Report) packageDone(e Event) {
	r.unfinished(e.Package)
	p := r.pkg(e.Package)
	delete(r.pkgs, e.Package)
	if e.Action != "fail" {
		return
	}
	switch {
	case e.FailedBuild != "":
		r.sum.FailedPackages = append(r.sum.FailedPackages, e.Package+" (build failed)")
	case !p.failed:
		r.sum.FailedPackages = append(r.sum.FailedPackages, e.Package+" (failed outside its tests)")
	}
}

func (p *pkgState) forget(test string) {
	delete(p.running, test)
	for i, name := range p.order {
		if name == test {
			p.order = append(p.order[:i], p.order[i+1:]...)
			return
		}
	}
}

func (r *Report) write(s string) {
	if s == "" || r.werr != nil {
		return
	}
	_, r.werr = io.WriteString(r.w, s)
}

// framing is how verbose test output marks which test runs; plain go test does not show it.
var framing = []string{"=== RUN ", "=== PAUSE ", "=== CONT ", "=== NAME "}

func isFraming(line string) bool {
	for _, f := range framing {
		if strings.HasPrefix(line, f) {
			return true
		}
	}
	return false
}

func withoutFraming(out string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(out, "\n") {
		if !isFraming(line) {
			b.WriteString(line)
		}
	}
	return b.String()
}

// resultLines keeps only the "--- SKIP: Test (0.00s)" lines of a test's output.
func resultLines(out string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "--- ") {
			b.WriteString(line)
		}
	}
	return b.String()
}
