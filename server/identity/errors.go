package identity

import (
	"errors"
	"log/slog"

	"github.com/embassy-project/embassy/shared/names"
)

// Why a sign-in was refused, in words fit to show the person; a TokenError carries one of these.
var (
	ErrExpired   = errors.New("your sign-in has expired")
	ErrNotValid  = errors.New("this sign-in is not valid")
	ErrRevoked   = errors.New("this sign-in was withdrawn")
	ErrUnchecked = errors.New("your sign-in cannot be checked just now; please try again shortly")
)

// ErrUnknownRole: a role name that is none of the four.
var ErrUnknownRole = errors.New("unknown role")

// ErrNameReserved refuses a visitor a name that looks like a member of staff's.
const ErrNameReserved = names.Refusal("that name is too close to a member of staff's; please choose another")

// TokenError is a refused token: Error is the sentence for the person (Reason), Detail says why
// for the log. errors.Is sees both, so errors.Is(err, ErrExpired) and errors.Is(err,
// jwt.ErrTokenSignatureInvalid) both work. Neither holds the token or the secret.
type TokenError struct {
	Reason error // ErrExpired, ErrNotValid, ErrRevoked or ErrUnchecked
	Detail error
}

func (e *TokenError) Error() string { return e.Reason.Error() }

// Unwrap gives errors.Is and errors.As the reason and the detail.
func (e *TokenError) Unwrap() []error { return []error{e.Reason, e.Detail} }

// LogValue logs the detail with the reason, so that `slog.Any("err", err)` keeps what Error leaves out.
func (e *TokenError) LogValue() slog.Value {
	return slog.GroupValue(slog.String("reason", e.Reason.Error()), slog.String("detail", e.Detail.Error()))
}

func refuse(reason, detail error) *TokenError { return &TokenError{Reason: reason, Detail: detail} }
