package msg

import "testing"

func TestTranslate(t *testing.T) {
	if got := T("%d here", 3); got != "3 here" {
		t.Fatalf("English: %q", got)
	}
	Add("xx", map[string]string{"%d here": "ici: %d", "You are in the %s.": "Vous êtes dans %[1]s."})
	defer SetLanguage("en")
	if !SetLanguage("xx") {
		t.Fatal("table not found")
	}
	if got := T("%d here", 3); got != "ici: 3" {
		t.Fatalf("translated: %q", got)
	}
	if got := T("Not in the table"); got != "Not in the table" {
		t.Fatalf("fallback: %q", got)
	}
	if SetLanguage("zz") || T("%d here", 1) != "1 here" {
		t.Fatal("unknown language must fall back to English")
	}
}
