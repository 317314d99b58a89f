package game

import (
	"image"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/embassy-project/embassy/client/predict"
	"github.com/embassy-project/embassy/shared/world"
)

// reachUnits is how close you must stand to an exhibit to open it with E: a metre and a half.
const reachUnits = world.Unit * 3 / 2

// repeatKey reports a key press, repeating while held (after half a second, 20 times a second).
func repeatKey(k ebiten.Key) bool {
	d := inpututil.KeyPressDuration(k)
	return d == 1 || (d >= 30 && (d-30)%3 == 0)
}

// hitAreas are the interface rectangles drawn last frame, for mouse clicks.
type hitAreas struct {
	chat  image.Rectangle
	rooms []roomHit
	panel image.Rectangle
	mini  image.Rectangle
}

type roomHit struct {
	rect image.Rectangle
	id   string
}

func (w *worldScene) updateInput(g *Game) {
	shift := ebiten.IsKeyPressed(ebiten.KeyShift)
	if w.panel != nil {
		w.panel.update(g, w)
	} else {
		if inpututil.IsKeyJustPressed(ebiten.KeyTab) {
			step := focus(1)
			if shift {
				step = focusCount - 1
			}
			w.focus = (w.focus + step) % focusCount
		}
		switch w.focus {
		case focusChat:
			w.updateTyping()
		case focusRooms:
			w.updateRoomList()
		default:
			w.updateWorldKeys()
		}
		w.updateMouse(g)
	}
	held := world.Dir{}
	if w.scriptHeld != nil {
		held = *w.scriptHeld
		if held.Zero() {
			w.scriptHeld = nil
		}
	} else if w.focus == focusWorld && w.panel == nil {
		held = Held{
			Up:    ebiten.IsKeyPressed(ebiten.KeyArrowUp) || ebiten.IsKeyPressed(ebiten.KeyW),
			Down:  ebiten.IsKeyPressed(ebiten.KeyArrowDown) || ebiten.IsKeyPressed(ebiten.KeyS),
			Left:  ebiten.IsKeyPressed(ebiten.KeyArrowLeft) || ebiten.IsKeyPressed(ebiten.KeyA),
			Right: ebiten.IsKeyPressed(ebiten.KeyArrowRight) || ebiten.IsKeyPressed(ebiten.KeyD),
		}.Dir()
	}
	w.sendHeld(held)
}

// sendHeld sends a Move when the held direction changed, and predicts it.
func (w *worldScene) sendHeld(d world.Dir) {
	c := w.link.Client()
	if !w.joined || c == nil || !w.moves.Update(d) {
		return
	}
	if !d.Zero() {
		w.target, w.pendingOpen = nil, nil
	}
	seq, err := c.Move(int(d.X), int(d.Y))
	if err != nil {
		return // the link notices the broken connection and reconnects
	}
	w.pred.Intend(predict.Intent{Seq: seq, Dir: d})
}

func (w *worldScene) updateWorldKeys() {
	switch {
	case inpututil.IsKeyJustPressed(ebiten.KeyEnter) || inpututil.IsKeyJustPressed(ebiten.KeyNumpadEnter) || inpututil.IsKeyJustPressed(ebiten.KeyT):
		w.focus = focusChat
	case inpututil.IsKeyJustPressed(ebiten.KeySlash):
		w.focus = focusChat
		w.input.Set("/")
	case inpututil.IsKeyJustPressed(ebiten.KeyE):
		if !w.openNearestExhibit(false) {
			w.system("Walk up to an exhibit (the glowing i) and press E to read it.")
		}
	case inpututil.IsKeyJustPressed(ebiten.KeyF1) || inpututil.IsKeyJustPressed(ebiten.KeyH):
		w.help = !w.help
	case inpututil.IsKeyJustPressed(ebiten.KeyEscape):
		w.help = false
	case repeatKey(ebiten.KeyEqual) || repeatKey(ebiten.KeyNumpadAdd):
		w.zoom = min(w.zoom*1.1, 4)
	case repeatKey(ebiten.KeyMinus) || repeatKey(ebiten.KeyNumpadSubtract):
		w.zoom = max(w.zoom/1.1, 0.5)
	}
	w.chatScrollKeys()
}

func (w *worldScene) chatScrollKeys() {
	if repeatKey(ebiten.KeyPageUp) {
		w.chat.ScrollBy(5)
	}
	if repeatKey(ebiten.KeyPageDown) {
		w.chat.ScrollBy(-5)
	}
}

func (w *worldScene) updateTyping() {
	w.input.Insert(ebiten.AppendInputChars(nil))
	switch {
	case inpututil.IsKeyJustPressed(ebiten.KeyEnter) || inpututil.IsKeyJustPressed(ebiten.KeyNumpadEnter):
		line := w.input.String()
		w.input.Set("")
		w.focus = focusWorld
		w.submit(line)
	case inpututil.IsKeyJustPressed(ebiten.KeyEscape):
		w.input.Set("")
		w.focus = focusWorld
	case repeatKey(ebiten.KeyBackspace):
		w.input.Backspace()
	case repeatKey(ebiten.KeyDelete):
		w.input.Delete()
	case repeatKey(ebiten.KeyArrowLeft):
		w.input.Move(-1)
	case repeatKey(ebiten.KeyArrowRight):
		w.input.Move(1)
	case inpututil.IsKeyJustPressed(ebiten.KeyHome):
		w.input.Home()
	case inpututil.IsKeyJustPressed(ebiten.KeyEnd):
		w.input.End()
	}
	w.chatScrollKeys()
}

func (w *worldScene) updateRoomList() {
	n := len(w.rooms)
	switch {
	case n == 0:
	case repeatKey(ebiten.KeyArrowUp) || repeatKey(ebiten.KeyW):
		w.roomSel = (w.roomSel + n - 1) % n
	case repeatKey(ebiten.KeyArrowDown) || repeatKey(ebiten.KeyS):
		w.roomSel = (w.roomSel + 1) % n
	case inpututil.IsKeyJustPressed(ebiten.KeyEnter) || inpututil.IsKeyJustPressed(ebiten.KeySpace):
		w.joinRoom(w.rooms[min(w.roomSel, n-1)].GetId())
		w.focus = focusWorld
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyEscape) {
		w.focus = focusWorld
	}
}

func (w *worldScene) updateMouse(g *Game) {
	mx, my := ebiten.CursorPosition()
	pt := image.Pt(mx, my)
	if _, dy := ebiten.Wheel(); dy != 0 {
		if pt.In(w.hit.chat) {
			w.chat.ScrollBy(int(math.Copysign(3, dy)))
		} else if !pt.In(w.hit.mini) {
			w.zoom = min(max(w.zoom*math.Pow(1.1, dy), 0.5), 4)
		}
	}
	if !inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		return
	}
	for _, r := range w.hit.rooms {
		if pt.In(r.rect) {
			w.joinRoom(r.id)
			return
		}
	}
	if pt.In(w.hit.chat) {
		w.focus = focusChat
		return
	}
	if pt.In(w.hit.mini) || !w.joined || w.room == nil {
		return
	}
	w.focus = focusWorld
	cam := w.camera(g)
	px, py := cam.toMap(float64(mx), float64(my))
	at := world.Vec{X: int32(px * world.Unit / world.TilePixels), Y: int32(py * world.Unit / world.TilePixels)}
	for _, z := range w.room.def.Exhibits() {
		if grow(z.Rect, world.Unit/2).Contains(at) {
			if w.inReach(z) {
				w.openExhibit(z)
			} else if spot, ok := w.standingSpot(z); ok {
				w.walkTo(spot)
				w.pendingOpen = z
			}
			return
		}
	}
	w.walkTo(at.Tile().Center())
}

// walkTo sends a WalkTo and predicts it; unreachable targets are refused here, as the server would.
func (w *worldScene) walkTo(to world.Vec) {
	c := w.link.Client()
	if !w.joined || c == nil {
		return
	}
	if _, ok := w.room.def.FindPath(w.pred.Pos(), to); !ok {
		w.errorLine("You cannot walk there.")
		return
	}
	seq, err := c.WalkTo(to.X, to.Y)
	if err != nil {
		return
	}
	w.pred.Intend(predict.Intent{Seq: seq, Walk: true, Target: to})
	w.moves.Walked()
	w.target, w.pendingOpen = &to, nil
}

// submit carries out a line typed into the chat box.
func (w *worldScene) submit(line string) {
	cmd := ParseCommand(line)
	c := w.link.Client()
	switch cmd.Kind {
	case CmdNone:
		return
	case CmdHelp:
		for _, l := range strings.Split(HelpText, "\n") {
			w.system("%s", l)
		}
		return
	case CmdError:
		w.errorLine("%s", cmd.Err)
		return
	}
	if c == nil {
		w.errorLine("Not connected: your message was not sent.")
		return
	}
	var err error
	switch cmd.Kind {
	case CmdChat:
		_, err = c.Chat(cmd.Chat, cmd.Text, cmd.To)
	case CmdEmote:
		_, err = c.Emote(cmd.Gesture)
	case CmdJoin:
		w.joinRoom(cmd.Room)
	}
	if err != nil {
		w.errorLine("Not sent: %v", err)
	}
}

// joinRoom asks to move to a room given by id or name.
func (w *worldScene) joinRoom(q string) {
	id := q
	for _, r := range w.rooms {
		if strings.EqualFold(r.GetId(), q) || strings.EqualFold(r.GetName(), q) {
			id = r.GetId()
		}
	}
	if id == w.roomID {
		w.system("You are already in the %s.", w.roomName)
		return
	}
	if c := w.link.Client(); c != nil {
		if err := c.Join(id); err != nil {
			w.errorLine("Not sent: %v", err)
		}
	}
}

// nearestExhibit returns the closest exhibit or info zone, and whether it is within reach.
func (w *worldScene) nearestExhibit() (*world.Zone, bool) {
	if !w.joined || w.room == nil {
		return nil, false
	}
	var best *world.Zone
	bestD := int64(math.MaxInt64)
	for _, z := range w.room.def.Exhibits() {
		if d := rectDist2(z.Rect, w.pred.Pos()); d < bestD {
			best, bestD = z, d
		}
	}
	return best, best != nil && bestD <= int64(reachUnits)*int64(reachUnits)
}

func (w *worldScene) inReach(z *world.Zone) bool {
	return rectDist2(z.Rect, w.pred.Pos()) <= int64(reachUnits)*int64(reachUnits)
}

// openNearestExhibit opens the closest exhibit: within reach, or anywhere in the room when anywhere.
func (w *worldScene) openNearestExhibit(anywhere bool) bool {
	z, near := w.nearestExhibit()
	if z == nil || (!near && !anywhere) {
		return false
	}
	w.openExhibit(z)
	return true
}

func (w *worldScene) openExhibit(z *world.Zone) {
	w.panel = newExhibitPanel(z, w.files)
	w.focus = focusWorld
}

func (w *worldScene) closePanels() {
	w.panel, w.help = nil, false
	w.focus = focusWorld
}

// standingSpot returns a walkable tile centre next to zone z, the one closest to you.
func (w *worldScene) standingSpot(z *world.Zone) (world.Vec, bool) {
	def, me := w.room.def, w.pred.Pos()
	lo, hi := z.Rect.Min.Tile(), world.Vec{X: z.Rect.Max.X - 1, Y: z.Rect.Max.Y - 1}.Tile()
	var best world.Vec
	found := false
	for y := lo.Y - 1; y <= hi.Y+1; y++ {
		for x := lo.X - 1; x <= hi.X+1; x++ {
			c := world.Tile{X: x, Y: y}.Center()
			if !def.Fits(c) || rectDist2(z.Rect, c) > int64(reachUnits)*int64(reachUnits) {
				continue
			}
			if !found || c.Dist2(me) < best.Dist2(me) {
				best, found = c, true
			}
		}
	}
	return best, found
}

// rectDist2 is the squared distance from p to the nearest point of r.
func rectDist2(r world.Rect, p world.Vec) int64 {
	dx := max(int64(r.Min.X)-int64(p.X), 0, int64(p.X)-int64(r.Max.X-1))
	dy := max(int64(r.Min.Y)-int64(p.Y), 0, int64(p.Y)-int64(r.Max.Y-1))
	return dx*dx + dy*dy
}

func grow(r world.Rect, d int32) world.Rect {
	return world.Rect{Min: world.Vec{X: r.Min.X - d, Y: r.Min.Y - d}, Max: world.Vec{X: r.Max.X + d, Y: r.Max.Y + d}}
}
