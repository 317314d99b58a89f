package ui

import (
	"strings"
	"unicode/utf8"
)

// Wrap breaks text into lines no wider than width, as measured by measure, at spaces; a word wider
// than a line is broken between characters. Newlines in text are kept; blank lines are kept as "".
func Wrap(text string, width float64, measure func(string) float64) []string {
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			out = append(out, "")
			continue
		}
		line := ""
		for _, w := range words {
			cand := w
			if line != "" {
				cand = line + " " + w
			}
			if measure(cand) <= width {
				line = cand
				continue
			}
			if line != "" {
				out = append(out, line)
			}
			for measure(w) > width && utf8.RuneCountInString(w) > 1 {
				head := breakWord(w, width, measure)
				out = append(out, head)
				w = w[len(head):]
			}
			line = w
		}
		out = append(out, line)
	}
	return out
}

// breakWord returns the longest prefix of w (at least one character) that fits width.
func breakWord(w string, width float64, measure func(string) float64) string {
	end := 0
	for i, r := range w {
		next := i + utf8.RuneLen(r)
		if end > 0 && measure(w[:next]) > width {
			break
		}
		end = next
	}
	return w[:end]
}

// Ellipsize shortens s with "…" until it fits width.
func Ellipsize(s string, width float64, measure func(string) float64) string {
	if measure(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && measure(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// VisibleTail keeps the caret of a long line in view: it drops characters from the left of text
// (and of before, the text left of the caret) until before fits width.
func VisibleTail(text, before string, width float64, measure func(string) float64) (shown, shownBefore string) {
	for len(before) > 0 && measure(before) > width {
		_, n := utf8.DecodeRuneInString(before)
		before, text = before[n:], text[n:]
	}
	return text, before
}
