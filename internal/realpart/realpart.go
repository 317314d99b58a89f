// Package realpart ends a test that needs a real part of the machine which is missing (a program
// such as redis-server, an X display): outside CI the test skips, loudly, saying what is missing and
// which Debian packages provide it; with the environment variable CI set it fails instead, so that a
// CI machine cannot pass by skipping. .ci/setup installs those packages. Only tests import it.
//
// The skip message starts with what is missing, up to the first ": ", which is how `make test`'s
// summary groups the skips ("redis-server missing: 3").
package realpart

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Missing ends t because a real part is missing. what says so in a few words ("redis-server
// missing", "no X display"); packages are the Debian packages that provide the part.
func Missing(t testing.TB, what string, packages ...string) {
	t.Helper()
	install := "sudo apt-get install -y --no-install-recommends " + strings.Join(packages, " ")
	if os.Getenv("CI") != "" {
		t.Fatal(fmt.Sprintf("%s: CI is set, so this test fails instead of skipping; install it with: %s (.ci/setup does, as root)", what, install))
		return
	}
	t.Skip(fmt.Sprintf("%s: install it with: %s (or run .ci/setup as root); with CI set this test fails instead of skipping", what, install))
}

// Command returns the path of the program name, or ends t with Missing if it is not on PATH.
func Command(t testing.TB, name string, packages ...string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		Missing(t, name+" missing", packages...)
	}
	return path
}
