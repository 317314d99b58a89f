package transport

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
)

func TestCheckStatus(t *testing.T) {
	for _, tc := range []struct {
		code     int
		status   string
		want     error  // nil with wantText empty: no error
		wantText string // in the error
	}{
		{code: 200, status: "200 OK"},
		{code: 404, status: "404 Not Found", want: fs.ErrNotExist},
		{code: 503, status: "503 Service Unavailable", wantText: "GET http://h/x: 503 Service Unavailable"},
		{code: 204, status: "204 No Content", wantText: "204 No Content"},
	} {
		err := checkStatus("http://h/x", tc.code, tc.status)
		switch {
		case tc.want != nil:
			if !errors.Is(err, tc.want) {
				t.Errorf("%d: got %v, want %v", tc.code, err, tc.want)
			}
		case tc.wantText != "":
			if err == nil || !strings.Contains(err.Error(), tc.wantText) {
				t.Errorf("%d: got %v, want an error with %q", tc.code, err, tc.wantText)
			}
		case err != nil:
			t.Errorf("%d: got %v, want none", tc.code, err)
		}
	}
	if err := tooLarge("http://h/x", 10); !strings.Contains(err.Error(), "larger than 10 bytes") {
		t.Errorf("tooLarge: %v", err)
	}
}
