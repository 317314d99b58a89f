package webtest

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"os"
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

type onlineEntry struct{ Name, Room string }

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

// The WebAssembly client in headless Chromium against a real server: the page loads and the
// client connects (the server lists the person in the room), a headless client beside it sees
// the browser's avatar, a click walks it (its position changes on the server), a chat line typed
// in the browser reaches the other client, and the canvas is not blank.
func TestBrowserClientVisitsTheEmbassy(t *testing.T) {
	ctx := browser(t)
	web := buildWeb(t)
	srv := nodetest.StartWith(t, nil, func(c *node.Config) { c.Secret, c.WebDir = secret, web })

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.HTTP()+"/play?name=Browser%20Bea&room=reception")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the browser client in the Reception Hall", 90*time.Second, func() bool {
		for _, e := range online(t, srv) {
			if e.Name == "Browser Bea" && e.Room == "reception" {
				return true
			}
		}
		return false
	})

	bctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bot, err := client.Dial(bctx, client.Options{URL: srv.WS(), Name: "Bot Bo", Client: "webtest"})
	if err != nil {
		t.Fatal(err)
	}
	defer bot.Close()
	if err := bot.Join("reception"); err != nil {
		t.Fatal(err)
	}
	var start struct{ X, Y int32 }
	if err := bot.WaitFor(bctx, func(v *client.View) bool {
		a := v.ByName("Browser Bea")
		if a != nil {
			start.X, start.Y = a.Pos.X, a.Pos.Y
		}
		return a != nil
	}); err != nil {
		t.Fatalf("the other client never saw the browser's avatar: %v", err)
	}

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
		wctx, cancel := context.WithTimeout(bctx, 5*time.Second)
		err := bot.WaitFor(wctx, heard)
		cancel()
		if err == nil {
			break
		}
		if try == 3 {
			t.Fatalf("a line typed in the browser three times did not reach the other client: %v", err)
		}
	}

	// Click to walk, right of the avatar.
	if err := chromedp.Do(ctx, click(900, 300)); err != nil {
		t.Fatal(err)
	}
	if err := bot.WaitFor(bctx, func(v *client.View) bool {
		a := v.ByName("Browser Bea")
		return a != nil && (a.Pos.X != start.X || a.Pos.Y != start.Y)
	}); err != nil {
		t.Fatalf("the browser's click did not walk its avatar: %v", err)
	}

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
	if len(colours) < 30 {
		t.Errorf("the canvas looks blank: %d colours", len(colours))
	}
	if out := os.Getenv("EMBASSY_WEBTEST_SHOT"); out != "" { // to look at it: EMBASSY_WEBTEST_SHOT=/tmp/b.png
		_ = os.WriteFile(out, shot, 0o644)
	}
}
