//go:build !js

package platform

import "log/slog"

// Announcer on the desktop logs at debug level what the browser build tells screen readers: a
// game window is not something a desktop screen reader reads, and the chat box shows the same lines.
type Announcer struct{ log *slog.Logger }

// NewAnnouncer returns an announcer that logs to log.
func NewAnnouncer(log *slog.Logger) *Announcer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Announcer{log: log}
}

// Say logs text.
func (a *Announcer) Say(text string) { a.log.Debug("say", "text", text) }

// People logs the names of the people near you.
func (a *Announcer) People(names []string) { a.log.Debug("people near", "names", names) }
