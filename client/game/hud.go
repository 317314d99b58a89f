package game

import (
	"fmt"
	"image"
	"image/color"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/game/link"
	"github.com/embassy-project/embassy/client/predict"
	"github.com/embassy-project/embassy/shared/world"
)

// drawHUD draws the interface over the room: the room card, room list, minimap, chat, hints, the
// exhibit panel and the connection banner. It records clickable areas for the next Update.
func (w *worldScene) drawHUD(g *Game, screen *ebiten.Image) {
	w.hit = hitAreas{}
	w.drawRoomCard(g, screen)
	w.drawRoomList(g, screen)
	w.drawMinimap(g, screen)
	w.drawChat(g, screen)
	w.drawHints(g, screen)
	w.drawBanner(g, screen)
	if w.help {
		w.drawHelp(g, screen)
	}
	if w.panel != nil {
		w.panel.draw(screen, g.fonts, g.sw, g.sh)
	}
}

func (w *worldScene) drawRoomCard(g *Game, screen *ebiten.Image) {
	s, f := g.scale, g.fonts
	x, y := 14*s, 14*s
	title := w.roomName
	if title == "" {
		title = "The Embassy"
	}
	people := w.interp.Len()
	if !w.joined {
		people = 0
	}
	sub := fmt.Sprintf("%d in view", people)
	for _, r := range w.rooms {
		if r.GetId() == w.roomID {
			sub = fmt.Sprintf("%d here  ·  %d in view", r.GetOccupants(), people)
		}
	}
	status := w.statusLine()
	dot := colOK
	switch st := w.link.Status(); {
	case w.offline:
	case st.State == link.Waiting:
		dot = colError
	case st.State == link.Connecting || !w.ready():
		dot = colWarn
	}
	cw := max(measure(f.Title, title), measure(f.Small, sub), measure(f.Small, status)+16*s) + 28*s
	ch := lineHeight(f.Title) + 2*lineHeight(f.Small) + 22*s
	panelBox(screen, x, y, cw, ch, s, false)
	drawText(screen, title, f.Title, x+14*s, y+9*s, colText, 0)
	yy := y + 11*s + lineHeight(f.Title)
	drawText(screen, sub, f.Small, x+14*s, yy, colDim, 0)
	yy += lineHeight(f.Small) + 2*s
	fillCircle(screen, x+18*s, yy+lineHeight(f.Small)/2, 4*s, dot)
	drawText(screen, status, f.Small, x+28*s, yy, colDim, 0)
}

func (w *worldScene) drawRoomList(g *Game, screen *ebiten.Image) {
	s, f := g.scale, g.fonts
	if len(w.rooms) == 0 {
		return
	}
	rowH := lineHeight(f.Body) + 8*s
	pw := 230 * s
	ph := 34*s + float64(len(w.rooms))*rowH + 6*s
	x, y := float64(g.sw)-pw-14*s, 14*s
	focused := w.focus == focusRooms
	panelBox(screen, x, y, pw, ph, s, focused)
	drawText(screen, "ROOMS", f.Small, x+14*s, y+10*s, colAccent, 0)
	if focused {
		drawText(screen, "Up/Down, Enter", f.Small, x+pw-14*s, y+10*s, colDim, 2)
	} else {
		drawText(screen, "Tab Tab", f.Small, x+pw-14*s, y+10*s, colDim, 2)
	}
	yy := y + 30*s
	for i, r := range w.rooms {
		rect := image.Rect(int(x+6*s), int(yy), int(x+pw-6*s), int(yy+rowH))
		w.hit.rooms = append(w.hit.rooms, roomHit{rect: rect, id: r.GetId()})
		here := r.GetId() == w.roomID
		switch {
		case focused && i == w.roomSel:
			fillRoundRect(screen, float64(rect.Min.X), float64(rect.Min.Y), float64(rect.Dx()), float64(rect.Dy()), 5*s, withAlpha(colFocus, 0.35))
		case here:
			fillRoundRect(screen, float64(rect.Min.X), float64(rect.Min.Y), float64(rect.Dx()), float64(rect.Dy()), 5*s, withAlpha(colAccent, 0.18))
		}
		clr := colText
		if here {
			clr = colAccent
			fillCircle(screen, x+15*s, yy+rowH/2, 3*s, colAccent)
		}
		name := Ellipsize(r.GetName(), pw-100*s, func(t string) float64 { return measure(f.Body, t) })
		drawText(screen, name, f.Body, x+24*s, yy+4*s, clr, 0)
		occ := fmt.Sprintf("%d", r.GetOccupants())
		drawText(screen, occ, f.Bold, x+pw-16*s, yy+4*s, colText, 2)
		yy += rowH
	}
}

func (w *worldScene) drawMinimap(g *Game, screen *ebiten.Image) {
	if !w.joined || w.room == nil {
		return
	}
	s := g.scale
	mm := w.room.minimap
	mw, mh := float64(mm.Bounds().Dx()), float64(mm.Bounds().Dy())
	k := min(180*s/mw, 130*s/mh)
	x, y := float64(g.sw)-mw*k-24*s, float64(g.sh)-mh*k-24*s
	w.hit.mini = image.Rect(int(x-10*s), int(y-10*s), int(x+mw*k+10*s), int(y+mh*k+10*s))
	panelBox(screen, x-10*s, y-10*s, mw*k+20*s, mh*k+20*s, s, false)
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Scale(k, k)
	op.GeoM.Translate(x, y)
	op.ColorScale.ScaleAlpha(0.9)
	screen.DrawImage(mm, op)
	dot := func(p world.Vec, r float64, c color.Color) {
		px := x + float64(p.X)/world.Unit*k
		py := y + float64(p.Y)/world.Unit*k
		fillCircle(screen, px, py, r, c)
	}
	w.interp.Slots(func(t *predict.Track) {
		if t.Slot != w.selfSlot {
			dot(t.Pos, 1.8*s, color.RGBA{0x30, 0x36, 0x44, 0xff})
		}
	})
	dot(w.pred.Pos(), 3.2*s, color.RGBA{0x17, 0x1a, 0x22, 0xff})
	dot(w.pred.Pos(), 2.4*s, colAccent)
}

func (w *worldScene) drawChat(g *Game, screen *ebiten.Image) {
	s, f := g.scale, g.fonts
	pw := min(470*s, float64(g.sw)*0.45)
	lines := 9
	lh := lineHeight(f.Body) + 2*s
	inputH := lineHeight(f.Body) + 14*s
	ph := float64(lines)*lh + inputH + 22*s
	x, y := 14*s, float64(g.sh)-ph-14*s
	w.hit.chat = image.Rect(int(x), int(y), int(x+pw), int(y+ph))
	typing := w.focus == focusChat
	panelBox(screen, x, y, pw, ph, s, typing)

	// Wrap the newest entries into at most `lines` lines, newest at the bottom.
	tw := pw - 24*s
	var out []ChatEntry
	for _, e := range slicesReverse(w.chat.Visible(40)) {
		wrapped := Wrap(e.Text, tw, func(t string) float64 { return measure(f.Body, t) })
		for i := len(wrapped) - 1; i >= 0; i-- {
			out = append(out, ChatEntry{Text: wrapped[i], Tone: e.Tone, At: e.At})
		}
		if len(out) >= lines {
			break
		}
	}
	out = out[:min(len(out), lines)]
	yy := y + 10*s + float64(lines-1)*lh
	for _, e := range out {
		drawText(screen, e.Text, f.Body, x+12*s, yy, toneColor(e.Tone), 0)
		yy -= lh
	}
	if w.chat.Scroll > 0 {
		drawText(screen, fmt.Sprintf("%d newer  ·  PgDn", w.chat.Scroll), f.Small, x+pw-12*s, y+8*s, colAccent, 2)
	}

	iy := y + ph - inputH - 6*s
	fillRoundRect(screen, x+6*s, iy, pw-12*s, inputH, 6*s, color.RGBA{0x0e, 0x11, 0x18, 0xd0})
	ty := iy + (inputH-lineHeight(f.Body))/2
	if typing {
		shown := w.input.String()
		before := w.input.Before()
		// Keep the caret in view: drop characters from the left of long lines.
		for len(before) > 0 && measure(f.Body, before) > pw-40*s {
			_, n := firstRune(before)
			before, shown = before[n:], shown[n:]
		}
		drawText(screen, shown, f.Body, x+14*s, ty, colText, 0)
		if (g.frame/30)%2 == 0 {
			cx := x + 14*s + measure(f.Body, before)
			fillRoundRect(screen, cx, ty, max(1.5*s, 1), lineHeight(f.Body), 0, colFocus)
		}
	} else {
		drawText(screen, "Press Enter to chat  ·  /help for commands", f.Body, x+14*s, ty, colDim, 0)
	}
}

func (w *worldScene) drawHints(g *Game, screen *ebiten.Image) {
	s, f := g.scale, g.fonts
	if z, near := w.nearestExhibit(); near && w.panel == nil {
		label := "E  ·  Read: " + z.Title
		lw, lh := measure(f.Bold, label)+36*s, lineHeight(f.Bold)+16*s
		x, y := (float64(g.sw)-lw)/2, float64(g.sh)-lh-90*s
		fillRoundRect(screen, x, y, lw, lh, lh/2, color.RGBA{0x1d, 0x3f, 0x7a, 0xf0})
		strokeRoundRect(screen, x, y, lw, lh, lh/2, 1.5*s, color.RGBA{0x8c, 0xc4, 0xff, 0xff})
		drawText(screen, label, f.Bold, x+lw/2, y+8*s, color.White, 1)
	}
	bar := "WASD/arrows walk  ·  click to walk  ·  Enter chat  ·  E read  ·  Tab focus  ·  +/- zoom  ·  H help"
	drawTextShadow(screen, bar, f.Small, float64(g.sw)/2, float64(g.sh)-22*s, withAlpha(colDim, 0.9), 1, s)
}

func (w *worldScene) drawBanner(g *Game, screen *ebiten.Image) {
	s, f := g.scale, g.fonts
	if w.offline {
		return
	}
	st := w.link.Status()
	var msg string
	var c color.RGBA
	switch {
	case st.State == link.Waiting:
		msg, c = w.statusLine(), colError
	case st.State == link.Connecting && st.Session > 0:
		msg, c = "Connection lost: reconnecting...", colWarn
	case w.loadErr != "" && w.loading == "":
		msg, c = "Could not load the room map: "+w.loadErr, colError
	case !w.joined || w.room == nil:
		msg, c = w.statusLine(), colFocus
	case w.notice != "" && g.now.Sub(w.noticeAt) < 8*time.Second:
		msg, c = w.notice, colAccent
	default:
		return
	}
	msg = Ellipsize(msg, float64(g.sw)-120*s, func(t string) float64 { return measure(f.Bold, t) })
	lw, lh := measure(f.Bold, msg)+40*s, lineHeight(f.Bold)+18*s
	x, y := (float64(g.sw)-lw)/2, 18*s
	fillRoundRect(screen, x, y, lw, lh, 8*s, color.RGBA{0x14, 0x17, 0x20, 0xf0})
	strokeRoundRect(screen, x, y, lw, lh, 8*s, 2*s, c)
	drawText(screen, msg, f.Bold, x+lw/2, y+9*s, c, 1)
}

func (w *worldScene) drawHelp(g *Game, screen *ebiten.Image) {
	s, f := g.scale, g.fonts
	rows := []string{
		"Walk: WASD or the arrow keys, or click where you want to go",
		"Doors (green) lead to other rooms; the room list (Tab Tab) jumps there",
		"Exhibits (the glowing i): walk up and press E, or click them",
		"Chat: Enter, type, Enter. Esc cancels. PgUp/PgDn scroll the history",
		"", "Chat commands:",
	}
	rows = append(rows, splitLines(HelpText)...)
	rows = append(rows, "", "Zoom: + and - or the mouse wheel.   Esc closes this.")
	lh := lineHeight(f.Body) + 4*s
	pw := 0.0
	for _, r := range rows {
		pw = max(pw, measure(f.Body, r))
	}
	pw += 48 * s
	ph := float64(len(rows))*lh + 70*s
	x, y := (float64(g.sw)-pw)/2, (float64(g.sh)-ph)/2
	fillRoundRect(screen, x, y, pw, ph, 12*s, colPanelSolid)
	strokeRoundRect(screen, x, y, pw, ph, 12*s, 2*s, colAccent)
	drawText(screen, "How to get around", f.Title, x+24*s, y+18*s, colAccent, 0)
	yy := y + 56*s
	for _, r := range rows {
		drawText(screen, r, f.Body, x+24*s, yy, colText, 0)
		yy += lh
	}
}
