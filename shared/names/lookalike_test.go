package names

import (
	"testing"
	"unicode"
)

func TestKeyFoldsLookalikes(t *testing.T) {
	want := Key("Ambassador")
	if want != "ambassador" {
		t.Fatalf(`Key("Ambassador") = %q, want "ambassador"`, want)
	}
	for _, name := range []string{
		"Ambassador",
		"ambassador",
		"AMBASSADOR",
		"Ambassad0r",
		"4mbassador",
		"Ambas5ad0r",
		"Amba$$ador",
		"@mbassador",
		"\u0410mbassador",     // Cyrillic А
		"Аmbаssаdоr",          // Cyrillic а and о throughout
		"\u0391mbassador",     // Greek Α
		"Αmbαssαdοr",          // Greek α and ο
		"Arnbassador",         // rn reads as m
		"Ambassadór",          // an accent
		"Ambassado\u0301r",    // a combining accent
		"A m b a s s a d o r", // spaces
		"Am.bas-sa_dor",       // separators
		"Ambass\u200bador",    // an invisible space
		"Ａｍｂａｓｓａｄｏｒ",          // full width
		"𝐀𝐦𝐛𝐚𝐬𝐬𝐚𝐝𝐨𝐫",                          // mathematical bold
		"Ⓐⓜⓑⓐⓢⓢⓐⓓⓞⓡ",                          // circled
		"ᴀᴍʙᴀꜱꜱᴀᴅᴏʀ",                          // small capitals
		"AMBAЅЅADOR",                          // Cyrillic Ѕ
		"АМВАЅЅАDОR",                          // Cyrillic capitals throughout (В for B)
		"\u0391\u039c\u0392\u0391SSAD\u039fR", // Greek capitals Α Μ Β Ο
	} {
		if got := Key(name); got != want {
			t.Errorf("Key(%q) = %q, want %q", name, got, want)
		}
		if !LooksLike(name, "Ambassador") {
			t.Errorf("LooksLike(%q, %q) = false", name, "Ambassador")
		}
	}
}

func TestKeyPairs(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		alike bool
	}{
		// Look-alikes that must collide.
		{"Ada", "ADA", true},
		{"Ian", "lan", true},   // capital I and small l
		{"Bill", "BiII", true}, // small l and capital I
		{"Lily", "L1ly", true},
		{"Moderator", "M0derat0r", true},
		{"Ole", "0le", true},
		{"Tess", "7ess", true},
		{"Bob", "8ob", true},
		{"Eve", "3ve", true},
		{"Consul", "Соnsul", true}, // Cyrillic С о
		{"Helena", "Неlena", true}, // Cyrillic Н е
		{"Maria", "Маriа", true},   // Cyrillic М а
		{"Peter", "Реter", true},   // Cyrillic Р е
		{"Xena", "Хеnа", true},     // Cyrillic Х е а
		{"Oxana", "Охана", false},  // Cyrillic н reads as h: "oxaha"
		{"Kyra", "Куrа", true},     // Cyrillic К у
		{"Tina", "Тіnа", true},     // Cyrillic Т і
		{"Jo", "Јо", true},         // Cyrillic Ј о
		{"Ivo", "Іvо", true},       // Cyrillic І
		{"Nora", "Νοrα", true},     // Greek Ν ο α
		{"Kim", "Κim", true},       // Greek Κ
		{"Zoe", "Ζoe", true},       // Greek Ζ
		{"Tom", "Τοm", true},       // Greek Τ ο
		{"Hera", "Ηera", true},     // Greek Η
		{"Wim", "VVim", true},      // vv reads as w
		{"Anna-Lena", "Anna Lena", true},
		{"Dr. Smith", "Dr Smith", true},
		{"Zoë", "Zoe", true},
		{"Łukasz", "Lukasz", true},
		{"Søren", "Soren", true},
		{"  Ada  ", "Ada", true},
		// Different names that must not collide.
		{"Ana", "Anna", false},
		{"Li", "Lu", false},
		{"Ada", "Ida", false},
		{"Tom", "Tim", false},
		{"Dan", "Don", false},
		{"Sam", "Pam", false},
		{"Ben", "Ken", false},
		{"Eva", "Ava", false},
		{"Maria", "Marie", false},
		{"Olga", "Olya", false},
		{"Ambassador", "Ambassadors", false},
		{"Ambassador", "Ambassadress", false},
		{"Consul", "Counsel", false},
		{"Jan", "Jana", false},
		{"Anne", "Annie", false},
		{"Ma", "Mu", false},
		{"Bo", "Bob", false},
		{"Sara", "Sarah", false},
		{"Ann", "Ana", false},
		{"Anna", "Анна", false}, // Cyrillic н reads as h: "ahha", not "anna"
		{"Hana", "Hanna", false},
		{"李", "杨", false},
		{"محمد", "أحمد", false},
		{"", "", false}, // nothing looks like nothing
		{"...", "---", false},
	} {
		if got := LooksLike(c.a, c.b); got != c.alike {
			t.Errorf("LooksLike(%q, %q) = %v, want %v (keys %q, %q)", c.a, c.b, got, c.alike, Key(c.a), Key(c.b))
		}
		if LooksLike(c.a, c.b) != LooksLike(c.b, c.a) {
			t.Errorf("LooksLike(%q, %q) is not symmetric", c.a, c.b)
		}
	}
}

func TestKeyKeepsOtherScripts(t *testing.T) {
	for name, want := range map[string]string{
		"李小龍":        "李小龍",
		"محمد":       "محمد",
		"Ἀλέξανδρος": "aλeξavδpoc", // accents and breathings go; α ε ν ρ ο ς read as Latin
		"Agent 99":   "agent99",
	} {
		if got := Key(name); got != want {
			t.Errorf("Key(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestLookalikeTableIsResolved(t *testing.T) {
	for k, v := range lookalikes {
		if fold(v) != v {
			t.Errorf("%q folds to %q, which folds on to %q", k, v, fold(v))
		}
		if !unicode.IsLower(v) && !unicode.IsDigit(v) {
			t.Errorf("%q folds to %q, not a small letter or a digit", k, v)
		}
	}
}
