package identity

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSecretCreatedOnceAndKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	first, err := LoadSecret(dir, "", "")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, SecretFile)
	if first.Source() != path+" (created)" {
		t.Errorf("first start: source %q", first.Source())
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("secret file: %v, %v; want mode 0600", info, err)
	}
	text, _ := os.ReadFile(path)
	if len(strings.TrimSpace(string(text))) != 64 {
		t.Errorf("secret file holds %d characters, want 64 hex digits", len(strings.TrimSpace(string(text))))
	}
	second, err := LoadSecret(dir, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if second.Source() != path || !bytes.Equal(first.key, second.key) {
		t.Errorf("second start: source %q, same key %v", second.Source(), bytes.Equal(first.key, second.key))
	}
	// A token minted before the restart verifies after it, and the file's text works as EMBASSY_SECRET.
	tok := mint(t, first.key, "", time.Hour, nil)
	for _, s := range []Secret{second, must(LoadSecret("", string(text), ""))} {
		v, _ := NewVerifier(s, "", nil)
		if _, err := v.Verify(t.Context(), tok, testNow); err != nil {
			t.Errorf("with the %s: %v", s, err)
		}
	}
}

func must(s Secret, err error) Secret {
	if err != nil {
		panic(err)
	}
	return s
}

func TestLoadSecretSources(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "given")
	if err := os.WriteFile(file, []byte("from-a-file-0123456789abcdef0123456789\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := "from-the-environment-0123456789abcdef"
	for _, c := range []struct {
		name, data, env, file string
		key, source           string
	}{
		{"environment", dir, env, "", env, "EMBASSY_SECRET"},
		{"environment, trimmed", "", " " + env + "\n", "", env, "EMBASSY_SECRET"},
		{"file", dir, "", file, "from-a-file-0123456789abcdef0123456789", file},
	} {
		s, err := LoadSecret(c.data, c.env, c.file)
		if err != nil || string(s.key) != c.key || s.Source() != c.source {
			t.Errorf("%s: LoadSecret = %q from %q, %v", c.name, s.key, s.Source(), err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, SecretFile)); !os.IsNotExist(err) {
		t.Errorf("a secret file was made in the data directory although one was given: %v", err)
	}
}

func TestLoadSecretRefuses(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	long := strings.Repeat("k", 40)
	readable := write("readable", long, 0o644)
	badData := filepath.Join(dir, "baddata")
	if err := os.MkdirAll(badData, 0o700); err != nil {
		t.Fatal(err)
	}
	write("baddata/secret", long, 0o640)
	for _, c := range []struct {
		name, data, env, file string
		words                 string
	}{
		{"both", dir, long, readable, "both EMBASSY_SECRET and a secret file are set"},
		{"nothing", "", "", "", "no secret: set EMBASSY_SECRET, a secret file, or a data directory"},
		{"short environment", "", "short", "", "EMBASSY_SECRET is 5 bytes; a secret needs at least 32"},
		{"readable file", "", "", readable, "can be read or written by others (mode 0644); make it private: chmod 600 " + readable},
		{"empty file", "", "", write("empty", "\n", 0o600), "is empty"},
		{"short file", "", "", write("short", "abc", 0o600), "is 3 bytes; a secret needs at least 32"},
		{"missing file", "", "", filepath.Join(dir, "none"), "no such file"},
		{"readable data directory file", badData, "", "", "mode 0640"},
		{"data directory is a file", readable, "", "", filepath.Join(readable, SecretFile) + ": not a directory"},
	} {
		s, err := LoadSecret(c.data, c.env, c.file)
		if err == nil || !strings.Contains(err.Error(), c.words) {
			t.Errorf("%s: LoadSecret = %v, %v; want an error saying %q", c.name, s, err, c.words)
		}
		if err != nil && strings.Contains(err.Error(), long) {
			t.Errorf("%s: the error shows the secret: %v", c.name, err)
		}
	}
}

func TestSecretNeverPrints(t *testing.T) {
	s, err := NewSecret([]byte("do-not-print-me-0123456789abcdef"), "EMBASSY_SECRET")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("secret", "secret", s, "ptr", &s)
	fmt.Fprintf(&buf, "%v %+v %#v %s %q %x", s, s, s, s, s, s)
	if strings.Contains(buf.String(), "do-not-print") || strings.Contains(buf.String(), fmt.Sprintf("%x", "do-not")) {
		t.Errorf("the secret was printed: %s", buf.String())
	}
	if !strings.Contains(buf.String(), "secret from EMBASSY_SECRET") {
		t.Errorf("where the secret came from is not said: %s", buf.String())
	}
}
