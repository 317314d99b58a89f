package session

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/embassy-project/embassy/client/transport"
)

// maxWorldFile bounds one downloaded world file (maps, the tileset image, exhibit images).
const maxWorldFile = 16 << 20

// HTTPBase turns the WebSocket URL of a server (ws://host:port/ws) into its HTTP root
// (http://host:port/).
func HTTPBase(wsURL string) (*url.URL, error) {
	u, err := url.Parse(wsURL)
	if err != nil {
		return nil, fmt.Errorf("server url %q: %w", wsURL, err)
	}
	switch u.Scheme {
	case "ws", "http":
		u.Scheme = "http"
	case "wss", "https":
		u.Scheme = "https"
	default:
		return nil, fmt.Errorf("server url %q: scheme must be ws or wss", wsURL)
	}
	u.Path, u.RawQuery, u.Fragment = "/", "", ""
	return u, nil
}

// WorldFS reads a server's world directory over HTTP (GET base+name) and keeps every file it fetched
// in memory, so go-tiled and world.LoadRoom can read maps from a server exactly as from disk. It is
// safe for concurrent use.
type WorldFS struct {
	base string // absolute URL ending in "/"
	get  transport.Getter

	mu    sync.Mutex // guards cache
	cache map[string][]byte
}

// NewWorldFS serves the world at dir (Welcome.world_url, e.g. "/world/") of the server whose HTTP root
// is root, fetching with get.
func NewWorldFS(get transport.Getter, root *url.URL, dir string) *WorldFS {
	ref, err := url.Parse(dir)
	if err != nil || dir == "" {
		ref = &url.URL{Path: "/world/"}
	}
	base := root.ResolveReference(ref).String()
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return &WorldFS{base: base, get: get, cache: map[string][]byte{}}
}

// Base returns the URL the files are read from.
func (w *WorldFS) Base() string { return w.base }

// ReadFile returns the named file, from the cache or the server.
func (w *WorldFS) ReadFile(name string) ([]byte, error) {
	name = strings.TrimPrefix(name, "./")
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	w.mu.Lock()
	b, ok := w.cache[name]
	w.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := w.fetch(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	w.mu.Lock()
	w.cache[name] = b
	w.mu.Unlock()
	return b, nil
}

func (w *WorldFS) fetch(name string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return w.get.Get(ctx, w.base+(&url.URL{Path: name}).EscapedPath(), maxWorldFile)
}

// Open implements fs.FS.
func (w *WorldFS) Open(name string) (fs.File, error) {
	b, err := w.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return &file{Reader: bytes.NewReader(b), name: name, size: int64(len(b))}, nil
}

type file struct {
	*bytes.Reader
	name string
	size int64
}

func (f *file) Stat() (fs.FileInfo, error) { return fileInfo{f.name, f.size}, nil }
func (f *file) Close() error               { return nil }

type fileInfo struct {
	name string
	size int64
}

func (i fileInfo) Name() string       { return i.name[strings.LastIndex(i.name, "/")+1:] }
func (i fileInfo) Size() int64        { return i.size }
func (i fileInfo) Mode() fs.FileMode  { return 0o444 }
func (i fileInfo) ModTime() time.Time { return time.Time{} }
func (i fileInfo) IsDir() bool        { return false }
func (i fileInfo) Sys() any           { return nil }

var _ fs.ReadFileFS = (*WorldFS)(nil)

// IsNotFound reports whether err means the file does not exist on the server.
func IsNotFound(err error) bool { return errors.Is(err, fs.ErrNotExist) }
