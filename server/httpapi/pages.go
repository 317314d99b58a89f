package httpapi

import (
	"bytes"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"time"
)

// webFiles are the HTML pages' templates.
//
//go:embed web/*.html
var webFiles embed.FS

// renderHTML writes the page template name with data, never cached without asking: the pages name
// the current build and the current events.
func renderHTML(w http.ResponseWriter, log *slog.Logger, status int, name string, data any) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		log.Error("render page", "page", name, "err", err)
		http.Error(w, "The embassy cannot show this page right now; please try again in a moment.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// pages are the HTML pages, escaped by html/template.
var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"utc": func(t time.Time) string { return t.UTC().Format("Mon 2 Jan 2006, 15:04 UTC") },
	"iso": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
}).ParseFS(webFiles, "web/*.html"))
