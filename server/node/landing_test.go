package node

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/server/identity"
)

// getPage fetches path from ts and returns its status and body.
func getPage(t *testing.T, ts *testServer, path string) (int, string) {
	t.Helper()
	code, _, body := adminCall(t, ts, http.MethodGet, path, "", "")
	return code, string(body)
}

// The landing page through a real node: an event a diplomat creates through the API is listed (one
// on now under "On now" with a way in, one to come in UTC with a machine-readable time), a hostile
// title is shown as text, every form field has a label, the sign-in field is never sent in the
// query, and the list of endpoints moved to /api.
func TestLandingPageListsEventsFromTheAPI(t *testing.T) {
	ts := startServer(t)
	tok := staffToken(t, "Ambassador Ada", identity.Diplomat)
	now := time.Now().UTC().Truncate(time.Minute)
	create := func(title, room string, starts, ends time.Time) {
		t.Helper()
		body := fmt.Sprintf(`{"title": %q, "room": %q, "starts": %q, "ends": %q}`, title, room, starts.Format(time.RFC3339), ends.Format(time.RFC3339))
		if code, _, out := adminCall(t, ts, http.MethodPost, "/api/events", tok, body); code != http.StatusCreated {
			t.Fatalf("POST /api/events %q: %d %s", title, code, out)
		}
	}
	create("Film night", "gallery", now.Add(-time.Minute), now.Add(time.Hour))
	starts := now.Add(48 * time.Hour)
	create(`National Day <script>alert("x")</script> & toast`, "reception", starts, starts.Add(2*time.Hour))

	code, page := getPage(t, ts, "/")
	if code != http.StatusOK {
		t.Fatalf("GET /: %d", code)
	}
	live, upcoming, ok := strings.Cut(page, `id="upcoming"`)
	if !ok {
		t.Fatalf("the landing page has no upcoming section:\n%s", page)
	}
	if !strings.Contains(live, "Film night") || !strings.Contains(live, `href="/play?room=gallery"`) {
		t.Errorf("the running event is not under On now with a way in:\n%s", live)
	}
	wantTime := fmt.Sprintf(`<time datetime="%s">%s</time>`, starts.Format(time.RFC3339), starts.Format("Mon 2 Jan 2006, 15:04 UTC"))
	if !strings.Contains(upcoming, "National Day &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; toast") || !strings.Contains(upcoming, wantTime) {
		t.Errorf("the coming event is not listed escaped with %s:\n%s", wantTime, upcoming)
	}
	if strings.Contains(page, `<script>alert`) {
		t.Errorf("the hostile title reached the page unescaped")
	}
	for _, want := range []string{`href="/api/events.ics"`, `href="/play"`, `<form action="/play" method="get"`, "/api/rooms"} {
		if !strings.Contains(page, want) {
			t.Errorf("the landing page lacks %s", want)
		}
	}
	fields := regexp.MustCompile(`<(?:input|select)\b[^>]*\bid="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(fields) != 5 {
		t.Errorf("the join form has %d fields, want name, room, body, accent and a sign-in", len(fields))
	}
	// The sign-in field has no name: the form never puts the token in /play's query, which servers
	// log; the page's script puts it after the #.
	if tok := regexp.MustCompile(`<input\b[^>]*\bid="token"[^>]*>`).FindString(page); tok == "" || strings.Contains(tok, " name=") {
		t.Errorf("the sign-in field %q is missing or would be sent in the query", tok)
	}
	for _, f := range fields {
		if !strings.Contains(page, `<label for="`+f[1]+`">`) {
			t.Errorf("form field %q has no label", f[1])
		}
	}
	if n := strings.Count(page, "<input") + strings.Count(page, "<select"); n != len(fields) {
		t.Errorf("%d form fields, %d of them with an id for a label", n, len(fields))
	}
	if code, text := getPage(t, ts, "/api"); code != http.StatusOK || !strings.Contains(text, "/api/online") {
		t.Errorf("GET /api: %d %q", code, text)
	}
}
