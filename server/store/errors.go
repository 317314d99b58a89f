package store

import "errors"

// Sentinel errors. Methods wrap them with context; test with errors.Is.
var (
	// ErrNotFound: no ban, report, event, question or other record has that id.
	ErrNotFound = errors.New("not found")
	// ErrAlreadyLifted: the ban was lifted before; the first lifting stays on record.
	ErrAlreadyLifted = errors.New("ban already lifted")
	// ErrAlreadyHandled: the report was handled before; the first handling stays on record.
	ErrAlreadyHandled = errors.New("report already handled")
	// ErrAlreadyCancelled: the event was cancelled before; it can be neither cancelled again nor
	// changed, and the first cancelling stays on record.
	ErrAlreadyCancelled = errors.New("event already cancelled")
	// ErrAlreadyAnswered: the question was marked answered before; the first answer stays on record.
	ErrAlreadyAnswered = errors.New("question already answered")
	// ErrInvalid: the argument cannot be stored (a ban with no key, an unknown mute kind, a
	// negative capacity, a malformed audit cursor...).
	ErrInvalid = errors.New("invalid argument")
	// ErrSchemaTooNew: the database was written by a newer Embassy whose migrations this one does
	// not know; it refuses to open it rather than misread it.
	ErrSchemaTooNew = errors.New("store schema is newer than this server")
)
