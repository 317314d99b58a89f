package hud_test

import (
	"fmt"
	"image"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/hud"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// screen is a screen to lay the interface out on: its size in device pixels and its scale.
type screen struct {
	name string
	w, h int
	dpr  float64
}

// The phones held sideways that the browser client must fit, and the desktop's window.
var screens = []screen{
	{"iPhone 14 sideways", 844 * 3, 390 * 3, 3},
	{"iPhone SE sideways", 667 * 2, 375 * 2, 2},
	{"small Android sideways", 640 * 3, 360 * 3, 3},
	{"desktop", 1280, 800, 1},
}

// everything is the world scene's interface (the room itself aside), mounted as the scene mounts it.
type everything struct {
	chat    *hud.Chat
	rooms   *hud.RoomList
	voice   *hud.VoiceBar
	minimap *hud.Minimap
	card    *hud.RoomCard
	bar     *hud.ButtonBar
	help    *hud.Help
	cal     *hud.CalendarPanel
	tours   *hud.TourPanel
	stage   *hud.StagePanel
	mod     *hud.ModPanel
	menu    *hud.AvatarMenu
}

func mountEverything(b *bench) *everything {
	e := &everything{
		chat: hud.NewChat(b.env), rooms: &hud.RoomList{Env: b.env}, voice: &hud.VoiceBar{Env: b.env},
		minimap: &hud.Minimap{Env: b.env}, card: &hud.RoomCard{Env: b.env}, bar: &hud.ButtonBar{Env: b.env},
		help: &hud.Help{Env: b.env}, cal: &hud.CalendarPanel{Env: b.env}, tours: &hud.TourPanel{Env: b.env},
		stage: &hud.StagePanel{Env: b.env, Ask: b.prompt.Ask}, mod: &hud.ModPanel{Env: b.env, Ask: b.prompt.Ask},
		menu: &hud.AvatarMenu{Env: b.env, Ask: b.prompt.Ask},
	}
	for _, w := range []ui.Widget{&floor{}, e.card, e.minimap, e.voice, &hud.Hints{Env: b.env}, e.chat, e.rooms, &hud.Banner{Env: b.env}, e.help,
		&hud.EventBar{Env: b.env, OpenStage: e.stage.Show}, e.stage, e.cal, e.tours, e.mod, e.menu, b.prompt, e.bar} {
		b.root.Mount(w)
	}
	return e
}

// floor stands in for the room: it holds the focus by default and takes nothing.
type floor struct{}

func (*floor) Layout(*ui.Context)              {}
func (*floor) Update(*ui.Context, *ui.Input)   {}
func (*floor) Draw(*ebiten.Image, *ui.Context) {}
func (*floor) Focusable() bool                 { return true }

// stepOn runs one frame on screen s.
func (b *bench) stepOn(s screen, in *ui.Input) {
	b.frame++
	b.s.Update(time.Now())
	if b.fonts.Scale != s.dpr {
		b.fonts = gfx.NewFonts(s.dpr)
	}
	b.root.Update(ui.NewContext(s.w, s.h, s.dpr, b.fonts, time.Now(), b.frame), in)
}

// busy gives a moderator everything at once: voice on, an event running in the room, a report with
// its last lines, a long chat.
func busy(b *bench) {
	b.env.M.Voice.Available, b.env.M.Voice.On, b.env.M.Voice.Connected = true, true, true
	b.push(reception("Tester"))
	for i := range 12 {
		b.env.Act.Tell(fmt.Sprintf("line %d of a conversation long enough to wrap on a phone held sideways, and then some", i))
	}
}

// within checks that r lies on the screen above the button bar.
func within(t *testing.T, s screen, what string, r image.Rectangle) {
	t.Helper()
	above := image.Rect(0, 0, s.w, s.h-int(hud.HintBarHeight(s.dpr)))
	if r.Empty() {
		t.Errorf("%s: %s is not laid out", s.name, what)
	} else if !r.In(above) {
		t.Errorf("%s: %s at %v does not fit the screen above the bar %v", s.name, what, r, above)
	}
}

// On a phone held sideways every part of the interface fits the screen: the corners' widgets do not
// overlap one another or the button bar, every panel and its buttons lie on the screen above the
// bar, and the bar's buttons fit side by side, tall enough for a finger.
func TestTheInterfaceFitsSmallScreens(t *testing.T) {
	for _, s := range screens {
		t.Run(s.name, func(t *testing.T) {
			b := newBench(t, pb.Role_ROLE_MODERATOR)
			e := mountEverything(b)
			busy(b)
			b.person(7, "Mallory", pb.Role_ROLE_VISITOR)
			b.stepOn(s, &ui.Input{})

			corners := map[string]image.Rectangle{"chat": e.chat.Bounds(), "room list": e.rooms.Bounds(), "voice bar": e.voice.Bounds(),
				"minimap": e.minimap.Bounds(), "room card": e.card.Bounds()}
			for name, r := range corners {
				within(t, s, name, r)
				for other, o := range corners {
					if name < other && r.Overlaps(o) {
						t.Errorf("%s: the %s %v overlaps the %s %v", s.name, name, r, other, o)
					}
				}
			}
			// On a phone the room list is folded to its title; a tap on it opens the list.
			if folded := e.rooms.Bounds(); s.h < 600*int(s.dpr) {
				b.stepOn(s, (&ui.Input{}).Touch(folded.Min.Add(image.Pt(4, 4))))
				b.stepOn(s, &ui.Input{})
				if open := e.rooms.Bounds(); float64(folded.Dy()) > 50*s.dpr || open.Dy() <= folded.Dy() {
					t.Errorf("%s: the room list is %v folded, %v after a tap", s.name, folded, open)
				}
				b.stepOn(s, (&ui.Input{}).Touch(folded.Min.Add(image.Pt(4, 4))))
			}
			bar := e.bar.Bounds()
			if bar.Min.Y != s.h-int(hud.HintBarHeight(s.dpr)) || bar.Dx() != s.w {
				t.Errorf("%s: the bar is at %v", s.name, bar)
			}
			labels := e.bar.Buttons()
			if len(labels) < 10 {
				t.Errorf("%s: a moderator with voice during an event is offered only %q", s.name, labels)
			}
			var prev image.Rectangle
			for _, a := range []ui.Action{ui.OpenChat, ui.Mute, ui.PTTMode, ui.Hand, ui.StagePane, ui.Calendar, ui.TourPane, ui.Staff, ui.Help, ui.ZoomOut, ui.ZoomIn} {
				r := e.bar.Button(a)
				if r.Empty() || !r.In(bar) || r.Overlaps(prev) || float64(r.Dy()) < 28*s.dpr {
					t.Errorf("%s: the button for action %d at %v (bar %v, previous %v)", s.name, a, r, bar, prev)
				}
				prev = r
			}

			panels := []struct {
				name string
				open *ui.Input
				w    ui.Widget
				box  func() image.Rectangle
			}{
				{"help", press(ui.Help), e.help, e.help.Bounds},
				{"events", press(ui.Calendar), e.cal, e.cal.Bounds},
				{"tours", press(ui.TourPane), e.tours, e.tours.Bounds},
				{"stage", press(ui.StagePane), e.stage, e.stage.Bounds},
				{"moderator panel", press(ui.Staff), e.mod, e.mod.Bounds},
			}
			for _, p := range panels {
				b.stepOn(s, p.open)
				b.stepOn(s, &ui.Input{}) // laid out open
				if p.name == "moderator panel" {
					b.push(staffData(b.lastRef(), &pb.StaffData{Reports: []*pb.ReportInfo{{Id: 2, Reporter: "Ada", Target: "Mallory", Reason: "insults",
						Lines: []string{"one", "two", "three", "four", "five", "six"}}}}))
					b.stepOn(s, &ui.Input{})
					b.stepOn(s, &ui.Input{})
				}
				box := p.box()
				within(t, s, p.name, box)
				for i, r := range hud.PanelButtons(p.w) {
					if !r.In(box) {
						t.Errorf("%s: the %s's button %d at %v is outside its box %v", s.name, p.name, i, r, box)
					}
				}
				if got := e.bar.Buttons(); len(got) != 1 || got[0] != "Close" {
					t.Errorf("%s: over the %s the bar offers %q", s.name, p.name, got)
				}
				b.stepOn(s, (&ui.Input{}).Touch(e.bar.Button(ui.Cancel).Min.Add(image.Pt(2, 2))))
				if box := p.box(); !box.Empty() {
					t.Errorf("%s: the bar's Close left the %s open", s.name, p.name)
				}
			}

			e.menu.Show(7, image.Pt(s.w/2, s.h/2))
			b.stepOn(s, &ui.Input{})
			within(t, s, "avatar menu", e.menu.Bounds())
			for i, r := range hud.PanelButtons(e.menu) {
				if !r.In(e.menu.Bounds()) {
					t.Errorf("%s: the avatar menu's row %d at %v is outside it %v", s.name, i, r, e.menu.Bounds())
				}
			}
			if len(e.menu.Items()) < 7 {
				t.Errorf("%s: a moderator's menu offers only %q", s.name, e.menu.Items())
			}
			b.stepOn(s, press(ui.Cancel))
		})
	}
}
