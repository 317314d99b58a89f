package hud

import (
	"image"
	"image/color"
	"math"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/ui"
)

// chatLines is how many lines of history the chat shows at most: fewer on a short screen, at least
// minChatLines.
const (
	chatLines    = 9
	minChatLines = 3
)

// pinFor is how long a line meant for you stays pinned above the history after a crowd's chatter
// pushed it out of view.
const pinFor = 30 * time.Second

// Chat is the chat history and the line you type, bottom left. Enter (or T, or /) focuses it; Enter
// sends, Esc cancels. Lines meant for you (replies, refusals, direct messages) that the crowd pushed
// out of view stay pinned above the history for a while.
type Chat struct {
	Env
	field  ui.TextField
	bounds image.Rectangle
	input  image.Rectangle // the line you type in
	x, y   float64
	w, h   float64
	rows   int                 // history lines that fit
	lines  []session.ChatEntry // wrapped history lines to show, newest first
	pinned []session.ChatEntry // wrapped pinned lines, oldest first
	drag   float64             // a finger's drag not yet turned into whole lines
}

// NewChat returns the chat widget.
func NewChat(env Env) *Chat {
	c := &Chat{Env: env}
	c.field.Max = 500
	return c
}

// Focusable implements ui.Focuser.
func (ch *Chat) Focusable() bool { return true }

// Layout implements ui.Widget: it wraps the newest history to the panel's width.
func (ch *Chat) Layout(c *ui.Context) {
	f := c.Fonts
	ch.w = min(c.S(470), float64(c.Screen.Dx())*0.45)
	tw := ch.w - c.S(24)
	measure := func(t string) float64 { return gfx.Measure(f.Body, t) }
	lh := gfx.LineHeight(f.Body) + c.S(2)
	inputH := gfx.LineHeight(f.Body) + c.S(14)
	// On a short screen (a phone held sideways) the history takes at most 40% of the height.
	ch.rows = min(max(int((float64(c.Screen.Dy())*0.4-inputH-c.S(22))/lh), minChatLines), chatLines)
	ch.lines = ch.lines[:0]
	entries := ch.M.Chat.Visible(40)
	shown := 0
	for i := len(entries) - 1; i >= 0 && len(ch.lines) < ch.rows; i-- {
		e := entries[i]
		wrapped := ui.Wrap(e.Text, tw, measure)
		for j := len(wrapped) - 1; j >= 0; j-- {
			ch.lines = append(ch.lines, session.ChatEntry{Text: wrapped[j], Tone: e.Tone, At: e.At})
		}
		shown++
	}
	ch.lines = ch.lines[:min(len(ch.lines), ch.rows)]
	ch.pinned = ch.pinned[:0]
	for _, e := range ch.M.Chat.Pinned(2, shown, ch.M.Now.Add(-pinFor)) {
		l := ui.Ellipsize(e.Text, tw-c.S(16), measure)
		ch.pinned = append(ch.pinned, session.ChatEntry{Text: l, Tone: e.Tone, At: e.At})
	}
	ch.h = float64(ch.rows+len(ch.pinned))*lh + inputH + c.S(22)
	if len(ch.pinned) > 0 {
		ch.h += c.S(8)
	}
	ch.x, ch.y = c.S(14), float64(c.Screen.Dy())-ch.h-c.S(10)-HintBarHeight(c.Scale)
	ch.bounds = rect(ch.x, ch.y, ch.w, ch.h)
	ch.input = rect(ch.x+c.S(6), ch.y+ch.h-inputH-c.S(6), ch.w-c.S(12), inputH)
}

// Bounds implements ui.Bounded.
func (ch *Chat) Bounds() image.Rectangle { return ch.bounds }

// Update implements ui.Widget.
func (ch *Chat) Update(c *ui.Context, in *ui.Input) {
	if dy := in.TakeWheel(ch.bounds); dy != 0 {
		ch.M.Chat.ScrollBy(int(math.Copysign(3, dy)))
	}
	ch.dragLines(c, in.TakeDrag(ch.bounds))
	if in.TakeClick(ch.input) {
		c.Focus(ch)
	}
	in.TakeMouse(ch.bounds) // a tap on the history scrolls it, not the world
	if !c.Focused(ch) {
		if a, ok := in.TakeAny(ui.Submit, ui.OpenChat, ui.Command); ok {
			c.Focus(ch)
			if a == ui.Command {
				ch.field.Set("/")
			}
			c.WantText(&ch.field, ch.input) // a phone's keyboard, at once
		}
		ch.scrollKeys(in)
		return
	}
	ch.field.Edit(in)
	switch a, _ := in.TakeAny(ui.Submit, ui.Cancel); {
	case a == ui.Submit:
		ch.field.CommitPreedit() // the word a phone's keyboard is still composing
		line := ch.field.String()
		ch.field.Set("")
		c.FocusDefault()
		ch.Act.Say(line)
	case a == ui.Cancel:
		ch.field.Set("")
		c.FocusDefault()
	case in.KeyboardClosed(): // what is typed stays for later
		c.FocusDefault()
	default:
		c.WantText(&ch.field, ch.input)
	}
	ch.scrollKeys(in)
	in.TakeKeys()
}

// dragLines scrolls the history by a finger's drag, a line at a time.
func (ch *Chat) dragLines(c *ui.Context, dy float64) {
	lh := gfx.LineHeight(c.Fonts.Body) + c.S(2)
	ch.drag += dy
	if n := int(ch.drag / lh); n != 0 {
		ch.M.Chat.ScrollBy(n)
		ch.drag -= float64(n) * lh
	}
}

func (ch *Chat) scrollKeys(in *ui.Input) {
	if in.Take(ui.PageUp) {
		ch.M.Chat.ScrollBy(5)
	}
	if in.Take(ui.PageDown) {
		ch.M.Chat.ScrollBy(-5)
	}
}

// Text returns what is typed so far (tests read it).
func (ch *Chat) Text() string { return ch.field.String() }

// Draw implements ui.Widget.
func (ch *Chat) Draw(dst *ebiten.Image, c *ui.Context) {
	f, s := c.Fonts, c.Scale
	typing := c.Focused(ch)
	gfx.PanelBox(dst, ch.x, ch.y, ch.w, ch.h, s, typing)
	lh := gfx.LineHeight(f.Body) + 2*s
	yy := ch.y + 10*s
	if len(ch.pinned) > 0 {
		ph := float64(len(ch.pinned))*lh + 4*s
		gfx.FillRoundRect(dst, ch.x+6*s, yy-3*s, ch.w-12*s, ph, 5*s, color.RGBA{0x2a, 0x24, 0x10, 0xe0})
		for _, e := range ch.pinned {
			gfx.DrawText(dst, "›", f.Bold, ch.x+12*s, yy, gfx.ColAccent, 0)
			gfx.DrawText(dst, e.Text, f.Body, ch.x+24*s, yy, ToneColor(e.Tone), 0)
			yy += lh
		}
		yy += 8 * s
	}
	yy += float64(ch.rows-1) * lh
	for _, e := range ch.lines {
		gfx.DrawText(dst, e.Text, f.Body, ch.x+12*s, yy, ToneColor(e.Tone), 0)
		yy -= lh
	}
	if n := ch.M.Chat.Scroll; n > 0 {
		gfx.DrawText(dst, msg.T("%d newer  ·  PgDn", n), f.Small, ch.x+ch.w-12*s, ch.y+8*s, gfx.ColAccent, 2)
	}
	ch.drawField(dst, c, typing)
}

// drawField draws the line being typed, or a prompt.
func (ch *Chat) drawField(dst *ebiten.Image, c *ui.Context, typing bool) {
	f, s := c.Fonts, c.Scale
	r := ch.input
	gfx.FillRoundRect(dst, float64(r.Min.X), float64(r.Min.Y), float64(r.Dx()), float64(r.Dy()), 6*s, color.RGBA{0x0e, 0x11, 0x18, 0xd0})
	ty := float64(r.Min.Y) + (float64(r.Dy())-gfx.LineHeight(f.Body))/2
	if !typing {
		prompt := ui.Ellipsize(msg.T("Enter or tap here to chat  ·  /help for commands"), ch.w-28*s, func(t string) float64 { return gfx.Measure(f.Body, t) })
		gfx.DrawText(dst, prompt, f.Body, ch.x+14*s, ty, gfx.ColDim, 0)
		return
	}
	drawTyped(dst, c, &ch.field, ch.x+14*s, ty, ch.w-40*s)
}

// drawTyped draws what is typed in field from (x, y), its end in view within w, what a keyboard is
// composing underlined at the caret, and a blinking caret.
func drawTyped(dst *ebiten.Image, c *ui.Context, field *ui.TextField, x, y, w float64) {
	f, s := c.Fonts, c.Scale
	pre := field.Before()
	text := pre + field.Preedit + field.String()[len(pre):]
	shown, before := ui.VisibleTail(text, pre+field.Preedit, w, func(t string) float64 { return gfx.Measure(f.Body, t) })
	gfx.DrawText(dst, shown, f.Body, x, y, gfx.ColText, 0)
	if field.Preedit != "" {
		pw := gfx.Measure(f.Body, field.Preedit)
		ux := x + gfx.Measure(f.Body, before) - pw
		gfx.FillRoundRect(dst, max(ux, x), y+gfx.LineHeight(f.Body), min(pw, gfx.Measure(f.Body, before)), max(1, s), 0, gfx.ColFocus)
	}
	if (c.Frame/30)%2 == 0 {
		cx := x + gfx.Measure(f.Body, before)
		gfx.FillRoundRect(dst, cx, y, max(1.5*s, 1), gfx.LineHeight(f.Body), 0, gfx.ColFocus)
	}
}

// ToneColor is the colour of a chat line.
func ToneColor(t session.Tone) color.RGBA {
	switch t {
	case session.ToneWhisper:
		return color.RGBA{0xb9, 0xa8, 0xff, 0xff}
	case session.ToneShout:
		return color.RGBA{0xff, 0xd0, 0x7a, 0xff}
	case session.ToneDirect:
		return color.RGBA{0x7d, 0xe3, 0xff, 0xff}
	case session.ToneAnnounce:
		return gfx.ColAccent
	case session.ToneEmote:
		return color.RGBA{0xa8, 0xe6, 0xa1, 0xff}
	case session.ToneSystem:
		return gfx.ColDim
	case session.ToneError:
		return gfx.ColError
	case session.ToneStaff:
		return color.RGBA{0xf0, 0x8c, 0xde, 0xff} // the moderators' magenta, lightened to read on the panel
	case session.ToneMod:
		return gfx.ColWarn
	}
	return gfx.ColText
}
