package platform

import (
	"net/url"
	"testing"
)

func TestTokenInFragment(t *testing.T) {
	tests := []struct {
		addr  string
		tok   string
		named bool
	}{
		{"https://embassy.example/play", "", false},
		{"https://embassy.example/play?name=Ada#token=aa.bb.cc", "aa.bb.cc", true},
		{"https://embassy.example/play#token=", "", true}, // signs out
		{"https://embassy.example/play#other=1&token=a%2Bb.c_d-e.f", "a+b.c_d-e.f", true},
		{"https://embassy.example/play?token=in.the.query", "", false}, // the query reaches the server: not a sign-in
		{"https://embassy.example/play#section", "", false},
	}
	for _, tt := range tests {
		page, err := url.Parse(tt.addr)
		if err != nil {
			t.Fatal(err)
		}
		if tok, named := tokenInFragment(page); tok != tt.tok || named != tt.named {
			t.Errorf("%s: %q %v, want %q %v", tt.addr, tok, named, tt.tok, tt.named)
		}
	}
}
