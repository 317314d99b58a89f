package webtest

import (
	"bufio"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/internal/signintest"
	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/node"
)

// Signing in in the browser through a real server: a moderator's token typed into the landing
// page's sign-in field enters the embassy as that moderator (the server lists them so), the token is
// off the address bar but kept for the tab, a reload enters signed in again, and /play opened anew
// without a sign-in enters as a visitor. A forged token is
// refused in words the page tells, and the page does not knock again (the server counts one
// refusal).
func TestBrowserSignsIn(t *testing.T) {
	ctx := browser(t)
	web := buildWeb(t)
	srv := nodetest.StartWith(t, nil, func(c *node.Config) { c.Secret, c.WebDir = secret, web })
	tok := signintest.Token(t, secret, "Moderator Mo", identity.Moderator)

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.HTTP()+"/"),
		chromedp.SetValue(chromedp.ID("room"), "reception"), chromedp.SendKeys(chromedp.ID("token"), tok),
		chromedp.Click(chromedp.CSS("#enter button[type=submit]"))); err != nil {
		t.Fatal(err)
	}
	// The page takes the token off the address bar as soon as it is parsed, long before the
	// client has loaded.
	var href string
	eventually(t, "/play parsed", time.Minute, func() bool {
		// Errors are the landing page going away under the question.
		href, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname === "/play" && document.readyState !== "loading" ? location.href : ""`))
		return href != ""
	})
	if strings.Contains(href, "#") {
		t.Errorf("the address bar shows %q once /play is parsed, want no token", href)
	}
	if e := inRoom(t, srv, "Moderator Mo", "reception"); e.Role != "moderator" {
		t.Errorf("the server lists the signed-in person as %+v, want a moderator", e)
	}
	waitTold(t, ctx, "the page welcomes the moderator", func(c told) bool { return c.said("Moderator Mo", "as Moderator") })
	type page struct{ Href, Kept string }
	p, err := chromedp.Run(ctx, chromedp.Evaluate[page](`({href: location.href, kept: sessionStorage.getItem("embassy-token")})`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(p.Href, tok) || strings.Contains(p.Href, "#") || !strings.Contains(p.Href, "/play?room=reception") {
		t.Errorf("the address bar shows %q, want /play?room=reception without the token", p.Href)
	}
	if p.Kept != tok {
		t.Errorf("the tab kept %q, want the token", p.Kept)
	}
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitTold(t, ctx, "the reloaded page welcomes the moderator", func(c told) bool { return c.said("Moderator Mo", "as Moderator") })
	// Opening /play anew without a sign-in (the landing page's form without one) enters as a visitor.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.HTTP()+"/play?name=Visitor%20Vi&room=reception")); err != nil {
		t.Fatal(err)
	}
	if e := inRoom(t, srv, "Visitor Vi", "reception"); e.Role != "visitor" {
		t.Errorf("a page opened without a sign-in after one entered as %+v, want a visitor", e)
	}

	// A new tab keeps nothing of the first one's sign-in (sessionStorage is a tab's own).
	forged := tok[:strings.LastIndexByte(tok, '.')+1] + "Zm9yZ2Vk"
	fctx, cancel := chromedp.NewContext(ctx)
	defer cancel()
	if err := chromedp.Do(fctx, chromedp.Navigate(srv.HTTP()+"/play?room=reception#token="+forged)); err != nil {
		t.Fatal(err)
	}
	waitTold(t, fctx, "the page says why the forged sign-in was refused, and that it stopped", func(c told) bool {
		return c.said("this sign-in is not valid", "Start the client again")
	})
	time.Sleep(3 * time.Second) // a client that knocked again would have within 0.5 s, and again within 1 s
	if n := closed(t, srv, "bad_token"); n != "1" {
		t.Errorf("the server turned away %v sign-ins, want the one", n)
	}
}

// closed returns the server's count of sessions closed for reason (embassy_sessions_closed_total).
func closed(t *testing.T, srv *nodetest.Server, reason string) string {
	t.Helper()
	resp, err := http.Get(srv.HTTP() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	want := `embassy_sessions_closed_total{reason="` + reason + `"} `
	for sc := bufio.NewScanner(resp.Body); sc.Scan(); {
		if v, ok := strings.CutPrefix(sc.Text(), want); ok {
			return v
		}
	}
	return "none"
}
