package game

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"net/http"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/embassy-project/embassy/client/game/link"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// The join screen's fields, in Tab order.
const (
	fieldName = iota
	fieldBody
	fieldAccent
	fieldLook
	fieldRoom
	fieldEnter
	fieldCount
)

// lookChoices is how many skin and hair combinations the join screen offers.
const lookChoices = 24

// joinScene asks for a name, colours and a first room before connecting.
type joinScene struct {
	name    TextField
	field   int
	body    int
	accent  int
	look    int
	room    int // 0 = the arrival room, else rooms[room-1]
	rooms   []*pb.RoomInfo
	roomsCh chan []*pb.RoomInfo
	err     string
	sprites spriteCache
	hits    []image.Rectangle // per field, for clicks
}

func newJoinScene(g *Game) *joinScene {
	j := &joinScene{roomsCh: make(chan []*pb.RoomInfo, 1), body: int(time.Now().UnixNano() % int64(len(bodyPalette)))}
	j.name.Max = protocol.MaxNameLen
	if base, err := link.HTTPBase(g.opts.Server); err == nil {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			rooms, _ := link.FetchRooms(ctx, &http.Client{}, base.JoinPath("api", "rooms").String())
			j.roomsCh <- rooms
		}()
	}
	return j
}

func (j *joinScene) lookKey() lookKey {
	return lookKey{body: bodyPalette[j.body], accent: accentPalette[j.accent], sprite: uint32(j.look%len(skinTones) + 8*(j.look/len(skinTones)))}
}

// Update implements Scene.
func (j *joinScene) Update(g *Game) error {
	select {
	case r := <-j.roomsCh:
		j.rooms = r
	default:
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyTab) || inpututil.IsKeyJustPressed(ebiten.KeyArrowDown) && j.field != fieldName {
		if ebiten.IsKeyPressed(ebiten.KeyShift) {
			j.field = (j.field + fieldCount - 1) % fieldCount
		} else {
			j.field = (j.field + 1) % fieldCount
		}
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyArrowUp) {
		j.field = (j.field + fieldCount - 1) % fieldCount
	}
	left, right := repeatKey(ebiten.KeyArrowLeft), repeatKey(ebiten.KeyArrowRight)
	delta := 0
	if left {
		delta = -1
	}
	if right {
		delta = 1
	}
	cycle := func(v *int, n int) { *v = (*v + delta + n) % n }
	switch j.field {
	case fieldName:
		j.name.Insert(ebiten.AppendInputChars(nil))
		switch {
		case repeatKey(ebiten.KeyBackspace):
			j.name.Backspace()
		case left:
			j.name.Move(-1)
		case right:
			j.name.Move(1)
		case inpututil.IsKeyJustPressed(ebiten.KeyArrowDown):
			j.field = fieldBody
		}
	case fieldBody:
		cycle(&j.body, len(bodyPalette))
	case fieldAccent:
		cycle(&j.accent, len(accentPalette))
	case fieldLook:
		cycle(&j.look, lookChoices)
	case fieldRoom:
		cycle(&j.room, len(j.rooms)+1)
	}
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		mx, my := ebiten.CursorPosition()
		for i, r := range j.hits {
			if image.Pt(mx, my).In(r) {
				j.field = i
				if i == fieldEnter {
					return j.submit(g)
				}
			}
		}
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyEnter) || inpututil.IsKeyJustPressed(ebiten.KeyNumpadEnter) {
		return j.submit(g)
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyEscape) {
		return ebiten.Termination
	}
	return nil
}

func (j *joinScene) submit(g *Game) error {
	name, err := protocol.CleanName(j.name.String())
	if err != nil {
		j.err = fmt.Sprintf("Please enter a name of 1 to %d characters.", protocol.MaxNameLen)
		j.field = fieldName
		return nil
	}
	room := g.opts.Room
	if j.room > 0 && j.room <= len(j.rooms) {
		room = j.rooms[j.room-1].GetId()
	}
	k := j.lookKey()
	if err := g.enter(name, &pb.Look{BodyRgb: k.body, AccentRgb: k.accent, Sprite: k.sprite}, room); err != nil {
		j.err = err.Error()
	}
	return nil
}

// Draw implements Scene.
func (j *joinScene) Draw(g *Game, screen *ebiten.Image) {
	s, f := g.scale, g.fonts
	screen.Fill(colBackground)
	sw, sh := float64(g.sw), float64(g.sh)
	pw, ph := min(640*s, sw-40*s), min(560*s, sh-40*s)
	x, y := (sw-pw)/2, (sh-ph)/2
	fillRoundRect(screen, x, y, pw, ph, 14*s, colPanelSolid)
	strokeRoundRect(screen, x, y, pw, ph, 14*s, 2*s, colAccent)
	drawText(screen, "EMBASSY", f.Small, x+32*s, y+26*s, colAccent, 0)
	drawText(screen, "Visit the virtual embassy", f.Big, x+32*s, y+44*s, colText, 0)
	drawText(screen, g.opts.Server, f.Small, x+32*s, y+44*s+lineHeight(f.Big)+4*s, colDim, 0)

	// Avatar preview, walking towards you.
	j.sprites.beginFrame()
	k := j.lookKey()
	phase := walkPhase(g.now, true, 0)
	img := j.sprites.frame(k, faceDown, phase)
	op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
	sc := 3.2 * s / spriteOversample
	op.GeoM.Scale(sc, sc)
	op.GeoM.Translate(x+pw-32*s-avatarW*3.2*s, y+130*s)
	fillRoundRect(screen, x+pw-48*s-avatarW*3.2*s, y+114*s, avatarW*3.2*s+32*s, avatarH*3.2*s+32*s, 12*s, color.RGBA{0x2a, 0x32, 0x44, 0xff})
	screen.DrawImage(img, op)

	j.hits = make([]image.Rectangle, fieldCount)
	fy := y + 120*s
	lx := x + 32*s
	fw := pw - 64*s - avatarW*3.2*s - 40*s
	row := func(i int, label string, drawValue func(vx, vy, vw, vh float64)) {
		focused := j.field == i
		drawText(screen, label, f.Small, lx, fy, colDim, 0)
		vy := fy + lineHeight(f.Small) + 4*s
		vh := lineHeight(f.Body) + 14*s
		j.hits[i] = image.Rect(int(lx), int(fy), int(lx+fw), int(vy+vh))
		fillRoundRect(screen, lx, vy, fw, vh, 6*s, color.RGBA{0x12, 0x16, 0x20, 0xff})
		if focused {
			strokeRoundRect(screen, lx, vy, fw, vh, 6*s, 2*s, colFocus)
		}
		drawValue(lx+12*s, vy+7*s, fw-24*s, vh-14*s)
		fy = vy + vh + 12*s
	}
	row(fieldName, "YOUR NAME", func(vx, vy, vw, vh float64) {
		t := j.name.String()
		if t == "" && j.field != fieldName {
			drawText(screen, "type your name", f.Body, vx, vy, colDim, 0)
		}
		drawText(screen, t, f.Body, vx, vy, colText, 0)
		if j.field == fieldName && (g.frame/30)%2 == 0 {
			cx := vx + measure(f.Body, j.name.Before())
			fillRoundRect(screen, cx, vy, 1.5*s, vh, 0, colFocus)
		}
	})
	swatches := func(pal []uint32, sel int) func(vx, vy, vw, vh float64) {
		return func(vx, vy, vw, vh float64) {
			d := min(vh, vw/float64(len(pal))-4*s)
			for i, c := range pal {
				cx := vx + float64(i)*(d+4*s)
				fillRoundRect(screen, cx, vy, d, vh, 4*s, rgb(c))
				if i == sel {
					strokeRoundRect(screen, cx-2*s, vy-2*s, d+4*s, vh+4*s, 5*s, 2*s, colText)
				}
			}
		}
	}
	row(fieldBody, "COAT   (Left/Right)", swatches(bodyPalette, j.body))
	row(fieldAccent, "SCARF AND TIE", swatches(accentPalette, j.accent))
	row(fieldLook, "FACE AND HAIR", func(vx, vy, vw, vh float64) {
		drawText(screen, fmt.Sprintf("<  style %d of %d  >", j.look+1, lookChoices), f.Body, vx, vy, colText, 0)
	})
	row(fieldRoom, "FIRST ROOM", func(vx, vy, vw, vh float64) {
		label := "The entrance (arrival hall)"
		if j.room > 0 && j.room <= len(j.rooms) {
			r := j.rooms[j.room-1]
			label = fmt.Sprintf("%s  (%d here)", r.GetName(), r.GetOccupants())
		}
		drawText(screen, "<  "+label+"  >", f.Body, vx, vy, colText, 0)
	})
	bw, bh := 200*s, lineHeight(f.Bold)+20*s
	bx, by := x+pw-32*s-bw, y+ph-32*s-bh
	j.hits[fieldEnter] = image.Rect(int(bx), int(by), int(bx+bw), int(by+bh))
	fillRoundRect(screen, bx, by, bw, bh, bh/2, colAccent)
	if j.field == fieldEnter {
		strokeRoundRect(screen, bx-3*s, by-3*s, bw+6*s, bh+6*s, bh/2+3*s, 2*s, colFocus)
	}
	drawText(screen, "Enter the embassy", f.Bold, bx+bw/2, by+10*s, color.RGBA{0x1a, 0x1d, 0x26, 0xff}, 1)
	drawText(screen, "Tab moves between fields  ·  Enter joins  ·  Esc quits", f.Small, x+32*s, by+bh/2-6*s, colDim, 0)
	if j.err != "" {
		drawText(screen, j.err, f.Body, x+32*s, by-30*s, colError, 0)
	}
}
