package ui

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWrap(t *testing.T) {
	mono := func(s string) float64 { return float64(utf8.RuneCountInString(s)) }
	got := Wrap("the quick brown fox jumps\n\nover", 10, mono)
	want := []string{"the quick", "brown fox", "jumps", "", "over"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("Wrap = %q, want %q", got, want)
	}
	long := Wrap("abcdefghijklmnopqrstuvwxyz end", 10, mono)
	if long[0] != "abcdefghij" || long[2] != "uvwxyz end" {
		t.Fatalf("long word wrapped as %q", long)
	}
	for _, l := range long {
		if mono(l) > 10 {
			t.Fatalf("line %q is wider than 10", l)
		}
	}
	if e := Ellipsize("Ambassador's Office", 8, mono); mono(e) > 8 || !strings.HasSuffix(e, "…") {
		t.Fatalf("Ellipsize = %q", e)
	}
}

func TestTextField(t *testing.T) {
	f := TextField{Max: 5}
	f.Insert([]rune("héllo world"))
	if f.String() != "héllo" {
		t.Fatalf("%q", f.String())
	}
	f.Move(-2)
	f.Backspace()
	f.Insert([]rune{'L', '\x07'})
	if f.String() != "héLlo" || f.Before() != "héL" {
		t.Fatalf("%q before %q", f.String(), f.Before())
	}
	f.Home()
	f.Delete()
	f.End()
	if f.String() != "éLlo" || f.Cursor() != 4 {
		t.Fatalf("%q cursor %d", f.String(), f.Cursor())
	}
}
