package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/server/identity"
)

// testSecret is a data directory whose secret the server made, as LoadSecret makes it.
func testSecret(t *testing.T) (dataDir string, secret identity.Secret) {
	t.Helper()
	dataDir = filepath.Join(t.TempDir(), "data")
	secret, err := identity.LoadSecret(dataDir, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return dataDir, secret
}

func verify(t *testing.T, secret identity.Secret, token string) identity.Claims {
	t.Helper()
	v, err := identity.NewVerifier(secret, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := v.Verify(context.Background(), token, time.Now())
	if err != nil {
		t.Fatalf("the minted token does not verify: %v", err)
	}
	return c
}

// cliRefusal is a command line embassyctl must refuse: with the exit code, nothing on stdout,
// and words on stderr.
type cliRefusal struct {
	name  string
	vars  map[string]string
	args  []string
	code  int
	words string
}

func expectRefusals(t *testing.T, cases []cliRefusal) {
	t.Helper()
	for _, c := range cases {
		code, out, errs := runWith(c.vars, c.args...)
		if code != c.code || out != "" || !strings.Contains(errs, c.words) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit %d saying %q", c.name, code, out, errs, c.code, c.words)
		}
	}
}

func runWith(vars map[string]string, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &env{Getenv: func(k string) string { return vars[k] }, Stdout: &out, Stderr: &errb})
	return code, out.String(), errb.String()
}

func TestTokenFromTheDataDirectory(t *testing.T) {
	dir, secret := testSecret(t)
	code, out, errs := runWith(nil, "token", "-name", " Ada  Lovelace ", "-role", "moderator", "-ttl", "2h", "-data", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Count(out, "\n") != 1 || strings.Count(out, ".") != 2 {
		t.Fatalf("stdout is not one token on a line: %q", out)
	}
	c := verify(t, secret, strings.TrimSpace(out))
	if c.Name != "Ada Lovelace" || c.Role != identity.Moderator || c.UserID != identity.UserIDFor("Ada Lovelace") ||
		c.ExpiresAt.Sub(c.IssuedAt) != 2*time.Hour {
		t.Errorf("claims %+v", c)
	}
	if !strings.Contains(errs, c.TokenID) || !strings.Contains(errs, "moderator") {
		t.Errorf("stderr does not say what was minted: %q", errs)
	}
	if strings.Contains(errs, string(mustRead(t, filepath.Join(dir, identity.SecretFile)))) {
		t.Errorf("stderr shows the secret: %q", errs)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSpace(b)
}

func TestTokenSecretSources(t *testing.T) {
	dir, secret := testSecret(t)
	file := filepath.Join(dir, identity.SecretFile)
	text := string(mustRead(t, file))
	for name, c := range map[string]struct {
		vars map[string]string
		args []string
	}{
		"EMBASSY_SECRET":      {map[string]string{"EMBASSY_SECRET": text}, nil},
		"-secret-file":        {nil, []string{"-secret-file", file}},
		"EMBASSY_SECRET_FILE": {map[string]string{"EMBASSY_SECRET_FILE": file}, nil},
		"EMBASSY_DATA":        {map[string]string{"EMBASSY_DATA": dir}, nil},
	} {
		args := append([]string{"token", "-name", "Ada", "-role", "admin"}, c.args...)
		code, out, errs := runWith(c.vars, append(args, dataFlag(c.vars)...)...)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", name, code, errs)
			continue
		}
		if verify(t, secret, strings.TrimSpace(out)).Role != identity.Admin {
			t.Errorf("%s: not an admin token", name)
		}
	}
}

// dataFlag points -data nowhere unless the environment names the data directory, so that a
// secret found proves it came from where the case says.
func dataFlag(vars map[string]string) []string {
	if vars["EMBASSY_DATA"] != "" {
		return nil
	}
	return []string{"-data", "/nonexistent"}
}

func TestTokenUserID(t *testing.T) {
	dir, secret := testSecret(t)
	_, out, _ := runWith(nil, "token", "-name", "Ada", "-user-id", "staff-7", "-data", dir)
	if c := verify(t, secret, strings.TrimSpace(out)); c.UserID != "staff-7" || c.Role != identity.Visitor {
		t.Errorf("claims %+v", c)
	}
	_, a, _ := runWith(nil, "token", "-name", "Ada", "-data", dir)
	_, b, _ := runWith(nil, "token", "-name", "ADA", "-data", dir)
	if ca, cb := verify(t, secret, strings.TrimSpace(a)), verify(t, secret, strings.TrimSpace(b)); ca.UserID != cb.UserID || ca.TokenID == cb.TokenID {
		t.Errorf("two tokens for one name: users %s %s, token ids %s %s", ca.UserID, cb.UserID, ca.TokenID, cb.TokenID)
	}
}

func TestTokenRefuses(t *testing.T) {
	dir, _ := testSecret(t)
	readable := filepath.Join(t.TempDir(), "readable")
	if err := os.WriteFile(readable, bytes.Repeat([]byte("k"), 40), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(readable, 0o644); err != nil {
		t.Fatal(err)
	}
	expectRefusals(t, []cliRefusal{
		{"no command", nil, nil, 2, "usage: embassyctl [-server URL] [-token-file FILE] COMMAND"},
		{"unknown command", nil, []string{"mint"}, 2, `no command "mint"`},
		{"no name", nil, []string{"token", "-data", dir}, 2, "-name is required"},
		{"bad name", nil, []string{"token", "-name", "Ada\u202e", "-data", dir}, 2, "U+202E"},
		{"bad role", nil, []string{"token", "-name", "Ada", "-role", "king", "-data", dir}, 2, `unknown role: "king"`},
		{"bad ttl", nil, []string{"token", "-name", "Ada", "-ttl", "-1h", "-data", dir}, 2, "-ttl -1h0m0s"},
		{"ttl too long", nil, []string{"token", "-name", "Ada", "-ttl", "9000h", "-data", dir}, 2, "at most 8784h"},
		{"unknown flag", nil, []string{"token", "-name", "Ada", "-colour", "red"}, 2, "flag provided but not defined: -colour"},
		{"stray argument", nil, []string{"token", "-name", "Ada", "-data", dir, "moderator"}, 2, `unexpected argument "moderator"`},
		{"no secret", nil, []string{"token", "-name", "Ada", "-data", filepath.Join(dir, "none")}, 1, "no secret at " + filepath.Join(dir, "none", "secret")},
		{"short secret", map[string]string{"EMBASSY_SECRET": "short"}, []string{"token", "-name", "Ada"}, 1, "EMBASSY_SECRET is 5 bytes"},
		{"two secrets", map[string]string{"EMBASSY_SECRET": strings.Repeat("k", 40)}, []string{"token", "-name", "Ada", "-secret-file", readable}, 1, "choose one"},
		{"readable secret file", nil, []string{"token", "-name", "Ada", "-secret-file", readable}, 1, "chmod 600"},
		{"bad user id", nil, []string{"token", "-name", "Ada", "-user-id", "a b", "-data", dir}, 1, "user id"},
	})
	if code, _, errs := runWith(nil, "token", "-h"); code != 0 || !strings.Contains(errs, "-ttl") {
		t.Errorf("token -h: exit %d, %q", code, errs)
	}
}

// TestBinaryEndToEnd builds embassyctl and runs it as an operator would, with the secret a server
// left in its data directory, and checks the token with the Verifier.
func TestBinaryEndToEnd(t *testing.T) {
	if testing.Short() && os.Getenv("CI") == "" { // in CI it always runs
		t.Skip("SKIPPED IN -short OUTSIDE CI: builds a binary")
	}
	bin := filepath.Join(t.TempDir(), "embassyctl")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir, secret := testSecret(t)
	cmd := exec.Command(bin, "token", "-name", "Ambassador", "-role", "diplomat", "-ttl", "24h", "-data", dir)
	cmd.Env = append(os.Environ(), "EMBASSY_SECRET=", "EMBASSY_SECRET_FILE=", "EMBASSY_DATA=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("embassyctl: %v\n%s", err, stderr.String())
	}
	c := verify(t, secret, strings.TrimSuffix(string(out), "\n"))
	if c.Name != "Ambassador" || c.Role != identity.Diplomat || c.ExpiresAt.Sub(c.IssuedAt) != 24*time.Hour {
		t.Errorf("claims %+v", c)
	}
	// A mistake exits 2 with words and nothing on stdout.
	cmd = exec.Command(bin, "token", "-name", "Ambassador", "-role", "ambassador", "-data", dir)
	out, err = cmd.Output()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || len(out) != 0 || !strings.Contains(string(ee.Stderr), "unknown role") {
		t.Errorf("bad role: %v, stdout %q", err, out)
	}
}
