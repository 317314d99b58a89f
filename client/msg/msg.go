// Package msg is the client's message catalogue: every sentence a person reads in the game goes
// through T, keyed by its English text (gettext style). Adding a language is adding a table here;
// no widget changes. Formats use fmt verbs; a translation may reorder them with explicit indexes
// (%[2]s).
package msg

import (
	"fmt"
	"sync"
)

var (
	mu      sync.RWMutex // guards lang and tables
	lang    = "en"
	tables  = map[string]map[string]string{}
	rtlLang = map[string]bool{"ar": true, "he": true, "fa": true, "ur": true}
)

// T returns format in the current language, filled in with args like fmt.Sprintf.
func T(format string, args ...any) string {
	mu.RLock()
	if t, ok := tables[lang][format]; ok {
		format = t
	}
	mu.RUnlock()
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// SetLanguage chooses the language of T ("en" when there is no table for it) and reports whether
// a table exists.
func SetLanguage(code string) bool {
	mu.Lock()
	defer mu.Unlock()
	_, ok := tables[code]
	if ok || code == "en" {
		lang = code
		return true
	}
	lang = "en"
	return false
}

// Add registers translations for a language: English text to translated text.
func Add(code string, table map[string]string) {
	mu.Lock()
	defer mu.Unlock()
	if tables[code] == nil {
		tables[code] = map[string]string{}
	}
	for k, v := range table {
		tables[code][k] = v
	}
}

// RightToLeft reports whether the current language is written right to left.
func RightToLeft() bool {
	mu.RLock()
	defer mu.RUnlock()
	return rtlLang[lang]
}
