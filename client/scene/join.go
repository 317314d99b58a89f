package scene

import (
	"context"
	"image"
	"image/color"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/render"
	"github.com/embassy-project/embassy/client/ui"
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
	fieldInvite
	fieldEnter
	fieldCount
)

// lookChoices is how many skin and hair combinations the join screen offers.
const lookChoices = 24

// Entry is who enters: a name, a look, the first room ("" for the arrival room) and an invitation
// to an event ("" for none; with one and no sign-in, the server names you as the invitation does).
type Entry struct {
	Name   string
	Look   *pb.Look
	Room   string
	Invite string
}

// GuestName is the name sent with an invitation when none was typed: the server uses the
// invitation's.
const GuestName = "Guest"

// Enter connects as e and returns the world scene.
type Enter func(e Entry) (Scene, error)

// Manager switches scenes.
type Manager interface{ GoTo(s Scene) }

// Join asks for a name, colours and a first room before connecting.
type Join struct {
	// Paste reads the clipboard for Ctrl+V in the invitation field; nil: pasting is not offered.
	Paste func() (string, error)

	server  string
	enter   Enter
	mgr     Manager
	name    ui.TextField
	invite  ui.TextField // a signed invitation, pasted
	field   int
	body    int
	accent  int
	look    int
	room    int // 0 = the arrival room, else rooms[room-1]
	rooms   []*pb.RoomInfo
	roomsCh chan []*pb.RoomInfo
	err     string
	sprites render.Sprites
	hits    [fieldCount]image.Rectangle // laid out in Update, for clicks
}

// NewJoin returns the join screen for server; rooms, if not nil, fetches the room directory.
func NewJoin(server string, rooms func(context.Context) ([]*pb.RoomInfo, error), enter Enter, mgr Manager) *Join {
	j := &Join{server: server, enter: enter, mgr: mgr, roomsCh: make(chan []*pb.RoomInfo, 1),
		body: int(time.Now().UnixNano() % int64(len(render.BodyPalette)))}
	j.name.Max = protocol.MaxNameLen
	j.invite.Max = protocol.MaxTokenLen
	if rooms != nil {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			r, _ := rooms(ctx)
			j.roomsCh <- r
		}()
	}
	return j
}

func (j *Join) lookKey() render.Look {
	return render.Look{Body: render.BodyPalette[j.body], Accent: render.AccentPalette[j.accent],
		Sprite: uint32(j.look%len(render.SkinTones) + 8*(j.look/len(render.SkinTones)))}
}

// Update implements Scene.
func (j *Join) Update(c *ui.Context, in *ui.Input) error {
	select {
	case r := <-j.roomsCh:
		j.rooms = r
	default:
	}
	j.layout(c)
	if a, ok := in.TakeAny(ui.FocusNext, ui.FocusPrev, ui.Up); ok {
		step := 1
		if a != ui.FocusNext {
			step = fieldCount - 1
		}
		j.field = (j.field + step) % fieldCount
	} else if j.field != fieldName && in.Take(ui.Down) {
		j.field = (j.field + 1) % fieldCount
	}
	j.updateField(in)
	for i, r := range j.hits {
		if in.TakeClick(r) {
			j.field = i
			if i == fieldEnter {
				return j.submit()
			}
		}
	}
	if in.Take(ui.Submit) {
		return j.submit()
	}
	if in.Take(ui.Cancel) {
		return ebiten.Termination
	}
	return nil
}

// updateField applies the keys to the focused field.
func (j *Join) updateField(in *ui.Input) {
	delta := 0
	if in.Take(ui.CaretLeft) {
		delta = -1
	}
	if in.Take(ui.CaretRight) {
		delta = 1
	}
	cycle := func(v *int, n int) { *v = (*v + delta + n) % n }
	switch j.field {
	case fieldName:
		j.name.Insert(in.TakeText())
		switch {
		case in.Take(ui.Backspace):
			j.name.Backspace()
		case in.Take(ui.Delete):
			j.name.Delete()
		case in.Take(ui.Down):
			j.field = fieldBody
		}
		j.name.Move(delta)
	case fieldBody:
		cycle(&j.body, len(render.BodyPalette))
	case fieldAccent:
		cycle(&j.accent, len(render.AccentPalette))
	case fieldLook:
		cycle(&j.look, lookChoices)
	case fieldRoom:
		cycle(&j.room, len(j.rooms)+1)
	case fieldInvite:
		j.editInvite(in, delta)
	}
}

// editInvite types, deletes or pastes (Ctrl+V) in the invitation field.
func (j *Join) editInvite(in *ui.Input, delta int) {
	if in.Take(ui.Paste) && j.Paste != nil {
		text, err := j.Paste()
		if err != nil {
			j.err = err.Error()
		} else {
			j.invite.Set(strings.TrimSpace(text))
			j.err = ""
		}
	}
	j.invite.Insert(in.TakeText())
	switch {
	case in.Take(ui.Backspace):
		j.invite.Backspace()
	case in.Take(ui.Delete):
		j.invite.Delete()
	}
	j.invite.Move(delta)
}

func (j *Join) submit() error {
	invite := strings.TrimSpace(j.invite.String())
	typed := j.name.String()
	if strings.TrimSpace(typed) == "" && invite != "" {
		typed = GuestName
	}
	name, err := protocol.CleanName(typed)
	if err != nil {
		j.err = msg.T("Please enter a name of 1 to %d characters.", protocol.MaxNameLen)
		j.field = fieldName
		return nil
	}
	room := ""
	if j.room > 0 && j.room <= len(j.rooms) {
		room = j.rooms[j.room-1].GetId()
	}
	k := j.lookKey()
	w, err := j.enter(Entry{Name: name, Look: &pb.Look{BodyRgb: k.Body, AccentRgb: k.Accent, Sprite: k.Sprite}, Room: room, Invite: invite})
	if err != nil {
		j.err = err.Error()
		return nil
	}
	j.mgr.GoTo(w)
	return nil
}

// geometry returns the panel's rectangle and the field column's x and width.
func (j *Join) geometry(c *ui.Context) (x, y, pw, ph, lx, fw float64) {
	s := c.Scale
	sw, sh := float64(c.Screen.Dx()), float64(c.Screen.Dy())
	pw, ph = min(640*s, sw-40*s), min(630*s, sh-40*s)
	x, y = (sw-pw)/2, (sh-ph)/2
	return x, y, pw, ph, x + 32*s, pw - 64*s - render.AvatarW*3.2*s - 40*s
}

// layout places the fields (for clicks) before input is handled.
func (j *Join) layout(c *ui.Context) {
	f, s := c.Fonts, c.Scale
	x, y, pw, ph, lx, fw := j.geometry(c)
	fy := y + 120*s
	for i := range fieldEnter {
		vy := fy + gfx.LineHeight(f.Small) + 4*s
		vh := gfx.LineHeight(f.Body) + 14*s
		j.hits[i] = image.Rect(int(lx), int(fy), int(lx+fw), int(vy+vh))
		fy = vy + vh + 12*s
	}
	bw, bh := 200*s, gfx.LineHeight(f.Bold)+20*s
	bx, by := x+pw-32*s-bw, y+ph-32*s-bh
	j.hits[fieldEnter] = image.Rect(int(bx), int(by), int(bx+bw), int(by+bh))
}

// Draw implements Scene.
func (j *Join) Draw(dst *ebiten.Image, c *ui.Context) {
	j.layout(c)
	f, s := c.Fonts, c.Scale
	dst.Fill(gfx.ColBackground)
	x, y, pw, ph, _, _ := j.geometry(c)
	gfx.FillRoundRect(dst, x, y, pw, ph, 14*s, gfx.ColPanelSolid)
	gfx.StrokeRoundRect(dst, x, y, pw, ph, 14*s, 2*s, gfx.ColAccent)
	gfx.DrawText(dst, msg.T("EMBASSY"), f.Small, x+32*s, y+26*s, gfx.ColAccent, 0)
	gfx.DrawText(dst, msg.T("Visit the virtual embassy"), f.Big, x+32*s, y+44*s, gfx.ColText, 0)
	gfx.DrawText(dst, j.server, f.Small, x+32*s, y+44*s+gfx.LineHeight(f.Big)+4*s, gfx.ColDim, 0)
	j.drawPreview(dst, c, x+pw, y)
	j.drawFields(dst, c)
	e := j.hits[fieldEnter]
	bx, by, bw, bh := float64(e.Min.X), float64(e.Min.Y), float64(e.Dx()), float64(e.Dy())
	gfx.FillRoundRect(dst, bx, by, bw, bh, bh/2, gfx.ColAccent)
	if j.field == fieldEnter {
		gfx.StrokeRoundRect(dst, bx-3*s, by-3*s, bw+6*s, bh+6*s, bh/2+3*s, 2*s, gfx.ColFocus)
	}
	gfx.DrawText(dst, msg.T("Enter the embassy"), f.Bold, bx+bw/2, by+10*s, color.RGBA{0x1a, 0x1d, 0x26, 0xff}, 1)
	gfx.DrawText(dst, msg.T("Tab moves between fields  ·  Enter joins  ·  Esc quits"), f.Small, x+32*s, by+bh/2-6*s, gfx.ColDim, 0)
	if j.err != "" {
		gfx.DrawText(dst, j.err, f.Body, x+32*s, by-30*s, gfx.ColError, 0)
	}
}

// drawPreview draws your avatar walking towards you, at the panel's right (right edge xr, top y).
func (j *Join) drawPreview(dst *ebiten.Image, c *ui.Context, xr, y float64) {
	s := c.Scale
	j.sprites.BeginFrame()
	img := j.sprites.Frame(j.lookKey(), render.FaceDown, render.WalkPhase(c.Now, true, 0))
	op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
	sc := 3.2 * s / render.SpriteOversample
	op.GeoM.Scale(sc, sc)
	op.GeoM.Translate(xr-32*s-render.AvatarW*3.2*s, y+130*s)
	gfx.FillRoundRect(dst, xr-48*s-render.AvatarW*3.2*s, y+114*s, render.AvatarW*3.2*s+32*s, render.AvatarH*3.2*s+32*s, 12*s, color.RGBA{0x2a, 0x32, 0x44, 0xff})
	dst.DrawImage(img, op)
}

// drawFields draws the five fields where layout placed them.
func (j *Join) drawFields(dst *ebiten.Image, c *ui.Context) {
	f, s := c.Fonts, c.Scale
	row := func(i int, label string, value func(vx, vy, vw, vh float64)) {
		r := j.hits[i]
		lx, fy, fw := float64(r.Min.X), float64(r.Min.Y), float64(r.Dx())
		gfx.DrawText(dst, label, f.Small, lx, fy, gfx.ColDim, 0)
		vy := fy + gfx.LineHeight(f.Small) + 4*s
		vh := float64(r.Max.Y) - vy
		gfx.FillRoundRect(dst, lx, vy, fw, vh, 6*s, color.RGBA{0x12, 0x16, 0x20, 0xff})
		if j.field == i {
			gfx.StrokeRoundRect(dst, lx, vy, fw, vh, 6*s, 2*s, gfx.ColFocus)
		}
		value(lx+12*s, vy+7*s, fw-24*s, vh-14*s)
	}
	row(fieldName, msg.T("YOUR NAME"), func(vx, vy, vw, vh float64) {
		t := j.name.String()
		if t == "" && j.field != fieldName {
			gfx.DrawText(dst, msg.T("type your name"), f.Body, vx, vy, gfx.ColDim, 0)
		}
		gfx.DrawText(dst, t, f.Body, vx, vy, gfx.ColText, 0)
		if j.field == fieldName && (c.Frame/30)%2 == 0 {
			gfx.FillRoundRect(dst, vx+gfx.Measure(f.Body, j.name.Before()), vy, 1.5*s, vh, 0, gfx.ColFocus)
		}
	})
	swatches := func(pal []uint32, sel int) func(vx, vy, vw, vh float64) {
		return func(vx, vy, vw, vh float64) {
			d := min(vh, vw/float64(len(pal))-4*s)
			for i, col := range pal {
				cx := vx + float64(i)*(d+4*s)
				gfx.FillRoundRect(dst, cx, vy, d, vh, 4*s, gfx.RGB(col))
				if i == sel {
					gfx.StrokeRoundRect(dst, cx-2*s, vy-2*s, d+4*s, vh+4*s, 5*s, 2*s, gfx.ColText)
				}
			}
		}
	}
	row(fieldBody, msg.T("COAT   (Left/Right)"), swatches(render.BodyPalette, j.body))
	row(fieldAccent, msg.T("SCARF AND TIE"), swatches(render.AccentPalette, j.accent))
	row(fieldLook, msg.T("FACE AND HAIR"), func(vx, vy, vw, vh float64) {
		gfx.DrawText(dst, msg.T("<  style %d of %d  >", j.look+1, lookChoices), f.Body, vx, vy, gfx.ColText, 0)
	})
	row(fieldRoom, msg.T("FIRST ROOM"), func(vx, vy, vw, vh float64) {
		label := msg.T("The entrance (arrival hall)")
		if j.room > 0 && j.room <= len(j.rooms) {
			r := j.rooms[j.room-1]
			label = msg.T("%s  (%d here)", r.GetName(), r.GetOccupants())
		}
		gfx.DrawText(dst, "<  "+label+"  >", f.Body, vx, vy, gfx.ColText, 0)
	})
	row(fieldInvite, msg.T("INVITATION TO AN EVENT   (optional: Ctrl+V pastes it)"), func(vx, vy, vw, vh float64) {
		t := j.invite.String()
		switch {
		case t == "" && j.field != fieldInvite:
			gfx.DrawText(dst, msg.T("none"), f.Body, vx, vy, gfx.ColDim, 0)
		case t != "":
			shown := ui.Ellipsize(t, vw, func(s string) float64 { return gfx.Measure(f.Body, s) })
			gfx.DrawText(dst, shown, f.Body, vx, vy, gfx.ColText, 0)
		}
	})
}
