package hud

import (
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/ui"
)

// VoiceBar shows, bottom right above the minimap, whether you are in voice and whether your
// microphone is open, and takes the voice keys: J joins or leaves voice, M mutes, P switches
// push-to-talk, V (held) talks. Clicking it joins or leaves voice; clicking the microphone mutes.
type VoiceBar struct {
	Env
	bounds, mic image.Rectangle
	line        string
	dot         color.RGBA
}

// Bounds implements ui.Bounded.
func (v *VoiceBar) Bounds() image.Rectangle { return v.bounds }

// Layout implements ui.Widget.
func (v *VoiceBar) Layout(c *ui.Context) {
	vs := &v.M.Voice
	v.line, v.dot = v.status()
	f := c.Fonts
	// At most half the screen's width (a long reason is cut short), just above the minimap.
	v.line = ui.Ellipsize(v.line, float64(c.Screen.Dx())*0.5-c.S(64), func(t string) float64 { return gfx.Measure(f.Small, t) })
	w := gfx.Measure(f.Small, v.line) + c.S(64)
	h := gfx.LineHeight(f.Small) + c.S(18)
	_, mapH := minimapMax(c)
	x := float64(c.Screen.Dx()) - w - c.S(14)
	y := float64(c.Screen.Dy()) - HintBarHeight(c.Scale) - mapH - c.S(60) - h
	v.bounds = rect(x, y, w, h)
	v.mic = image.Rectangle{}
	if vs.On {
		v.mic = rect(x+c.S(6), y+c.S(4), h-c.S(8), h-c.S(8))
	}
}

// status says where voice stands, and the colour of its light.
func (v *VoiceBar) status() (string, color.RGBA) {
	line, dot := v.micStatus()
	vs := &v.M.Voice
	if stage := len(vs.Slots) - 1; vs.On && vs.Connected && vs.Slots[stage] != 0 && vs.Names[stage] != "" {
		line += msg.T("  ·  On the stage: %s", vs.Names[stage]) // heard across the room, maybe out of view
	}
	return line, dot
}

// micStatus says what the microphone and the connection are doing.
func (v *VoiceBar) micStatus() (string, color.RGBA) {
	vs := &v.M.Voice
	switch {
	case !vs.Available:
		return msg.T("Voice is not available in this client"), gfx.ColDim
	case !vs.On && vs.Problem != "":
		return msg.T("Voice off: %s  ·  J to try again", vs.Problem), gfx.ColError
	case !vs.On:
		return msg.T("Voice off  ·  J to join"), gfx.ColDim
	case vs.Problem != "":
		return vs.Problem, gfx.ColWarn
	case !vs.Connected:
		return msg.T("Joining voice..."), gfx.ColWarn
	case vs.PTT && vs.Talking:
		return msg.T("Talking  ·  release V to stop"), gfx.ColOK
	case vs.PTT:
		return msg.T("Push-to-talk  ·  hold V to talk  ·  P turns it off"), gfx.ColDim
	case vs.Muted:
		return msg.T("Microphone muted  ·  M to unmute"), gfx.ColError
	}
	return msg.T("Microphone on  ·  M to mute  ·  P for push-to-talk"), gfx.ColOK
}

// Update implements ui.Widget.
func (v *VoiceBar) Update(c *ui.Context, in *ui.Input) {
	if in.TakeClick(v.mic) {
		v.Act.ToggleMute()
		return
	}
	if in.TakeClick(v.bounds) {
		v.Act.ToggleVoice()
		return
	}
	switch a, _ := in.TakeAny(ui.Voice, ui.Mute, ui.PTTMode); a {
	case ui.Voice:
		v.Act.ToggleVoice()
	case ui.Mute:
		v.Act.ToggleMute()
	case ui.PTTMode:
		v.Act.TogglePTT()
	}
	v.Act.Talk(in.Held(ui.Talk))
}

// Draw implements ui.Widget.
func (v *VoiceBar) Draw(dst *ebiten.Image, c *ui.Context) {
	f, s := c.Fonts, c.Scale
	b := v.bounds
	x, y, w, h := float64(b.Min.X), float64(b.Min.Y), float64(b.Dx()), float64(b.Dy())
	gfx.PanelBox(dst, x, y, w, h, s, false)
	cx, cy := x+h/2, y+h/2
	gfx.FillCircle(dst, cx, cy, h/2-4*s, gfx.WithAlpha(v.dot, 0.25))
	drawMic(dst, cx, cy, s, v.dot, v.M.Voice.On && (v.M.Voice.Muted && !v.M.Voice.PTT))
	gfx.DrawText(dst, v.line, f.Small, x+h+6*s, y+(h-gfx.LineHeight(f.Small))/2, gfx.ColText, 0)
}

// drawMic draws a small microphone, struck through when muted.
func drawMic(dst *ebiten.Image, cx, cy, s float64, clr color.RGBA, muted bool) {
	gfx.FillRoundRect(dst, cx-3*s, cy-7*s, 6*s, 10*s, 3*s, clr)
	gfx.StrokeRoundRect(dst, cx-5.5*s, cy-2*s, 11*s, 7*s, 3*s, 1.5*s, clr)
	gfx.FillRoundRect(dst, cx-0.75*s, cy+4*s, 1.5*s, 3.5*s, 0, clr)
	if muted {
		for i := -6.0; i <= 6; i++ { // a diagonal bar, as dots
			gfx.FillCircle(dst, cx+i*s, cy+i*s, 1.2*s, gfx.ColError)
		}
	}
}
