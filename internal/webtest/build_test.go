package webtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The browser client is built once per run of this package: a build of cmd/embassy-web takes
// minutes on a loaded two-core machine, and every test serves the same one.
var web struct {
	once sync.Once
	dir  string // the build, removed by TestMain
	err  error  // why the build failed, the same for every test that asks
}

func TestMain(m *testing.M) {
	code := m.Run()
	if web.dir != "" {
		_ = os.RemoveAll(web.dir)
	}
	os.Exit(code)
}

// buildWeb builds the browser client as make web does (once per package run, into a temporary
// directory) and returns that directory: embassy.wasm and Go's wasm_exec.js.
func buildWeb(t *testing.T) string {
	t.Helper()
	web.once.Do(func() { web.dir, web.err = build() })
	if web.err != nil {
		t.Fatal(web.err)
	}
	return web.dir
}

func build() (string, error) {
	dir, err := os.MkdirTemp("", "embassy-webtest-")
	if err != nil {
		return "", err
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(dir, "embassy.wasm"), "github.com/embassy-project/embassy/cmd/embassy-web")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return dir, fmt.Errorf("build the browser client: %v\n%s", err, out)
	}
	root, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return dir, fmt.Errorf("go env GOROOT: %w", err)
	}
	js, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(root)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return dir, err
	}
	return dir, os.WriteFile(filepath.Join(dir, "wasm_exec.js"), js, 0o644)
}
