//go:build !js

package platform

// TextInput is the device's own text input for the focused text field. On the desktop the game
// reads keys and characters itself, so it does nothing.
type TextInput struct{}

// Update is called once a frame with the focused field (nil: none takes typing) and reports what
// the text input did to it.
func (t *TextInput) Update(*TextField) (TextEdit, error) { return TextEdit{}, nil }
