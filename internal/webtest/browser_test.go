package webtest

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/internal/realpart"
	"github.com/embassy-project/embassy/internal/signintest"
	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/node"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

const secret = "the browser test's secret, at least thirty-two bytes"

// browser starts headless Chromium (SwiftShader WebGL, as FACTS says) for the test.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := realpart.Command(t, "chromium", "chromium")
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("headless", "new"), chromedp.Flag("use-angle", "swiftshader"), chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1280, 800))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelA() })
	return ctx
}

type onlineEntry struct{ Name, Room, Role string }

// typeKeys types keys as a person does. Letters reach the game however fast they come (it buffers
// the characters), but a key the game reads as pressed (Enter, Escape) must still be down when its
// next frame runs, and a loaded machine's frames come slowly: such keys are held for 400 ms.
func typeKeys(keys string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, r := range keys {
			hold := 30 * time.Millisecond
			if r == '\r' || r == '\u001b' {
				hold = 400 * time.Millisecond
			}
			for _, k := range kb.Encode(r) {
				if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, *k); err != nil {
					return err
				}
				if k.Type == input.DispatchKeyEventTypeRawKeyDown || k.Type == input.DispatchKeyEventTypeKeyDown {
					time.Sleep(hold)
				}
			}
		}
		return nil
	})
}

// click presses the left button at x, y and holds it for 400 ms, after moving there: the game
// reads the pointer from its moves and the button once a frame.
func click(x, y float64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, step := range []struct {
			typ  input.DispatchMouseEventType
			wait time.Duration
		}{
			{input.DispatchMouseEventTypeMouseMoved, 300 * time.Millisecond},
			{input.DispatchMouseEventTypeMousePressed, 400 * time.Millisecond},
			{input.DispatchMouseEventTypeMouseReleased, 0},
		} {
			p := input.DispatchMouseEventParams{Type: step.typ, X: x, Y: y}
			if step.typ != input.DispatchMouseEventTypeMouseMoved {
				p.Button, p.ClickCount = input.MouseButtonLeft, 1
			}
			if _, err := cdp.Call(ctx, t, input.DispatchMouseEvent, p); err != nil {
				return err
			}
			time.Sleep(step.wait)
		}
		return nil
	})
}

// online reads /api/online as staff.
func online(t *testing.T, srv *nodetest.Server) []onlineEntry {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.HTTP()+"/api/online", nil)
	req.Header.Set("Authorization", "Bearer "+signintest.Token(t, secret, "Duty Officer", identity.Moderator))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var list []onlineEntry
	_ = json.Unmarshal(b, &list)
	return list
}

// inRoom waits up to 90 s for the server to list name in room, and returns how it lists them.
func inRoom(t *testing.T, srv *nodetest.Server, name, room string) onlineEntry {
	t.Helper()
	var found onlineEntry
	eventually(t, name+" online in "+room, 90*time.Second, func() bool {
		for _, e := range online(t, srv) {
			if e.Name == name && e.Room == room {
				found = e
				return true
			}
		}
		return false
	})
	return found
}

// botSeeing brings a headless client, Bot Bo, into the Reception Hall and waits until it sees
// name's avatar; it returns the bot (closed when the test ends) and where it saw the avatar.
func botSeeing(t *testing.T, ctx context.Context, srv *nodetest.Server, name string) (*client.Client, world.Vec) {
	t.Helper()
	bot, err := client.Dial(ctx, client.Options{URL: srv.WS(), Name: "Bot Bo", Client: "webtest"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bot.Close() })
	if err := bot.Join("reception"); err != nil {
		t.Fatal(err)
	}
	var at world.Vec
	if err := bot.WaitFor(ctx, func(v *client.View) bool {
		a := v.ByName(name)
		if a != nil {
			at = a.Pos
		}
		return a != nil
	}); err != nil {
		t.Fatalf("the bot never saw %s's avatar: %v", name, err)
	}
	return bot, at
}

func eventually(t *testing.T, what string, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", within, what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// told is what a page has told screen readers: the lines of play.html's live region and its list
// of the people near.
type told struct {
	Lines  []string
	People []string
}

// toldJS reads a page's told.
const toldJS = `({lines: [...document.querySelectorAll("#embassy-log p")].map(p => p.textContent),
	people: [...document.querySelectorAll("#embassy-people li")].map(li => li.textContent)})`

// said reports whether a line contains every one of parts.
func (c told) said(parts ...string) bool {
	return slices.ContainsFunc(c.Lines, func(l string) bool {
		for _, p := range parts {
			if !strings.Contains(l, p) {
				return false
			}
		}
		return true
	})
}

// waitTold waits up to 90 s for the page in ctx to have told screen readers what cond wants, and
// returns what it told; the failure shows what it told instead.
func waitTold(t *testing.T, ctx context.Context, what string, cond func(told) bool) told {
	t.Helper()
	var last told
	var err error
	for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(300 * time.Millisecond) {
		if last, err = chromedp.Run(ctx, chromedp.Evaluate[told](toldJS)); err == nil && cond(last) {
			return last
		}
		if time.Now().After(deadline) {
			t.Fatalf("not within 90 s: %s (%v); the page told screen readers:\n%s\npeople near: %q", what, err, strings.Join(last.Lines, "\n"), last.People)
		}
	}
}

// The WebAssembly client in headless Chromium against a real server: the page loads and the
// client connects (the server lists the person in the room), a headless client beside it sees
// the browser's avatar and the browser sees the bot's (its list of people near, for screen
// readers), a chat line goes each way, a click walks it (its position changes on the server), the
// canvas is not blank, and a second browser sees the first one's avatar.
func TestBrowserClientVisitsTheEmbassy(t *testing.T) {
	ctx := browser(t)
	web := buildWeb(t)
	srv := nodetest.StartWith(t, nil, func(c *node.Config) { c.Secret, c.WebDir = secret, web })

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.HTTP()+"/play?name=Browser%20Bea&room=reception")); err != nil {
		t.Fatal(err)
	}
	inRoom(t, srv, "Browser Bea", "reception")
	bctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	bot, start := botSeeing(t, bctx, srv, "Browser Bea")
	waitTold(t, ctx, "the browser tells that the bot is near", func(c told) bool {
		return slices.Contains(c.People, "Bot Bo") && c.said("Bot Bo", "here") && c.said("You are in the Reception Hall.")
	})

	chatBothWays(t, ctx, bctx, bot)

	// Click to walk, right of the avatar.
	if err := chromedp.Do(ctx, click(900, 300)); err != nil {
		t.Fatal(err)
	}
	if err := bot.WaitFor(bctx, func(v *client.View) bool {
		a := v.ByName("Browser Bea")
		return a != nil && a.Pos != start
	}); err != nil {
		t.Fatalf("the browser's click did not walk its avatar: %v", err)
	}

	canvasNotBlank(t, ctx)
	// The canvas is named for screen readers, and an application, which takes the arrow keys.
	canvas, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const c = document.querySelector("canvas");
		return [c.getAttribute("role"), c.getAttribute("aria-label"), document.getElementById(c.getAttribute("aria-describedby")).textContent.slice(0, 33)].join("|") })()`))
	if want := "application|The embassy|The embassy is drawn on a canvas;"; err != nil || canvas != want {
		t.Errorf("the canvas is %q (%v), want %q", canvas, err, want)
	}

	// A second browser enters under another name and sees the first one's avatar; the first is
	// told of the second.
	ctx2 := browser(t)
	if err := chromedp.Do(ctx2, chromedp.Navigate(srv.HTTP()+"/play?name=Browser%20Cid&room=reception")); err != nil {
		t.Fatal(err)
	}
	waitTold(t, ctx2, "the second browser sees the first one's avatar", func(c told) bool {
		return slices.Contains(c.People, "Browser Bea") && c.said("Browser Bea", "here")
	})
	waitTold(t, ctx, "the first browser is told of the second", func(c told) bool {
		return slices.Contains(c.People, "Browser Cid") && c.said("Browser Cid is here.")
	})
}

// chatBothWays types a line in the browser, which the bot must hear, and has the bot say one, which
// the browser must show (and tell screen readers).
func chatBothWays(t *testing.T, ctx, bctx context.Context, bot *client.Client) {
	t.Helper()
	// Keys go to the focused element, and a headless page has none: focus the game's canvas, as a
	// person's first click would.
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const c = document.querySelector("canvas"); c.focus(); return document.activeElement === c })()`))
	if err != nil || !focused {
		t.Fatalf("focus the canvas: %v (focused %v)", err, focused)
	}
	// Type a line: Enter opens the chat, the text, Enter sends it. The first keys a page gets can be
	// lost while the game wakes (and letters typed outside the chat are the game's keys: Escape
	// closes what they open), so a line that does not arrive is typed again, at most three times.
	heard := func(v *client.View) bool {
		for _, l := range v.Chat {
			if l.Event != nil && l.Event.GetText() == "hello from the browser" && l.Event.GetKind() == pb.ChatKind_CHAT_SAY {
				return true
			}
		}
		return false
	}
	for try := 1; ; try++ {
		if err := chromedp.Do(ctx, typeKeys(kb.Escape+kb.Escape), chromedp.Sleep(300*time.Millisecond), typeKeys("\r"),
			chromedp.Sleep(300*time.Millisecond), typeKeys("hello from the browser"), chromedp.Sleep(300*time.Millisecond),
			typeKeys("\r")); err != nil {
			t.Fatal(err)
		}
		wctx, cancel := context.WithTimeout(bctx, 10*time.Second)
		err := bot.WaitFor(wctx, heard)
		cancel()
		if err == nil {
			break
		}
		if try == 3 {
			t.Fatalf("a line typed in the browser three times did not reach the other client: %v", err)
		}
	}
	if _, err := bot.Chat(pb.ChatKind_CHAT_SAY, "hello from the bot", ""); err != nil {
		t.Fatal(err)
	}
	waitTold(t, ctx, "the browser shows the bot's line", func(c told) bool {
		return c.said("Browser Bea: hello from the browser") && c.said("Bot Bo: hello from the bot")
	})
}

// canvasNotBlank fails unless a screenshot of the page has many colours (the game drew the room).
func canvasNotBlank(t *testing.T, ctx context.Context) {
	t.Helper()
	shot, _, colours := screenshot(t, ctx)
	if colours < 30 {
		t.Errorf("the canvas looks blank: %d colours", colours)
	}
	if out := os.Getenv("EMBASSY_WEBTEST_SHOT"); out != "" { // to look at it: EMBASSY_WEBTEST_SHOT=/tmp/b.png
		_ = os.WriteFile(out, shot, 0o644)
	}
}

// screenshot takes one of the page: the PNG, the image and how many colours it shows (a blank
// page has a handful; a drawn room, many).
func screenshot(t *testing.T, ctx context.Context) ([]byte, image.Image, int) {
	t.Helper()
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	colours := map[uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[r>>12<<8|g>>12<<4|bl>>12] = true
		}
	}
	return shot, img, len(colours)
}
