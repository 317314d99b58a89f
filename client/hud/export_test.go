package hud

import "image"

// PanelButtons returns where the buttons of a panel (the events, tours, moderator or stage panel)
// or the rows of the avatar menu are, as last laid out.
func PanelButtons(w any) []image.Rectangle {
	var out []image.Rectangle
	add := func(bs []panelButton) {
		for _, b := range bs {
			out = append(out, b.r)
		}
	}
	switch p := w.(type) {
	case *TourPanel:
		add(p.buttons)
	case *ModPanel:
		add(p.buttons)
		out = append(out, p.tabs[:]...)
		out = append(out, p.refresh)
	case *StagePanel:
		add(p.buttons)
	case *AvatarMenu:
		out = append(out, p.rows...)
		out = append(out, p.down, p.up, p.mute)
	case *Prompt:
		out = append(out, p.ok, p.cancel, p.input)
	}
	return out
}
