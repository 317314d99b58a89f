package names

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Key folds a name to what it looks like, so that names a reader could take for one another share
// a key: compatibility forms (full-width, mathematical, circled letters) and accents are dropped
// (NFKD without its marks), Cyrillic and Greek letters that look Latin become Latin (Cyrillic а е о
// р с у х і, Greek Α Β Ε Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ, ...), so do small capitals, case is ignored, digits
// and symbols used for letters become those letters (0 o, 1 l, 3 e, 4 a, 5 s, 7 t, 8 b, @ a, $ s),
// i, I, l, 1 and | are one letter, "rn" reads as "m" and "vv" as "w", and everything that is not a
// letter or a digit (spaces, punctuation, separators, invisible characters) is left out.
//
// Key is a skeleton in the sense of Unicode's confusables (UTS #39), cut down to the scripts an
// impersonator reaches for first; it is not the full table. Key(Key(x)) == Key(x) for every x.
// Different names may share a key ("Ali" and "All"): it answers "could these be mistaken for one
// another", never "are these the same name".
func Key(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	// Invalid bytes go first: norm passes them through and leaves the text after them unnormalised.
	for _, r := range norm.NFKD.String(strings.ToValidUTF8(name, "")) {
		if unicode.In(r, unicode.Mn, unicode.Me) {
			continue
		}
		r = fold(r)
		if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mc, r) {
			b.WriteRune(r)
		}
	}
	return sequences.Replace(b.String())
}

// LooksLike says whether a and b could be taken for one another: their keys are equal and not empty.
func LooksLike(a, b string) bool {
	ka := Key(a)
	return ka != "" && ka == Key(b)
}

// fold maps one character to the one it is read as: the table first (some capitals differ from
// their small letters: Greek Η reads h, η reads n), then lower case, then the table again.
func fold(r rune) rune {
	if m, ok := lookalikes[r]; ok {
		return m
	}
	l := unicode.ToLower(r)
	if m, ok := lookalikes[l]; ok {
		return m
	}
	return l
}

// sequences are pairs of letters read as one. Their results (m, w) start and end no pair, so
// replacing once leaves nothing to replace again.
var sequences = strings.NewReplacer("rn", "m", "vv", "w")

// lookalikes maps a character to the Latin letter it passes for. Values may name another entry
// (Cyrillic і → i → l); init resolves each to its end, so that fold(fold(r)) == fold(r).
var lookalikes = map[rune]rune{
	// Latin: i, I, l, 1 and | are one stroke in many fonts; digits and symbols standing for letters.
	'i': 'l', '1': 'l', '|': 'l', '!': 'l', 'ı': 'l', 'ɩ': 'l', 'ł': 'l', 'ǀ': 'l',
	'0': 'o', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', '$': 's',
	'ɑ': 'a', 'ɡ': 'g', 'ø': 'o', 'ɵ': 'o', 'đ': 'd', 'ð': 'd', 'ħ': 'h', 'ȷ': 'j',
	// Latin small capitals.
	'ᴀ': 'a', 'ʙ': 'b', 'ᴄ': 'c', 'ᴅ': 'd', 'ᴇ': 'e', 'ɢ': 'g', 'ʜ': 'h', 'ɪ': 'i', 'ᴊ': 'j',
	'ᴋ': 'k', 'ʟ': 'l', 'ᴍ': 'm', 'ɴ': 'n', 'ᴏ': 'o', 'ᴘ': 'p', 'ʀ': 'r', 'ꜱ': 's', 'ᴛ': 't',
	'ᴜ': 'u', 'ᴠ': 'v', 'ᴡ': 'w', 'ʏ': 'y', 'ᴢ': 'z',
	// Cyrillic, by their small letters (capitals are lowered first: В в → b, Н н → h, З з → 3 → e).
	'а': 'a', 'в': 'b', 'г': 'r', 'е': 'e', 'з': '3', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o',
	'п': 'n', 'р': 'p', 'с': 'c', 'т': 't', 'у': 'y', 'х': 'x', 'ь': 'b', 'і': 'i', 'ј': 'j',
	'ѕ': 's', 'һ': 'h', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'ӏ': 'l', 'ү': 'y', 'ѵ': 'v', 'ҫ': 'c',
	// Greek capitals that differ from their small letters' look.
	'Α': 'a', 'Β': 'b', 'Ε': 'e', 'Ζ': 'z', 'Η': 'h', 'Ι': 'i', 'Κ': 'k', 'Μ': 'm', 'Ν': 'n',
	'Ο': 'o', 'Ρ': 'p', 'Τ': 't', 'Υ': 'y', 'Χ': 'x', 'Ϲ': 'c',
	// Greek small letters.
	'α': 'a', 'β': 'b', 'γ': 'y', 'ε': 'e', 'η': 'n', 'ι': 'i', 'κ': 'k', 'μ': 'u', 'ν': 'v',
	'ο': 'o', 'ρ': 'p', 'σ': 'o', 'ς': 'c', 'ϲ': 'c', 'τ': 't', 'υ': 'u', 'χ': 'x', 'ω': 'w',
	'ϳ': 'j',
	// Armenian letters that pass for Latin ones.
	'օ': 'o', 'ս': 'u', 'ո': 'n', 'հ': 'h',
}

func init() {
	for k, v := range lookalikes {
		for range 4 { // chains are at most two long; 4 is a bound, not a search
			next, ok := lookalikes[v]
			if !ok {
				next, ok = lookalikes[unicode.ToLower(v)]
			}
			if !ok || next == v {
				break
			}
			v = next
		}
		lookalikes[k] = v
	}
}
