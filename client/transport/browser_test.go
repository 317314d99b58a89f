package transport

import (
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

func TestSocketURL(t *testing.T) {
	for _, tc := range []struct{ page, want, err string }{
		{page: "http://embassy.example:8080/play?name=Ada", want: "ws://embassy.example:8080/ws"},
		{page: "https://embassy.example/play#x", want: "wss://embassy.example/ws"},
		{page: "http://[::1]:8080/", want: "ws://[::1]:8080/ws"},
		{page: "file:///tmp/play.html", err: "scheme must be http or https"},
		{page: "http:///play", err: "has no host"},
	} {
		u, err := url.Parse(tc.page)
		if err != nil {
			t.Fatal(err)
		}
		got, err := SocketURL(u)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: got %q, %v; want error %q", tc.page, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.page, got, err, tc.want)
		}
	}
}

func TestCheckFrame(t *testing.T) {
	if err := checkFrame(100, 100); err != nil {
		t.Errorf("a frame at the limit: %v", err)
	}
	if err := checkFrame(1<<30, 0); err != nil {
		t.Errorf("no limit: %v", err)
	}
	if err := checkFrame(101, 100); err == nil || !strings.Contains(err.Error(), "101 bytes is over the read limit of 100 bytes") {
		t.Errorf("a frame over the limit: %v", err)
	}
}

func TestBrowserClose(t *testing.T) {
	for code, want := range map[int]int{1000: 1000, 1002: 1000, CloseTooBig: 1000, 1001: 1000, 3000: 3000, 4003: 4003, 4999: 4999, 5000: 1000} {
		if got := browserCloseCode(code); got != want {
			t.Errorf("close code %d goes out as %d, want %d", code, got, want)
		}
	}
	if r := closeReason("bye"); r != "bye" {
		t.Errorf("a short reason changed: %q", r)
	}
	long := strings.Repeat("é", 100) // 200 bytes
	r := closeReason(long)
	if len(r) > maxCloseReason || len(r) < maxCloseReason-1 || !strings.HasPrefix(long, r) || strings.ToValidUTF8(r, "?") != r {
		t.Errorf("a long reason cut to %d bytes: %q", len(r), r)
	}
}

func TestInboxOrderThenEnd(t *testing.T) {
	q := newInbox()
	q.push([]byte("a"))
	q.push([]byte("b"))
	q.end(&CloseError{Code: 4003, Reason: "kicked"})
	q.push([]byte("late")) // after the close: dropped
	q.end(errors.New("second end"))
	for _, want := range []string{"a", "b"} {
		if b, err := q.next(); err != nil || string(b) != want {
			t.Fatalf("got %q, %v; want %q", b, err, want)
		}
	}
	var ce *CloseError
	if _, err := q.next(); !errors.As(err, &ce) || ce.Code != 4003 || ce.Reason != "kicked" {
		t.Fatalf("after the frames: %v, want the close 4003", err)
	}
	select {
	case <-q.ended:
	default:
		t.Error("ended is not closed")
	}
}

func TestInboxWaitsForAFrame(t *testing.T) {
	q := newInbox()
	got := make(chan string)
	go func() {
		b, err := q.next()
		if err != nil {
			got <- err.Error()
			return
		}
		got <- string(b)
	}()
	q.push([]byte("frame"))
	if s := <-got; s != "frame" {
		t.Fatalf("got %q", s)
	}
}

func TestInboxDeadline(t *testing.T) {
	q := newInbox()
	q.setDeadline(time.Now().Add(20 * time.Millisecond))
	start := time.Now()
	_, err := q.next()
	if !errors.Is(err, os.ErrDeadlineExceeded) || !strings.Contains(err.Error(), "timeout") {
		t.Fatalf("past the deadline: %v", err)
	}
	if time.Since(start) < 20*time.Millisecond {
		t.Errorf("returned before the deadline")
	}
	q.push([]byte("late"))
	if _, err := q.next(); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("a timed-out connection stays done: %v", err)
	}
}

func TestInboxDeadlineMovedWhileWaiting(t *testing.T) {
	q := newInbox()
	done := make(chan error)
	go func() {
		_, err := q.next()
		done <- err
	}()
	q.setDeadline(time.Now().Add(-time.Second)) // already past: the waiting read gives up
	if err := <-done; !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("got %v", err)
	}

	q = newInbox()
	q.setDeadline(time.Now().Add(10 * time.Millisecond))
	q.setDeadline(time.Time{}) // removed again
	go func() {
		time.Sleep(30 * time.Millisecond)
		q.push([]byte("x"))
	}()
	if b, err := q.next(); err != nil || string(b) != "x" {
		t.Fatalf("without a deadline: %q, %v", b, err)
	}
}
