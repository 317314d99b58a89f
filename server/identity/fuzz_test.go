package identity

import (
	"context"
	"errors"
	"testing"
	"time"
)

// The committed corpus under testdata/fuzz/FuzzVerify holds a real token and broken ones; run
// `go test -run '^$' -fuzz FuzzVerify ./server/identity` to search further.

// FuzzVerify feeds the verifier anything: it must not panic, and every refusal is a *TokenError
// with one of the four sentences. A token it accepts verifies the same again.
func FuzzVerify(f *testing.F) {
	good := mint(f, testKey, "", time.Hour, nil)
	for _, s := range []string{
		good, good[:len(good)/2], "", ".", "..", "a.b.c", "eyJhbGciOiJub25lIn0.e30.",
		"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.bnVsbA.x", "eyJhbGciOiJIUzI1NiJ9.W10.",
	} {
		f.Add(s)
	}
	v := mustVerifier(f, func(ctx context.Context, id string, now time.Time) (bool, error) { return id == "revoked", nil })
	f.Fuzz(func(t *testing.T, token string) {
		c, err := v.Verify(context.Background(), token, testNow)
		if err != nil {
			var te *TokenError
			if !errors.As(err, &te) || te.Detail == nil {
				t.Fatalf("Verify error %T %v", err, err)
			}
			for _, r := range []error{ErrExpired, ErrNotValid, ErrRevoked, ErrUnchecked} {
				if te.Reason == r {
					return
				}
			}
			t.Fatalf("Verify reason %v", te.Reason)
		}
		if c2, err := v.Verify(context.Background(), token, testNow); err != nil || c2 != c {
			t.Fatalf("accepted once, then %v", err)
		}
	})
}
