// Package signintest mints sign-ins for tests, as embassyctl token would, with a test's secret.
package signintest

import (
	"testing"
	"time"

	"github.com/embassy-project/embassy/server/identity"
)

// Issuer returns an issuer for secret (at least 32 bytes), failing the test otherwise.
func Issuer(t testing.TB, secret string) *identity.Issuer {
	t.Helper()
	sec, err := identity.NewSecret([]byte(secret), "test")
	if err != nil {
		t.Fatal(err)
	}
	iss, err := identity.NewIssuer(sec, "")
	if err != nil {
		t.Fatal(err)
	}
	return iss
}

// Token mints an hour's sign-in for name with role under secret; the user id comes from the name.
func Token(t testing.TB, secret, name string, role identity.Role) string {
	t.Helper()
	tok, _, err := Issuer(t, secret).Mint(identity.Claims{UserID: identity.UserIDFor(name), Name: name, Role: role}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}
