package webtest

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/server/node"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// A phone held sideways (an iPhone 14's 844 x 390 CSS pixels), with a touch screen and no mouse.
// Its pixel ratio is 2, not the iPhone's 3: the game draws every device pixel, and a software
// renderer on a loaded two-core machine drew 2532 x 1170 too slowly to see a 400 ms tap every time
// (client/hud's layout tests cover the ratio of 3).
const phoneW, phoneH, phoneDPR = 844, 390, 2

// The button bar's first button (Chat; Close while a panel is open) is at its left end, the bar
// 40 CSS pixels high along the bottom.
const barLeftX, barY = 22, phoneH - 20

// asPhone makes the page a phone's: its size and pixel ratio, touch events, a coarse pointer.
func asPhone() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: phoneW, Height: phoneH, DeviceScaleFactor: phoneDPR, Mobile: true,
		}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 5})
		return err
	})
}

// tap touches the screen at x, y (CSS pixels) and lifts the finger 700 ms later: the game reads
// fingers once a frame (a finger down and up between two frames is not seen), and a loaded
// machine's frames come slowly.
func tap(x, y float64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{
			Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: []*input.TouchPoint{{X: x, Y: y}},
		}); err != nil {
			return err
		}
		time.Sleep(700 * time.Millisecond)
		_, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}})
		return err
	})
}

// insertText types text as an on-screen keyboard does: into the focused element, with no keys.
func insertText(text string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
		return err
	})
}

// enterKey presses Enter and releases it hold later, with no character: a phone keyboard's Return
// (and, held for no time at all, a quick finger on a slow frame, both reaching the game between two
// of its frames).
func enterKey(hold time.Duration) chromedp.Action[chromedp.Void] { return key("Enter", 13, hold) }

// key presses the key named code (a DOM code: "Enter", "F6") and releases it hold later.
func key(code string, vk int64, hold time.Duration) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
			p := input.DispatchKeyEventParams{Type: typ, Key: code, Code: code, WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk}
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, p); err != nil {
				return err
			}
			time.Sleep(hold)
		}
		return nil
	})
}

// activeElement names the element with the keyboard focus: "CANVAS", or "TEXTAREA#id".
func activeElement(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const e = document.activeElement; return e ? e.tagName + (e.id ? "#" + e.id : "") : "" })()`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// phoneShot takes a screenshot of the page, checks it is a phone's and not blank, and keeps it in
// EMBASSY_WEBTEST_SHOTS (a directory) when that is set, to be looked at.
func phoneShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	shot, img, colours := screenshot(t, ctx)
	if b := img.Bounds(); b.Dx() != phoneW*phoneDPR || b.Dy() != phoneH*phoneDPR {
		t.Errorf("%s: the screenshot is %v, not a phone's %dx%d", name, b.Size(), phoneW*phoneDPR, phoneH*phoneDPR)
	}
	if colours < 30 {
		t.Errorf("%s: the canvas looks blank: %d colours", name, colours)
	}
	if dir := os.Getenv("EMBASSY_WEBTEST_SHOTS"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, name+".png"), shot, 0o644)
	}
}

// The browser client on a phone held sideways, by touch alone: a tap on the floor walks the avatar
// (its position changes on the server); a tap on the Chat button gives the page's text element
// the focus (so a phone's keyboard comes up) and what that keyboard types, sent with its Enter,
// reaches another client; help, the events and the tours panels opened over the small screen close
// with the bar's Close, after which a tap walks again. Also the key lost last: an Enter pressed and
// released between two slow frames still opens the chat.
func TestPhoneVisitsTheEmbassyByTouch(t *testing.T) {
	ctx := browser(t)
	web := buildWeb(t)
	srv := nodetest.StartWith(t, nil, func(c *node.Config) { c.Secret, c.WebDir = secret, web })
	if err := chromedp.Do(ctx, asPhone(), chromedp.Navigate(srv.HTTP()+"/play?name=Phone%20Pia&room=reception")); err != nil {
		t.Fatal(err)
	}
	inRoom(t, srv, "Phone Pia", "reception")
	bctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bot, err := client.Dial(bctx, client.Options{URL: srv.WS(), Name: "Bot Bo", Client: "webtest"})
	if err != nil {
		t.Fatal(err)
	}
	defer bot.Close()
	if err := bot.Join("reception"); err != nil {
		t.Fatal(err)
	}
	var at struct{ X, Y int32 }
	where := func(v *client.View) bool {
		a := v.ByName("Phone Pia")
		if a != nil {
			at.X, at.Y = a.Pos.X, a.Pos.Y
		}
		return a != nil
	}
	if err := bot.WaitFor(bctx, where); err != nil {
		t.Fatalf("the other client never saw the phone's avatar: %v", err)
	}
	// The camera keeps the avatar in the middle of the screen: a tap two tiles (about 100 CSS
	// pixels) away walks it, unless furniture stands there; then the next spot is tried.
	walksOnTap := func(what string) {
		t.Helper()
		from := at
		for _, d := range [][2]float64{{100, 0}, {-100, 0}, {0, 80}, {0, -80}} {
			if err := chromedp.Do(ctx, tap(phoneW/2+d[0], (phoneH-40)/2+d[1])); err != nil {
				t.Fatal(err)
			}
			wctx, cancel := context.WithTimeout(bctx, 10*time.Second)
			err := bot.WaitFor(wctx, func(v *client.View) bool {
				a := v.ByName("Phone Pia")
				return a != nil && (a.Pos.X != from.X || a.Pos.Y != from.Y)
			})
			cancel()
			if err == nil {
				time.Sleep(2 * time.Second) // let it arrive
				_ = bot.WaitFor(bctx, where)
				return
			}
		}
		phoneShot(t, ctx, "phone-did-not-walk")
		t.Fatalf("%s: taps on the floor on four sides did not walk the avatar", what)
	}
	walksOnTap("first")

	// The Chat button: the page's hidden text element takes the focus at the end of the tap, as a
	// phone's keyboard needs.
	if err := chromedp.Do(ctx, tap(barLeftX, barY)); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the text element focused for the keyboard", 10*time.Second, func() bool {
		return activeElement(t, ctx) == "TEXTAREA#ebitengine-textinput"
	})
	phoneShot(t, ctx, "phone-chat")
	heard := func(line string) func(v *client.View) bool {
		return func(v *client.View) bool {
			for _, l := range v.Chat {
				if l.Event != nil && l.Event.GetText() == line && l.Event.GetKind() == pb.ChatKind_CHAT_SAY {
					return true
				}
			}
			return false
		}
	}
	if err := chromedp.Do(ctx, insertText("hello from a phone"), chromedp.Sleep(500*time.Millisecond), enterKey(400*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if err := bot.WaitFor(bctx, heard("hello from a phone")); err != nil {
		t.Fatalf("the line typed on the phone's keyboard did not reach the other client: %v", err)
	}
	eventually(t, "the keyboard let go once the line was sent", 10*time.Second, func() bool {
		return activeElement(t, ctx) == "CANVAS"
	})

	// Help over the small screen; the bar's Close closes it, and the floor takes taps again.
	if err := chromedp.Do(ctx, typeKeys("h"), chromedp.Sleep(time.Second)); err != nil {
		t.Fatal(err)
	}
	phoneShot(t, ctx, "phone-help")
	if err := chromedp.Do(ctx, tap(barLeftX, barY), chromedp.Sleep(500*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	// The events and tours panels (F6, F8) over the small screen, each closed with Close.
	for _, p := range []struct {
		name string
		vk   int64
	}{{"events", 117}, {"tours", 119}} {
		if err := chromedp.Do(ctx, key("F"+strconv.Itoa(int(p.vk)-111), p.vk, 400*time.Millisecond), chromedp.Sleep(time.Second)); err != nil {
			t.Fatal(err)
		}
		phoneShot(t, ctx, "phone-"+p.name)
		if err := chromedp.Do(ctx, tap(barLeftX, barY), chromedp.Sleep(500*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	walksOnTap("after Close")
	phoneShot(t, ctx, "phone-walked")

	// The same page with a keyboard and a mouse (the phone's emulation off): a quick Enter on slow
	// frames (the CPU slowed eight times) opens the chat, and the line typed after it is sent, where
	// before the Enter was lost and the line's letters were read as keys (H opened help).
	slow := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: false}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, t, emulation.ClearDeviceMetricsOverride, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: 8})
		return err
	})
	if err := chromedp.Do(ctx, slow, enterKey(0), chromedp.Sleep(2*time.Second), typeKeys("hi after a quick enter"),
		chromedp.Sleep(time.Second), typeKeys("\r")); err != nil {
		t.Fatal(err)
	}
	if err := bot.WaitFor(bctx, heard("hi after a quick enter")); err != nil {
		t.Fatalf("a quick Enter on slow frames did not open the chat: %v", err)
	}
}
