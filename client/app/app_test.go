package app

import (
	"net/url"
	"strings"
	"testing"
)

func TestOptionsFromPage(t *testing.T) {
	for _, tc := range []struct {
		page string
		want Options
		err  string
	}{
		{page: "http://127.0.0.1:8080/play", want: Options{Server: "ws://127.0.0.1:8080/ws", Voice: true}},
		{page: "https://embassy.example/play?name=Ada%20Lovelace&room=reception",
			want: Options{Server: "wss://embassy.example/ws", Name: "Ada Lovelace", Room: "reception", Voice: true}},
		{page: "https://embassy.example/play?invite=+eyJhbGciOi.abc.def%0A&name=",
			want: Options{Server: "wss://embassy.example/ws", Invite: "eyJhbGciOi.abc.def", Voice: true}},
		{page: "http://localhost:8080/play?server=wss://other.example/ws&name=Bo",
			want: Options{Server: "wss://other.example/ws", Name: "Bo", Voice: true}},
		{page: "http://h/play?name=Cy&body=%232f5d9e&accent=f2c14e",
			want: Options{Server: "ws://h/ws", Name: "Cy", Body: 0x2f5d9e, Accent: 0xf2c14e, Voice: true}},
		{page: "https://embassy.example/play?room=gallery#token=eyJ.eyJuYW1lIjoiQWRhIn0.c2ln",
			want: Options{Server: "wss://embassy.example/ws", Room: "gallery", Token: "eyJ.eyJuYW1lIjoiQWRhIn0.c2ln", Voice: true}},
		{page: "https://embassy.example/play?token=eyJ.in.query", want: Options{Server: "wss://embassy.example/ws", Voice: true}},
		{page: "http://h/play?name=Cy&body=red", err: `?body= must be a colour as #rrggbb, got "red"`},
		{page: "http://localhost:8080/play?server=http://other.example/ws", err: `?server= must be a ws:// or wss:// URL, got "http://other.example/ws"`},
		{page: "file:///home/ada/play.html", err: "scheme must be http or https"},
	} {
		u, err := url.Parse(tc.page)
		if err != nil {
			t.Fatal(err)
		}
		got, err := OptionsFromPage(u)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: %+v, %v; want the error %q", tc.page, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s:\n got %+v, %v\nwant %+v", tc.page, got, err, tc.want)
		}
	}
}

func TestCheckServer(t *testing.T) {
	for _, s := range []string{"ws://h:8080/ws", "wss://h/ws"} {
		if err := CheckServer(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	for _, s := range []string{"", "http://h/ws", "h:8080"} {
		if err := CheckServer(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

// The name a sign-in claims picks the avatar's colours before the server's Welcome names you.
func TestClaimedName(t *testing.T) {
	for tok, want := range map[string]string{
		"eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiQWRhIExvdmVsYWNlIiwicm9sZSI6Im1vZGVyYXRvciJ9.c2ln": "Ada Lovelace",
		"eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoibW9kZXJhdG9yIn0.c2ln":                              "",
		"eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln":                                              "",
		"eyJhbGciOiJIUzI1NiJ9.!!!.c2ln":                                                      "",
		"not a token":                                                                        "",
		"":                                                                                   "",
	} {
		if got := claimedName(tok); got != want {
			t.Errorf("claimedName(%q) = %q, want %q", tok, got, want)
		}
	}
}
