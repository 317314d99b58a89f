package keyfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestReadOrCreateOnceThenReads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "key")
	calls := 0
	first := func() ([]byte, error) { calls++; return []byte("first\n"), nil }
	got, created, err := ReadOrCreate(path, true, first)
	if err != nil || !created || string(got) != "first" {
		t.Fatalf("first ReadOrCreate = %q, %v, %v; want \"first\", created", got, created, err)
	}
	again := func() ([]byte, error) { calls++; return []byte("second"), nil }
	got, created, err = ReadOrCreate(path, true, again)
	if err != nil || created || string(got) != "first" || calls != 1 {
		t.Fatalf("second ReadOrCreate = %q, %v, %v after %d makes; want the first key, not created", got, created, err, calls)
	}
	if runtime.GOOS != "windows" {
		for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
			info, err := os.Stat(p)
			if err != nil || info.Mode().Perm() != want {
				t.Errorf("%s: mode %v, %v; want %04o", p, info.Mode().Perm(), err, want)
			}
		}
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".key.*")); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestReadOrCreateRaceAgrees(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key")
	var wg sync.WaitGroup
	got := make([]string, 8)
	creators := make([]bool, 8)
	for i := range got {
		wg.Go(func() {
			b, created, err := ReadOrCreate(path, true, func() ([]byte, error) { return []byte{'a' + byte(i)}, nil })
			if err != nil {
				t.Errorf("ReadOrCreate %d: %v", i, err)
			}
			got[i], creators[i] = string(b), created
		})
	}
	wg.Wait()
	n := 0
	for i := range got {
		if got[i] != got[0] {
			t.Errorf("ReadOrCreate %d read %q, another %q", i, got[i], got[0])
		}
		if creators[i] {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d callers say they created the file, want 1", n)
	}
}

func TestReadRefuses(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil { // WriteFile's mode passes through the umask
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct {
		name    string
		path    string
		private bool
		want    error
		words   string
	}{
		{"empty", write("empty", "", 0o600), true, ErrEmpty, "is empty"},
		{"blank", write("blank", " \n\t\n", 0o600), true, ErrEmpty, "is empty"},
		{"world readable", write("open", "key", 0o644), true, ErrNotPrivate, "(mode 0644); make it private: chmod 600"},
		{"group readable", write("group", "key", 0o640), true, ErrNotPrivate, "mode 0640"},
		{"too large", write("large", strings.Repeat("k", MaxSize+1), 0o600), true, ErrTooLarge, "not a key file"},
		{"a directory", dir, false, ErrNotRegular, "is not a regular file"},
		{"missing", filepath.Join(dir, "none"), true, fs.ErrNotExist, "no such file"},
	} {
		if c.want == ErrNotPrivate && runtime.GOOS == "windows" {
			continue
		}
		_, err := Read(c.path, c.private)
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.words) {
			t.Errorf("%s: Read = %v; want %v saying %q", c.name, err, c.want, c.words)
		}
	}
	// Not private is fine where privacy is not asked for, and white space is trimmed.
	if b, err := Read(write("shared", " key \n", 0o644), false); err != nil || string(b) != "key" {
		t.Errorf("Read of a readable file without private = %q, %v", b, err)
	}
}
