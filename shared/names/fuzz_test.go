package names

import (
	"testing"
	"unicode/utf8"

	"github.com/embassy-project/embassy/shared/protocol"
)

// The committed corpus under testdata/fuzz/FuzzNames holds names that once misbehaved or sit on an
// edge; run `go test -run '^$' -fuzz FuzzNames ./shared/names` to search further.

// FuzzNames checks, for any string: no panic; Key is idempotent and ignores normalisation;
// a name Normalize accepts is valid UTF-8 within the length, and normalising it again changes nothing.
func FuzzNames(f *testing.F) {
	for _, s := range []string{
		"Ambassador", "Ambassad0r", "\u0410mbassador", "  Ada   Lovelace ", "Ａｄａ", "ﬁona",
		"Jose\u0301", "Ada\u202e", "\xff\xfe", "rnrn", "vvv", "İstanbul", "ǅemal", "ΣΊΣΥΦΟΣ",
		"\u0345", "ᾼ", "ﷺ", "Ⅻ", "½", "\U0001d400", "", " ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		if k2 := Key(k); k2 != k {
			t.Fatalf("Key(%q) = %q but Key(%q) = %q", s, k, k, k2)
		}
		if LooksLike(s, s) != (k != "") {
			t.Fatalf("LooksLike(%q, itself) = %v with key %q", s, LooksLike(s, s), k)
		}
		n, err := Normalize(s)
		if err != nil {
			if _, ok := err.(Refusal); !ok {
				t.Fatalf("Normalize(%q) error %T %v is not a Refusal", s, err, err)
			}
			return
		}
		if !utf8.ValidString(n) || n == "" || utf8.RuneCountInString(n) > protocol.MaxNameLen {
			t.Fatalf("Normalize(%q) = %q", s, n)
		}
		if n2, err := Normalize(n); err != nil || n2 != n {
			t.Fatalf("Normalize(%q) = %q, but Normalize(%q) = %q, %v", s, n, n, n2, err)
		}
		if Key(n) != k {
			t.Fatalf("Key(%q) = %q but Key of its normal form %q = %q", s, k, n, Key(n))
		}
	})
}
