//go:build js && wasm

// Command embassy-web is the Embassy client in the browser (js/wasm): the desktop client's game,
// started from the page's address instead of flags.
//
//	GOOS=js GOARCH=wasm go build -o embassy.wasm ./cmd/embassy-web
//
// The page loads it with Go's wasm_exec.js ($(go env GOROOT)/lib/wasm/wasm_exec.js, of the Go that
// built it). The query picks what the desktop's flags do: ?name= enters under that name (without
// it, the join screen), ?room= the first room, ?invite= an invitation's text, ?server= another
// server's WebSocket (default: the page's own host, /ws). The canvas fills the window.
package main

import (
	"log/slog"
	"os"
	"time"

	"github.com/embassy-project/embassy/client/app"
	"github.com/embassy-project/embassy/client/platform"
	"github.com/embassy-project/embassy/client/scene"
)

// clientName is sent in Hello.
const clientName = "embassy-web/0.1"

func main() {
	platform.Mark("embassy-main") // the Go code runs: the .wasm is in and every package set up
	// wasm_exec.js writes standard error to the browser's console.
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if err := run(log); err != nil {
		log.Error("embassy-web", "err", err)
		platform.ShowError(err)
	}
}

func run(log *slog.Logger) error {
	page, err := platform.PageURL()
	if err != nil {
		return err
	}
	o, err := app.OptionsFromPage(page)
	if err != nil {
		return err
	}
	o.Client = clientName
	g, err := app.NewGame(o, scene.Hooks{Drawn: drawn}, log)
	if err != nil {
		return err
	}
	defer g.Close()
	platform.Mark("embassy-game") // the game is made: next, Ebiten starts and draws
	return app.Run(g, true)
}

// drawn runs after every frame: the first is marked on the page (the start-up figure that
// internal/webtest measures). It never ends the game.
func drawn(time.Duration, int, int) bool {
	platform.MarkFirstFrame()
	return false
}
