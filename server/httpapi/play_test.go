package httpapi

import (
	"bytes"
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// fakeBuild writes a small stand-in for `make web`'s output into dir.
func fakeBuild(t *testing.T, dir string, wasm []byte) {
	t.Helper()
	for name, b := range map[string][]byte{wasmFile: wasm, wasmExecFile: []byte("// wasm_exec.js stand-in\nclass Go {}\n")} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// get requests path from h with the given Accept-Encoding ("" for none).
func get(t *testing.T, h http.Handler, path, acceptEncoding string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func readBody(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func playMux(dir string) http.Handler {
	c := NewWebClient(dir, "Test Embassy", slog.New(slog.DiscardHandler))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /play", c.Page)
	mux.HandleFunc("GET /play/{file}", c.File)
	return mux
}

var hashedWasm = regexp.MustCompile(`embassy\.[0-9a-f]{16}\.wasm`)

// The play page loads the build under content-hashed names; the .wasm goes out gzip-compressed when
// the browser accepts it, with a year's immutable cache; other names are not found; a rebuild gets
// a new name without a restart.
func TestPlayServesTheHashedBuild(t *testing.T) {
	dir := t.TempDir()
	wasm := bytes.Repeat([]byte("\x00asm fake module "), 4096)
	fakeBuild(t, dir, wasm)
	h := playMux(dir)

	resp := get(t, h, "/play?name=Ada&room=gallery", "")
	page := string(readBody(t, resp))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "no-cache" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /play: %s, Cache-Control %q, Content-Type %q", resp.Status, resp.Header.Get("Cache-Control"), resp.Header.Get("Content-Type"))
	}
	wasmName := hashedWasm.FindString(page)
	execName := regexp.MustCompile(`wasm_exec\.[0-9a-f]{16}\.js`).FindString(page)
	if wasmName == "" || execName == "" {
		t.Fatalf("the play page names no hashed .wasm or wasm_exec.js:\n%s", page)
	}

	resp = get(t, h, "/play/"+wasmName, "br, gzip;q=0.8")
	gz := readBody(t, resp)
	for k, want := range map[string]string{
		"Content-Type": "application/wasm", "Content-Encoding": "gzip",
		"Cache-Control": "public, max-age=31536000, immutable", "Vary": "Accept-Encoding",
	} {
		if got := resp.Header.Get(k); resp.StatusCode != http.StatusOK || got != want {
			t.Errorf("GET %s: %s, %s %q, want %q", wasmName, resp.Status, k, got, want)
		}
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(zr); err != nil || !bytes.Equal(got, wasm) {
		t.Errorf("the gzip body inflates to %d bytes (%v), want the %d of the build", len(got), err, len(wasm))
	}
	if len(gz) >= len(wasm)/4 {
		t.Errorf("compressed %d bytes to %d: not compressed", len(wasm), len(gz))
	}

	for _, enc := range []string{"", "identity", "gzip;q=0, *"} {
		resp = get(t, h, "/play/"+wasmName, enc)
		if got := readBody(t, resp); resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(got, wasm) {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q and %d bytes, want the plain %d", enc, resp.Header.Get("Content-Encoding"), len(got), len(wasm))
		}
	}

	resp = get(t, h, "/play/"+execName, "gzip")
	if body := readBody(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "class Go") ||
		resp.Header.Get("Cache-Control") != immutable || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
		t.Errorf("GET %s: %s %q %q", execName, resp.Status, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
	}

	for _, name := range []string{"embassy.wasm", "wasm_exec.js", "embassy.0123456789abcdef.wasm", "secret.txt", "..%2fplay.go"} {
		if resp := get(t, h, "/play/"+name, "gzip"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET /play/%s: %s, want 404", name, resp.Status)
		}
	}

	// A rebuild: the page names the new build, the old name is gone.
	later := time.Now().Add(time.Minute)
	fakeBuild(t, dir, append(wasm, "v2"...))
	if err := os.Chtimes(filepath.Join(dir, wasmFile), later, later); err != nil {
		t.Fatal(err)
	}
	newName := hashedWasm.FindString(string(readBody(t, get(t, h, "/play", ""))))
	if newName == "" || newName == wasmName {
		t.Errorf("after a rebuild the page names %q, want a new name (was %s)", newName, wasmName)
	}
	if resp := get(t, h, "/play/"+wasmName, "gzip"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the previous build's %s: %s, want 404", wasmName, resp.Status)
	}
}

// gzipped compresses b at the best level with a comment, so that a test can tell this copy from the
// server's own.
func gzipped(t *testing.T, b []byte, comment string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Comment = comment
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// make web's compressed copy is sent as it is when it holds exactly the build; a copy of another
// build, a damaged one or none: the server compresses the build itself.
func TestPlaySendsMakeWebsGzipOfThisBuild(t *testing.T) {
	wasm := bytes.Repeat([]byte("\x00asm fake module "), 4096)
	damaged := gzipped(t, wasm, "make web")
	for _, tc := range []struct {
		name string
		gz   []byte // nil: none
		sent bool   // tc.gz is what goes out
	}{
		{name: "this build's", gz: gzipped(t, wasm, "make web"), sent: true},
		{name: "another build's", gz: gzipped(t, append(wasm, "v2"...), "make web")},
		{name: "damaged", gz: damaged[:len(damaged)-5]},
		{name: "none"},
	} {
		dir := t.TempDir()
		fakeBuild(t, dir, wasm)
		if tc.gz != nil {
			if err := os.WriteFile(filepath.Join(dir, wasmGzFile), tc.gz, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		h := playMux(dir)
		name := hashedWasm.FindString(string(readBody(t, get(t, h, "/play", ""))))
		resp := get(t, h, "/play/"+name, "gzip")
		body := readBody(t, resp)
		if got := bytes.Equal(body, tc.gz); got != tc.sent {
			t.Errorf("%s gzip copy: sent as it is %v, want %v", tc.name, got, tc.sent)
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s gzip copy: %v", tc.name, err)
		}
		if got, err := io.ReadAll(zr); err != nil || !bytes.Equal(got, wasm) {
			t.Errorf("%s gzip copy: the body inflates to %d bytes (%v), want the %d of the build", tc.name, len(got), err, len(wasm))
		}
	}
}

// Without a build, /play says in words how to make one instead of loading nothing.
func TestPlayWithoutABuildSaysHowToBuildIt(t *testing.T) {
	for _, dir := range []string{t.TempDir(), ""} {
		h := playMux(dir)
		resp := get(t, h, "/play?name=Ada", "gzip")
		page := string(readBody(t, resp))
		if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(page, "make web") || strings.Contains(page, "<script") {
			t.Errorf("dir %q: GET /play: %s, want 503 saying make web, without scripts:\n%s", dir, resp.Status, page)
		}
		if resp := get(t, h, "/play/embassy.0123456789abcdef.wasm", "gzip"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("dir %q: a .wasm without a build: %s, want 404", dir, resp.Status)
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"": false, "gzip": true, "GZIP": true, "deflate, gzip, br": true, "gzip;q=0": false, "gzip; q=0.5": true,
		"*": true, "*;q=0": false, "gzip;q=0, *": false, "*, gzip;q=0": false, "br": false, "identity": false,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}
