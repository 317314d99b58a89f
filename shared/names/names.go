// Package names owns the rules for display names that the server enforces and a client may check
// first: Normalize (the PRECIS Nickname profile, RFC 8266, within the protocol's length) and Key, a
// look-alike fold that tells "Ambassad0r" and a Cyrillic "Аmbassador" from nobody but "Ambassador".
// It holds no state and must not import server or client code: both sides run it.
package names

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/secure/precis"

	"github.com/embassy-project/embassy/shared/protocol"
)

// Refusal is why a name was refused, as a sentence fit to show the person who chose it.
type Refusal string

func (r Refusal) Error() string { return string(r) }

// Sentences a Refusal can carry (ErrRefusedChar's is built around the character).
const (
	ErrEmpty   Refusal = "please choose a name"
	ErrInvalid Refusal = "that name cannot be used; please choose another"
)

// ErrTooLong says a name is longer than the protocol allows.
var ErrTooLong = Refusal(fmt.Sprintf("a name can be at most %d characters", protocol.MaxNameLen))

// Normalize returns name as the embassy shows and stores it: the PRECIS Nickname profile (spaces
// mapped, trimmed and collapsed; compatibility characters such as full-width letters folded by
// NFKC; control, unassigned and invisible characters refused) and at most protocol.MaxNameLen
// characters. Case is kept. A refused name gets a Refusal saying why.
func Normalize(name string) (string, error) {
	name = strings.TrimFunc(name, unicode.IsSpace) // a trailing newline or tab is no reason to refuse
	if name == "" {
		return "", ErrEmpty
	}
	out, err := precis.Nickname.String(name)
	if err != nil { // the profile's errors are not exported: find the reason again
		return "", explain(name)
	}
	if utf8.RuneCountInString(out) > protocol.MaxNameLen {
		return "", ErrTooLong
	}
	return out, nil
}

// CompareKey is the form two names are compared in for being the same name (not merely alike):
// normalised and lower-cased, per the Nickname profile. It is "" for a name Normalize refuses.
func CompareKey(name string) string {
	k, err := precis.Nickname.CompareKey(name)
	if err != nil {
		return ""
	}
	return k
}

// explain turns a PRECIS refusal into a sentence: which character is refused, where one is.
func explain(name string) error {
	if !utf8.ValidString(name) {
		return ErrInvalid
	}
	for _, r := range name {
		if unicode.IsSpace(r) {
			continue
		}
		if _, err := precis.Nickname.String(string(r)); err != nil {
			return refusedChar(r)
		}
	}
	// Every character passes alone: a contextual rule (such as a joiner out of place) or an
	// empty result after mapping.
	return ErrInvalid
}

// refusedChar names the character a name may not contain; an invisible one by its code point.
func refusedChar(r rune) Refusal {
	if unicode.IsGraphic(r) && !unicode.Is(unicode.Mn, r) {
		return Refusal(fmt.Sprintf("a name cannot contain “%c”", r))
	}
	return Refusal(fmt.Sprintf("a name cannot contain the invisible character U+%04X", r))
}
