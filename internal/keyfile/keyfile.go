// Package keyfile reads and creates the small files keys live in: the server's token secret, a
// client's device key. A file it creates appears whole or not at all (written aside, then linked
// into place), so two processes starting together agree on one key, and is readable by its owner
// only. It knows nothing of what the key is for, and never puts a file's contents in an error.
package keyfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// MaxSize bounds a key file: a key is a line, and a larger file is a mistake.
const MaxSize = 4096

// Errors Read returns, wrapped with the file's path.
var (
	ErrEmpty      = errors.New("is empty")
	ErrNotPrivate = errors.New("can be read or written by others")
	ErrNotRegular = errors.New("is not a regular file")
	ErrTooLarge   = fmt.Errorf("is larger than %d bytes: not a key file", MaxSize)
)

// Read returns the file's contents with surrounding white space trimmed. With private set it
// refuses a file that anyone but its owner may read or write (any group or other permission bit;
// not checked on Windows, whose permissions are not mode bits).
func Read(path string, private bool) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // an *fs.PathError naming the file; fs.ErrNotExist when there is none
	}
	defer f.Close()
	info, err := f.Stat()
	switch {
	case err != nil:
		return nil, err
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("%s %w", path, ErrNotRegular)
	case info.Size() > MaxSize:
		return nil, fmt.Errorf("%s %w", path, ErrTooLarge)
	case private && runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0:
		return nil, fmt.Errorf("%s %w (mode %04o); make it private: chmod 600 %s",
			path, ErrNotPrivate, info.Mode().Perm(), path)
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("read %s: %w", path, err)
	case len(b) > MaxSize:
		return nil, fmt.Errorf("%s %w", path, ErrTooLarge)
	}
	b = []byte(strings.TrimSpace(string(b)))
	if len(b) == 0 {
		return nil, fmt.Errorf("%s %w", path, ErrEmpty)
	}
	return b, nil
}

// ReadOrCreate reads the file as Read does; when there is none, it writes create's bytes there
// first (mode 0600, creating the directory with 0700) and reads them back. created says whether
// this call made the file; a process that loses a race to create it reads the winner's.
func ReadOrCreate(path string, private bool, create func() ([]byte, error)) (data []byte, created bool, err error) {
	data, err = Read(path, private)
	if !errors.Is(err, fs.ErrNotExist) {
		return data, false, err
	}
	content, err := create()
	if err != nil {
		return nil, false, fmt.Errorf("make %s: %w", path, err)
	}
	switch err := place(path, content); {
	case errors.Is(err, fs.ErrExist):
		data, err = Read(path, private)
		return data, false, err
	case err != nil:
		return nil, false, fmt.Errorf("create %s: %w", path, err)
	}
	data, err = Read(path, private)
	return data, err == nil, err
}

// place writes content to a temporary file beside path and links it into place, which fails with
// fs.ErrExist if path appeared meanwhile.
func place(path string, content []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*") // mode 0600
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil { // make the new name durable; best effort
		_ = d.Sync()
		d.Close()
	}
	return nil
}
