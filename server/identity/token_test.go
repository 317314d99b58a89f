package identity

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/embassy-project/embassy/shared/names"
)

var (
	testKey   = []byte("0123456789abcdef0123456789abcdef")
	otherKey  = []byte("fedcba9876543210fedcba9876543210")
	testNow   = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	testClaim = Claims{UserID: "u-1234", Name: "Ada Lovelace", Role: Moderator}
)

func mustSecret(t testing.TB, key []byte) Secret {
	t.Helper()
	s, err := NewSecret(key, "test")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustIssuer(t testing.TB, key []byte, iss string) *Issuer {
	t.Helper()
	i, err := NewIssuer(mustSecret(t, key), iss)
	if err != nil {
		t.Fatal(err)
	}
	return i
}

func mustVerifier(t testing.TB, revoked RevokedFunc) *Verifier {
	t.Helper()
	v, err := NewVerifier(mustSecret(t, testKey), "", revoked)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// mint signs testClaim changed by edit, issued at testNow unless edit says otherwise.
func mint(t testing.TB, key []byte, iss string, ttl time.Duration, edit func(*Claims)) string {
	t.Helper()
	c := testClaim
	c.IssuedAt = testNow
	if edit != nil {
		edit(&c)
	}
	tok, _, err := mustIssuer(t, key, iss).Mint(c, ttl)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// signRaw signs arbitrary claims with the test key, for tokens Mint would not make.
func signRaw(t testing.TB, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	tok, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func goodMap() jwt.MapClaims {
	return jwt.MapClaims{
		"iss": DefaultIssuer, "sub": "u-1234", "jti": "t-1", "name": "Ada", "role": "moderator",
		"iat": testNow.Unix(), "nbf": testNow.Unix(), "exp": testNow.Add(time.Hour).Unix(),
	}
}

func without(m jwt.MapClaims, key string, value any) jwt.MapClaims {
	if value == nil {
		delete(m, key)
	} else {
		m[key] = value
	}
	return m
}

// tamper re-encodes the token's payload after edit, keeping the header and signature.
func tamper(t *testing.T, token string, edit func(map[string]any)) string {
	t.Helper()
	parts := strings.Split(token, ".")
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	raw, _ = json.Marshal(m)
	parts[1] = base64.RawURLEncoding.EncodeToString(raw)
	return strings.Join(parts, ".")
}

func TestRoundTrip(t *testing.T) {
	tok, signed, err := mustIssuer(t, testKey, "").Mint(Claims{UserID: "u-1", Name: "  Ada   Lovelace ", Role: Admin, IssuedAt: testNow.Add(500 * time.Millisecond)}, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if signed.TokenID == "" || signed.Issuer != DefaultIssuer || signed.Name != "Ada Lovelace" ||
		!signed.IssuedAt.Equal(testNow) || !signed.NotBefore.Equal(testNow) || !signed.ExpiresAt.Equal(testNow.Add(24*time.Hour)) {
		t.Fatalf("Mint signed %+v", signed)
	}
	got, err := mustVerifier(t, nil).Verify(context.Background(), tok, testNow.Add(time.Hour))
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if !got.IssuedAt.Equal(signed.IssuedAt) || !got.ExpiresAt.Equal(signed.ExpiresAt) || !got.NotBefore.Equal(signed.NotBefore) {
		t.Errorf("times: got %+v, signed %+v", got, signed)
	}
	got.IssuedAt, got.ExpiresAt, got.NotBefore = signed.IssuedAt, signed.ExpiresAt, signed.NotBefore
	if got != signed {
		t.Errorf("Verify = %+v, want %+v", got, signed)
	}
	if len(tok) > MaxTokenSize {
		t.Errorf("token is %d bytes", len(tok))
	}
}

func TestEveryRoleRoundTrips(t *testing.T) {
	v := mustVerifier(t, nil)
	for _, r := range Roles {
		tok := mint(t, testKey, "", time.Hour, func(c *Claims) { c.Role = r })
		if c, err := v.Verify(context.Background(), tok, testNow); err != nil || c.Role != r {
			t.Errorf("role %v: Verify = %v, %v", r, c.Role, err)
		}
	}
}

func TestLongestNameFits(t *testing.T) {
	name := strings.Repeat("😀", 32) // 4 bytes each in UTF-8
	tok := mint(t, testKey, "", MaxTTL, func(c *Claims) { c.Name = name; c.UserID = strings.Repeat("u", maxIDLen) })
	if _, err := mustVerifier(t, nil).Verify(context.Background(), tok, testNow); err != nil {
		t.Fatalf("a %d-byte token with the longest name: %v", len(tok), err)
	}
	t.Logf("longest token: %d bytes", len(tok))
}

func TestForgedAndStaleTokensRefused(t *testing.T) {
	good := mint(t, testKey, "", time.Hour, nil)
	sig := good[strings.LastIndexByte(good, '.')+1:]
	none, err := jwt.NewWithClaims(jwt.SigningMethodNone, goodMap()).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	// The last character of a 32-byte signature in base64 carries two padding bits: setting them
	// gives a string that decodes to the same bytes, which strict decoding refuses.
	loose := good[:len(good)-1] + string(sig[len(sig)-1]+1)
	for _, c := range []struct {
		name   string
		token  string
		now    time.Time
		reason error
		detail error // a jwt error the detail must hold, if any
	}{
		{"wrong secret", mint(t, otherKey, "", time.Hour, nil), testNow, ErrNotValid, jwt.ErrTokenSignatureInvalid},
		{"alg none", none, testNow, ErrNotValid, jwt.ErrTokenSignatureInvalid},
		{"alg none, our signature", none + sig, testNow, ErrNotValid, nil},
		{"HS512 with our secret", signRaw(t, jwt.SigningMethodHS512, testKey, goodMap()), testNow, ErrNotValid, jwt.ErrTokenSignatureInvalid},
		{"HS384 with our secret", signRaw(t, jwt.SigningMethodHS384, testKey, goodMap()), testNow, ErrNotValid, jwt.ErrTokenSignatureInvalid},
		{"payload made admin", tamper(t, good, func(m map[string]any) { m["role"] = "admin" }), testNow, ErrNotValid, jwt.ErrTokenSignatureInvalid},
		{"payload renamed", tamper(t, good, func(m map[string]any) { m["name"] = "Ambassador" }), testNow, ErrNotValid, jwt.ErrTokenSignatureInvalid},
		{"payload extended", tamper(t, good, func(m map[string]any) { m["exp"] = testNow.Add(1000 * time.Hour).Unix() }), testNow, ErrNotValid, jwt.ErrTokenSignatureInvalid},
		{"signature cut", good[:len(good)-2], testNow, ErrNotValid, nil},
		{"signature loosely encoded", loose, testNow, ErrNotValid, nil},
		{"wrong issuer", mint(t, testKey, "another-embassy", time.Hour, nil), testNow, ErrNotValid, jwt.ErrTokenInvalidIssuer},
		{"no issuer", signRaw(t, jwt.SigningMethodHS256, testKey, without(goodMap(), "iss", nil)), testNow, ErrNotValid, jwt.ErrTokenRequiredClaimMissing},
		{"expired", mint(t, testKey, "", time.Hour, nil), testNow.Add(time.Hour + ClockSkew + time.Second), ErrExpired, jwt.ErrTokenExpired},
		{"long expired", mint(t, testKey, "", time.Hour, nil), testNow.Add(1000 * time.Hour), ErrExpired, jwt.ErrTokenExpired},
		{"not yet valid", mint(t, testKey, "", 2*time.Hour, func(c *Claims) { c.NotBefore = testNow.Add(time.Hour) }), testNow, ErrNotValid, jwt.ErrTokenNotValidYet},
		{"issued in the future", mint(t, testKey, "", time.Hour, func(c *Claims) { c.IssuedAt = testNow.Add(time.Minute) }), testNow, ErrNotValid, jwt.ErrTokenUsedBeforeIssued},
		{"no expiry", signRaw(t, jwt.SigningMethodHS256, testKey, without(goodMap(), "exp", nil)), testNow, ErrNotValid, jwt.ErrTokenRequiredClaimMissing},
		{"no issued-at", signRaw(t, jwt.SigningMethodHS256, testKey, without(goodMap(), "iat", nil)), testNow, ErrNotValid, nil},
		{"no user id", signRaw(t, jwt.SigningMethodHS256, testKey, without(goodMap(), "sub", nil)), testNow, ErrNotValid, nil},
		{"user id with a space", signRaw(t, jwt.SigningMethodHS256, testKey, without(goodMap(), "sub", "u 1")), testNow, ErrNotValid, nil},
		{"no token id", signRaw(t, jwt.SigningMethodHS256, testKey, without(goodMap(), "jti", nil)), testNow, ErrNotValid, nil},
		{"unknown role", signRaw(t, jwt.SigningMethodHS256, testKey, without(goodMap(), "role", "king")), testNow, ErrNotValid, ErrUnknownRole},
		{"no role", signRaw(t, jwt.SigningMethodHS256, testKey, without(goodMap(), "role", nil)), testNow, ErrNotValid, ErrUnknownRole},
		{"bad name", signRaw(t, jwt.SigningMethodHS256, testKey, without(goodMap(), "name", "Ada\u202e")), testNow, ErrNotValid, nil},
		{"no name", signRaw(t, jwt.SigningMethodHS256, testKey, without(goodMap(), "name", nil)), testNow, ErrNotValid, names.ErrEmpty},
		{"role as a number", signRaw(t, jwt.SigningMethodHS256, testKey, without(goodMap(), "role", 3)), testNow, ErrNotValid, nil},
		{"oversized", good + strings.Repeat("A", MaxTokenSize), testNow, ErrNotValid, nil},
		{"empty", "", testNow, ErrNotValid, jwt.ErrTokenMalformed},
		{"garbage", "not a token", testNow, ErrNotValid, jwt.ErrTokenMalformed},
		{"two parts", "eyJhbGciOiJIUzI1NiJ9.e30", testNow, ErrNotValid, jwt.ErrTokenMalformed},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := mustVerifier(t, nil).Verify(context.Background(), c.token, c.now)
			checkRefusal(t, err, c.reason, c.detail)
		})
	}
}

func checkRefusal(t *testing.T, err, reason, detail error) {
	t.Helper()
	var te *TokenError
	if !errors.As(err, &te) {
		t.Fatalf("Verify = %v (%T), want a *TokenError", err, err)
	}
	if !errors.Is(err, reason) || err.Error() != reason.Error() {
		t.Errorf("Verify says %q, want %q", err, reason)
	}
	if te.Detail == nil || detail != nil && !errors.Is(err, detail) {
		t.Errorf("detail %v, want one holding %v", te.Detail, detail)
	}
}

func TestSkewIsAllowed(t *testing.T) {
	v := mustVerifier(t, nil)
	for name, c := range map[string]struct {
		token string
		now   time.Time
	}{
		"expired within the skew":     {mint(t, testKey, "", time.Hour, nil), testNow.Add(time.Hour + ClockSkew - time.Second)},
		"starting within the skew":    {mint(t, testKey, "", time.Hour, func(c *Claims) { c.NotBefore = testNow.Add(ClockSkew - time.Second) }), testNow},
		"issued just in the future":   {mint(t, testKey, "", time.Hour, func(c *Claims) { c.IssuedAt = testNow.Add(ClockSkew - time.Second) }), testNow},
		"the last second of its life": {mint(t, testKey, "", time.Hour, nil), testNow.Add(time.Hour - time.Second)},
	} {
		if _, err := v.Verify(context.Background(), c.token, c.now); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestRevocation(t *testing.T) {
	var asked []string
	withdrawn := map[string]bool{"t-revoked": true}
	v := mustVerifier(t, func(ctx context.Context, id string, now time.Time) (bool, error) {
		if !now.Equal(testNow) {
			t.Errorf("the store was asked at %v, not at Verify's time", now)
		}
		asked = append(asked, id)
		if id == "t-broken" {
			return false, errors.New("store: connection refused")
		}
		return withdrawn[id], nil
	})
	ctx := context.Background()
	if _, err := v.Verify(ctx, mint(t, testKey, "", time.Hour, func(c *Claims) { c.TokenID = "t-fine" }), testNow); err != nil {
		t.Fatalf("a token not withdrawn: %v", err)
	}
	_, err := v.Verify(ctx, mint(t, testKey, "", time.Hour, func(c *Claims) { c.TokenID = "t-revoked" }), testNow)
	checkRefusal(t, err, ErrRevoked, nil)
	_, err = v.Verify(ctx, mint(t, testKey, "", time.Hour, func(c *Claims) { c.TokenID = "t-broken" }), testNow)
	checkRefusal(t, err, ErrUnchecked, nil)
	if !strings.Contains(err.(*TokenError).Detail.Error(), "connection refused") {
		t.Errorf("the store's error is not in the detail: %v", err.(*TokenError).Detail)
	}
	// A forged token never reaches the store.
	_, _ = v.Verify(ctx, mint(t, otherKey, "", time.Hour, func(c *Claims) { c.TokenID = "t-forged" }), testNow)
	if strings.Join(asked, ",") != "t-fine,t-revoked,t-broken" {
		t.Errorf("the store was asked about %v", asked)
	}
}

func TestMintRefuses(t *testing.T) {
	is := mustIssuer(t, testKey, "")
	for _, c := range []struct {
		name  string
		c     Claims
		ttl   time.Duration
		words string
	}{
		{"no ttl", testClaim, 0, "between a second and"},
		{"negative ttl", testClaim, -time.Hour, "between a second and"},
		{"ttl over the limit", testClaim, MaxTTL + time.Second, "between a second and"},
		{"unknown role", Claims{UserID: "u", Name: "Ada", Role: Role(9)}, time.Hour, "unknown role"},
		{"no user id", Claims{Name: "Ada"}, time.Hour, "user id"},
		{"user id with a space", Claims{UserID: "u 1", Name: "Ada"}, time.Hour, "user id"},
		{"token id too long", Claims{UserID: "u", TokenID: strings.Repeat("t", 65), Name: "Ada"}, time.Hour, "token id"},
		{"empty name", Claims{UserID: "u", Name: " "}, time.Hour, "please choose a name"},
		{"name with a control character", Claims{UserID: "u", Name: "Ada\x00"}, time.Hour, "U+0000"},
	} {
		if _, _, err := is.Mint(c.c, c.ttl); err == nil || !strings.Contains(err.Error(), c.words) {
			t.Errorf("%s: Mint = %v, want an error saying %q", c.name, err, c.words)
		}
	}
}

func TestNoSecretNoIssuer(t *testing.T) {
	if _, err := NewIssuer(Secret{}, ""); err == nil {
		t.Error("NewIssuer with the zero Secret")
	}
	if _, err := NewVerifier(Secret{}, "", nil); err == nil {
		t.Error("NewVerifier with the zero Secret")
	}
}

func TestTokenErrorLogsItsDetail(t *testing.T) {
	_, err := mustVerifier(t, nil).Verify(context.Background(), mint(t, otherKey, "", time.Hour, nil), testNow)
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("sign-in refused", "err", err)
	if !strings.Contains(buf.String(), "signature is invalid") || !strings.Contains(buf.String(), "this sign-in is not valid") {
		t.Errorf("log line %q lacks the reason or the detail", buf.String())
	}
	if strings.Contains(err.Error(), "signature") {
		t.Errorf("the person is shown the detail: %q", err)
	}
}

func TestUserIDFor(t *testing.T) {
	a, b := UserIDFor("Ada Lovelace"), UserIDFor("  ada   LOVELACE")
	if a != b || !strings.HasPrefix(a, "u-") || len(a) != 18 || !validID(a) {
		t.Errorf("UserIDFor: %q and %q", a, b)
	}
	if UserIDFor("Ada") == UserIDFor("Аda") { // Cyrillic А: another person
		t.Error("a look-alike name gets the same user id")
	}
	if UserIDFor("Ada") == UserIDFor("Ida") {
		t.Error("two names share a user id")
	}
}
