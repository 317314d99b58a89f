package httpapi

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// The files `make web` puts in the web directory: the client, its gzip-compressed copy (the best
// level, made once by make web; the server compresses the client itself when that copy is missing
// or is not of this client) and Go's loader.
const (
	wasmFile     = "embassy.wasm"
	wasmGzFile   = "embassy.wasm.gz"
	wasmExecFile = "wasm_exec.js"
)

// immutable is the cache header of a file whose name carries its content's hash: a new build has a
// new name, so a browser may keep this one for a year without asking again.
const immutable = "public, max-age=31536000, immutable"

// webBuild is one build of the browser client, read from the web directory: the .wasm gzip-compressed
// (to under a quarter of its size), and both files under names that carry their content's hash.
type webBuild struct {
	wasmSize, wasmTime int64 // of embassy.wasm when read: a change means a new build
	wasmName           string
	wasmGz             []byte
	gzipBy             string // who compressed it: make web (wasmGzFile) or this server
	execName           string
	exec               []byte
}

// WebClient serves the browser client that `make web` builds into a directory: GET /play (the page
// that loads it) and GET /play/{file} (the .wasm and wasm_exec.js under content-hashed names). It
// reads the directory when made and again when embassy.wasm changes, so a rebuild needs no restart;
// while the files are missing, /play says how to build them.
type WebClient struct {
	dir     string
	embassy string
	log     *slog.Logger

	mu    sync.Mutex // guards build; held while reading a new build, so requests share one read
	build *webBuild  // nil: not built
}

// NewWebClient returns the browser client served from dir for the embassy named embassy, reading
// and compressing the build already there.
func NewWebClient(dir, embassy string, log *slog.Logger) *WebClient {
	c := &WebClient{dir: dir, embassy: embassy, log: log}
	if b, err := c.current(); err != nil {
		log.Warn("browser client not built: /play says how to build it (make web)", "dir", dir, "err", err)
	} else {
		log.Info("browser client ready at /play", "dir", dir, "wasm", b.wasmName, "gzip_bytes", len(b.wasmGz), "wasm_bytes", b.wasmSize,
			"gzip_by", b.gzipBy)
	}
	return c
}

// current returns the build in the directory, reading it again if embassy.wasm changed since.
func (c *WebClient) current() (*webBuild, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dir == "" {
		return nil, fmt.Errorf("no web directory: %w", os.ErrNotExist)
	}
	fi, err := os.Stat(filepath.Join(c.dir, wasmFile))
	if err != nil {
		c.build = nil
		return nil, err
	}
	if c.build != nil && c.build.wasmSize == fi.Size() && c.build.wasmTime == fi.ModTime().UnixNano() {
		return c.build, nil
	}
	b, err := readWebBuild(c.dir, fi)
	c.build = b
	return b, err
}

func readWebBuild(dir string, fi os.FileInfo) (*webBuild, error) {
	wasm, err := os.ReadFile(filepath.Join(dir, wasmFile))
	if err != nil {
		return nil, err
	}
	exec, err := os.ReadFile(filepath.Join(dir, wasmExecFile))
	if err != nil {
		return nil, err
	}
	b := &webBuild{
		wasmSize: fi.Size(), wasmTime: fi.ModTime().UnixNano(),
		wasmName: hashedName("embassy", ".wasm", wasm),
		execName: hashedName("wasm_exec", ".js", exec), exec: exec,
	}
	b.wasmGz, b.gzipBy = precompressed(filepath.Join(dir, wasmGzFile), wasm), "make web"
	if b.wasmGz == nil {
		// The default level: on a 32 MB client about 4 s for 7.3 MB; Go's best level took twice
		// as long for 1% less. make web's gzip -9 does better (2%), once per build.
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.DefaultCompression) // a valid level: no error
		if _, err := zw.Write(wasm); err != nil {
			return nil, fmt.Errorf("compress %s: %w", wasmFile, err)
		}
		if err := zw.Close(); err != nil {
			return nil, fmt.Errorf("compress %s: %w", wasmFile, err)
		}
		b.wasmGz, b.gzipBy = gz.Bytes(), "server"
	}
	return b, nil
}

// precompressed returns the gzip file at path if it inflates to exactly wasm, else nil: missing,
// damaged, or left from another build (make web writes it before the .wasm, but a build may have
// been stopped between the two).
func precompressed(path string, wasm []byte) []byte {
	gz, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil
	}
	want := sha256.Sum256(wasm)
	h := sha256.New()
	n, err := io.Copy(h, zr) // checks the gzip trailer's CRC and length too
	if err != nil || n != int64(len(wasm)) || !bytes.Equal(h.Sum(nil), want[:]) {
		return nil
	}
	return gz
}

// hashedName is base.HASH.ext, HASH the first 16 hex digits of content's SHA-256.
func hashedName(base, ext string, content []byte) string {
	sum := sha256.Sum256(content)
	return base + "." + hex.EncodeToString(sum[:8]) + ext
}

// playPage is what play.html shows: the hashed names to load, or, when the client is not built,
// nothing to load and the words to build it.
type playPage struct {
	Embassy  string
	WasmURL  string // empty: not built
	ExecURL  string
	NotBuilt bool
}

// Page serves GET /play.
func (c *WebClient) Page(w http.ResponseWriter, _ *http.Request) {
	page := playPage{Embassy: c.embassy}
	status := http.StatusOK
	if b, err := c.current(); err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			c.log.Error("read the browser client", "dir", c.dir, "err", err)
		}
		page.NotBuilt, status = true, http.StatusServiceUnavailable
	} else {
		page.WasmURL, page.ExecURL = "/play/"+b.wasmName, "/play/"+b.execName
	}
	renderHTML(w, c.log, status, "play.html", page)
}

// File serves GET /play/{file}: the current build's .wasm (gzip when the browser accepts it) and
// wasm_exec.js, only under their hashed names.
func (c *WebClient) File(w http.ResponseWriter, r *http.Request) {
	b, err := c.current()
	if err != nil {
		http.NotFound(w, r)
		return
	}
	name := r.PathValue("file")
	h := w.Header()
	switch name {
	case b.execName:
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		h.Set("Cache-Control", immutable)
		h.Set("Content-Length", strconv.Itoa(len(b.exec)))
		_, _ = w.Write(b.exec)
	case b.wasmName:
		h.Set("Content-Type", "application/wasm")
		h.Set("Cache-Control", immutable)
		h.Set("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			h.Set("Content-Encoding", "gzip")
			h.Set("Content-Length", strconv.Itoa(len(b.wasmGz)))
			_, _ = w.Write(b.wasmGz)
			return
		}
		// Rare (every browser accepts gzip): inflate on the way out rather than keep a second copy.
		h.Set("Content-Length", strconv.FormatInt(b.wasmSize, 10))
		zr, err := gzip.NewReader(bytes.NewReader(b.wasmGz))
		if err == nil {
			_, err = io.Copy(w, zr)
		}
		if err != nil {
			c.log.Debug("send the uncompressed browser client", "err", err)
		}
	default:
		http.NotFound(w, r)
	}
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip: named with a q above 0, or
// not named and * allowed.
func acceptsGzip(header string) bool {
	gzipQ, starQ := -1.0, -1.0
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				q = f
			}
		}
		switch strings.ToLower(strings.TrimSpace(coding)) {
		case "gzip":
			gzipQ = q
		case "*":
			starQ = q
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return starQ > 0
}
