package ui

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
)

// keyMap lists the keys of each action.
var keyMap = map[Action][]ebiten.Key{
	WalkUp:     {ebiten.KeyArrowUp, ebiten.KeyW},
	WalkDown:   {ebiten.KeyArrowDown, ebiten.KeyS},
	WalkLeft:   {ebiten.KeyArrowLeft, ebiten.KeyA},
	WalkRight:  {ebiten.KeyArrowRight, ebiten.KeyD},
	CaretLeft:  {ebiten.KeyArrowLeft},
	CaretRight: {ebiten.KeyArrowRight},
	Up:         {ebiten.KeyArrowUp, ebiten.KeyW},
	Down:       {ebiten.KeyArrowDown, ebiten.KeyS},
	Submit:     {ebiten.KeyEnter, ebiten.KeyNumpadEnter},
	Cancel:     {ebiten.KeyEscape},
	OpenChat:   {ebiten.KeyT},
	Command:    {ebiten.KeySlash},
	Read:       {ebiten.KeyE},
	Help:       {ebiten.KeyF1, ebiten.KeyH},
	ZoomIn:     {ebiten.KeyEqual, ebiten.KeyNumpadAdd},
	ZoomOut:    {ebiten.KeyMinus, ebiten.KeyNumpadSubtract},
	PageUp:     {ebiten.KeyPageUp},
	PageDown:   {ebiten.KeyPageDown},
	Home:       {ebiten.KeyHome},
	End:        {ebiten.KeyEnd},
	Backspace:  {ebiten.KeyBackspace},
	Delete:     {ebiten.KeyDelete},
	Select:     {ebiten.KeySpace},
	Voice:      {ebiten.KeyJ},
	Mute:       {ebiten.KeyM},
	PTTMode:    {ebiten.KeyP},
	Talk:       {ebiten.KeyV},
	Staff:      {ebiten.KeyF7},
	Hand:       {ebiten.KeyR},
	StagePane:  {ebiten.KeyQ},
	Calendar:   {ebiten.KeyF6},
	TourPane:   {ebiten.KeyF8},
}

// repeats are the actions that fire again while their key is held.
var repeats = map[Action]bool{
	CaretLeft: true, CaretRight: true, Up: true, Down: true, ZoomIn: true, ZoomOut: true,
	PageUp: true, PageDown: true, Backspace: true, Delete: true,
}

// Reader reads each frame's keyboard, mouse and fingers from Ebiten.
type Reader struct {
	touches Touches
	ids     []ebiten.TouchID
}

// Read reads this frame's input.
func (r *Reader) Read() *Input {
	in := &Input{}
	for a, keys := range keyMap {
		for _, k := range keys {
			if ebiten.IsKeyPressed(k) {
				in.held[a] = true
			}
			// A key pressed and released between two frames (a quick tap on a slow frame) is just
			// pressed in the next one but has no press duration: ask for the press itself.
			d := inpututil.KeyPressDuration(k)
			if inpututil.IsKeyJustPressed(k) || (repeats[a] && d >= 30 && (d-30)%3 == 0) {
				in.pressed[a] = true
			}
		}
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyTab) {
		if ebiten.IsKeyPressed(ebiten.KeyShift) {
			in.pressed[FocusPrev] = true
		} else {
			in.pressed[FocusNext] = true
		}
	}
	if (ebiten.IsKeyPressed(ebiten.KeyControl) || ebiten.IsKeyPressed(ebiten.KeyMeta)) && inpututil.IsKeyJustPressed(ebiten.KeyV) {
		in.pressed[Paste] = true
	}
	in.text = ebiten.AppendInputChars(nil)
	x, y := ebiten.CursorPosition()
	in.Cursor.X, in.Cursor.Y = x, y
	in.click = inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft)
	in.right = inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonRight)
	in.down = ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft)
	_, in.wheel = ebiten.Wheel()
	r.ids = ebiten.AppendTouchIDs(r.ids[:0])
	fingers := make([]Finger, 0, len(r.ids))
	for _, id := range r.ids {
		x, y := ebiten.TouchPosition(id)
		fingers = append(fingers, Finger{ID: int(id), At: image.Pt(x, y)})
	}
	r.touches.Step(fingers, in)
	return in
}

// actionNames are the actions' names for scripts ("press mute").
var actionNames = map[string]Action{
	"submit": Submit, "cancel": Cancel, "chat": OpenChat, "read": Read, "help": Help,
	"zoom-in": ZoomIn, "zoom-out": ZoomOut, "page-up": PageUp, "page-down": PageDown,
	"voice": Voice, "mute": Mute, "ptt": PTTMode, "next": FocusNext, "previous": FocusPrev,
	"staff": Staff, "hand": Hand, "stage": StagePane, "events": Calendar, "tours": TourPane, "up": Up, "down": Down, "left": CaretLeft, "right": CaretRight,
}

// ActionNamed returns the action a script names.
func ActionNamed(name string) (Action, bool) {
	a, ok := actionNames[name]
	return a, ok
}
