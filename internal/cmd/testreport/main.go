// Command testreport reads `go test -json` on stdin and prints what a person needs: the output of
// plain `go test` (with the whole output of every failing test), every skipped test (with its
// message the first time a reason comes up), the failed tests again, and last a one-line summary of passed, failed and skipped tests with the
// reasons for the skips. It exits 1 if a test or a package failed, or if any test skipped while the
// environment variable CI is set: in CI every test must run. `make test` pipes into it.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/embassy-project/embassy/internal/testreport"
)

func main() {
	label := flag.String("label", "go test", "what the summary line starts with")
	flag.Parse()
	os.Exit(run(os.Stdin, os.Stdout, *label, os.Getenv("CI") != ""))
}

func run(in io.Reader, out io.Writer, label string, ci bool) int {
	r := testreport.New(out)
	if err := r.Read(in); err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		return 2
	}
	s := r.Summary()
	code := 0
	if !s.OK() {
		code = 1
		fmt.Fprintln(out, "\nFailed:")
		for _, name := range append(s.FailedTests, s.FailedPackages...) {
			fmt.Fprintln(out, "    "+name)
		}
	}
	if ci && s.Skipped > 0 {
		code = 1
		fmt.Fprintf(out, "\nCI is set, and %d tests skipped: in CI every test must run.\n", s.Skipped)
	}
	fmt.Fprintln(out, s.Line(label))
	return code
}
