package names

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	for _, c := range []struct {
		in, want string
		err      string // the sentence, when refused
	}{
		{in: "Ada Lovelace", want: "Ada Lovelace"},
		{in: "  Ada   Lovelace \t", want: "Ada Lovelace"},
		{in: "Ada\u00a0Lovelace", want: "Ada Lovelace"}, // no-break space mapped to a space
		{in: "Ａｄａ", want: "Ada"},                        // full-width letters (NFKC)
		{in: "ﬁona", want: "fiona"},                     // ligature (NFKC)
		{in: "Jose\u0301", want: "José"},                // composed
		{in: "José", want: "José"},                      // already composed
		{in: "Ada 🎉", want: "Ada 🎉"},                    // symbols are allowed in a nickname
		{in: "Ἀλέξανδρος", want: "Ἀλέξανδρος"},          // Greek
		{in: "Анна", want: "Анна"},                      // Cyrillic
		{in: "محمد", want: "محمد"},                      // Arabic
		{in: "李小龍", want: "李小龍"},                        // Han
		{in: "O'Brien-Smith", want: "O'Brien-Smith"},    // punctuation
		{in: strings.Repeat("a", 32), want: strings.Repeat("a", 32)},
		{in: strings.Repeat("é", 32), want: strings.Repeat("é", 32)},
		{in: "", err: "please choose a name"},
		{in: "   ", err: "please choose a name"},
		{in: "\u3000", err: "please choose a name"},
		{in: strings.Repeat("a", 33), err: "a name can be at most 32 characters"},
		{in: "Ada\x00", err: "a name cannot contain the invisible character U+0000"},
		{in: "Ada\x07Bell", err: "a name cannot contain the invisible character U+0007"},
		{in: "Ada\u202eecalevol", err: "a name cannot contain the invisible character U+202E"},
		{in: "Ad\u200ba", err: "a name cannot contain the invisible character U+200B"},
		{in: "Ada\ufeff", err: "a name cannot contain the invisible character U+FEFF"},
		{in: "Ada\U000E0041", err: "a name cannot contain the invisible character U+E0041"},
		{in: "Ada\U0010FFFF", err: "a name cannot contain the invisible character U+10FFFF"},
		{in: "Ada\xff", err: "that name cannot be used; please choose another"},
	} {
		got, err := Normalize(c.in)
		switch {
		case c.err != "":
			var r Refusal
			if !errors.As(err, &r) || err.Error() != c.err {
				t.Errorf("Normalize(%q) = %q, %v; want the refusal %q", c.in, got, err, c.err)
			}
		case err != nil || got != c.want:
			t.Errorf("Normalize(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestNormalizeNamesTheRefusedCharacter(t *testing.T) {
	// A private-use character is unassigned to PRECIS: refused, and named.
	_, err := Normalize("Ada\ue000")
	if err == nil || !strings.Contains(err.Error(), "U+E000") && !strings.Contains(err.Error(), "\ue000") {
		t.Fatalf("Normalize of a private-use character: %v", err)
	}
}

func TestCompareKey(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"Ada", "ada"}, {"ADA LOVELACE", "ada  lovelace"}, {"Ａｄａ", "ada"}, {"ΑΝΝΑ", "αννα"},
	} {
		if ka, kb := CompareKey(c.a), CompareKey(c.b); ka == "" || ka != kb {
			t.Errorf("CompareKey(%q) = %q, CompareKey(%q) = %q; want equal", c.a, ka, c.b, kb)
		}
	}
	if CompareKey("Ada") == CompareKey("Аda") { // Cyrillic А: alike, not the same name
		t.Errorf("CompareKey treats a Cyrillic look-alike as the same name")
	}
	if CompareKey("") != "" || CompareKey("a\x00") != "" {
		t.Errorf("CompareKey of a refused name is not empty")
	}
}
