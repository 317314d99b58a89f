package scene

import (
	"context"
	"image"
	"log/slog"
	"sync"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/hud"
	"github.com/embassy-project/embassy/client/render"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// World is the embassy: a session fed by a source, the room drawn by the renderer, and the HUD.
type World struct {
	sess *session.Session
	view *WorldView
	root ui.Root
	stop func() // ends the source's goroutines, if any
}

// NewWorld shows the embassy as src delivers it. run, if not nil, is started in the background and
// cancelled by Close (a Link's Run).
func NewWorld(src session.Source, run func(context.Context) error, name string, look *pb.Look, log *slog.Logger) *World {
	sess := session.New(src, name, look, log)
	env := hud.Env{M: sess.Model(), Act: sess.Actions()}
	w := &World{sess: sess, view: &WorldView{Env: env, R: render.NewWorld()}, stop: func() {}}
	w.root.Mount(w.view) // the world: drawn first, takes input last
	w.root.Mount(&hud.RoomCard{Env: env})
	w.root.Mount(&hud.Minimap{Env: env})
	w.root.Mount(&hud.VoiceBar{Env: env})
	w.root.Mount(&hud.Hints{Env: env})
	w.root.Mount(hud.NewChat(env))
	w.root.Mount(&hud.RoomList{Env: env})
	w.root.Mount(&hud.Banner{Env: env})
	w.root.Mount(&hud.Help{Env: env})
	w.root.Mount(&hud.Exhibit{Env: env})
	prompt := &hud.Prompt{}
	stage := &hud.StagePanel{Env: env, Ask: prompt.Ask}
	w.root.Mount(&hud.EventBar{Env: env, OpenStage: stage.Show})
	w.root.Mount(&hud.TourBar{Env: env})
	w.root.Mount(stage)
	w.root.Mount(&hud.CalendarPanel{Env: env})
	w.root.Mount(&hud.TourPanel{Env: env})
	w.root.Mount(&hud.ModPanel{Env: env, Ask: prompt.Ask})
	menu := &hud.AvatarMenu{Env: env, Ask: prompt.Ask}
	w.view.OnAvatar = menu.Show
	w.root.Mount(menu)
	w.root.Mount(prompt)                   // above the widgets that ask
	w.root.Mount(&hud.ButtonBar{Env: env}) // its buttons press keys, over everything
	if run != nil {
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); _ = run(ctx) }()
		w.stop = func() { cancel(); waitBriefly(&wg, 3*time.Second) }
	}
	return w
}

// Session returns the world's session.
func (w *World) Session() *session.Session { return w.sess }

// Close ends voice and the connection, waiting briefly for a polite goodbye.
func (w *World) Close() {
	w.sess.Close()
	w.stop()
}

// Update implements Scene.
func (w *World) Update(c *ui.Context, in *ui.Input) error {
	w.sess.Update(c.Now)
	w.root.Update(c, in)
	return nil
}

// Draw implements Scene.
func (w *World) Draw(dst *ebiten.Image, c *ui.Context) {
	dst.Fill(gfx.ColBackground)
	safe := image.Rect(0, 0, c.Screen.Dx(), c.Screen.Dy()-int(hud.HintBarHeight(c.Scale)))
	w.view.Prepare(c, safe)
	w.root.Draw(dst, c)
}

func waitBriefly(wg *sync.WaitGroup, d time.Duration) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
	}
}
