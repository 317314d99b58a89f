package identity

import (
	"context"
	"errors"
	"testing"
	"time"
)

func inviteKit(t *testing.T, revoked map[string]bool) (*Issuer, *Verifier) {
	t.Helper()
	sec, err := NewSecret([]byte("an invitation test secret of thirty-two bytes or more"), "test")
	if err != nil {
		t.Fatal(err)
	}
	iss, err := NewIssuer(sec, "")
	if err != nil {
		t.Fatal(err)
	}
	ver, err := NewVerifier(sec, "", func(_ context.Context, id string, _ time.Time) (bool, error) { return revoked[id], nil })
	if err != nil {
		t.Fatal(err)
	}
	return iss, ver
}

// An invitation names its event and guest; it expires, can be withdrawn, cannot be forged, and is
// never taken for a sign-in (nor a sign-in for an invitation).
func TestInvitations(t *testing.T) {
	revoked := map[string]bool{}
	iss, ver := inviteKit(t, revoked)
	ctx, now := context.Background(), time.Now()
	tok, inv, err := iss.MintInvite(Invite{EventID: 42, Name: " Ｇuest  Greta "}, 48*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ver.VerifyInvite(ctx, tok, now)
	if err != nil || got.EventID != 42 || got.Name != "Guest Greta" || got.TokenID != inv.TokenID {
		t.Fatalf("VerifyInvite = %+v, %v", got, err)
	}
	if _, err := ver.VerifyInvite(ctx, tok, now.Add(49*time.Hour)); !errors.Is(err, ErrInviteExpired) {
		t.Errorf("expired invitation: %v", err)
	}
	if _, err := ver.Verify(ctx, tok, now); !errors.Is(err, ErrNotValid) {
		t.Errorf("an invitation taken for a sign-in: %v", err)
	}
	signIn, _, err := iss.Mint(Claims{UserID: "u-1", Name: "Greta", Role: Admin}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ver.VerifyInvite(ctx, signIn, now); !errors.Is(err, ErrInviteNotValid) {
		t.Errorf("a sign-in taken for an invitation: %v", err)
	}
	other, _ := NewSecret([]byte("a forger's secret, also thirty-two bytes or more...."), "forger")
	forger, _ := NewIssuer(other, "")
	forged, _, _ := forger.MintInvite(Invite{EventID: 42, Name: "Greta"}, time.Hour)
	if _, err := ver.VerifyInvite(ctx, forged, now); !errors.Is(err, ErrInviteNotValid) {
		t.Errorf("forged invitation: %v", err)
	}
	revoked[inv.TokenID] = true
	if _, err := ver.VerifyInvite(ctx, tok, now); !errors.Is(err, ErrInviteRevoked) {
		t.Errorf("withdrawn invitation: %v", err)
	}
	for _, bad := range []Invite{{Name: "No Event"}, {EventID: 1, Name: ""}} {
		if _, _, err := iss.MintInvite(bad, time.Hour); err == nil {
			t.Errorf("minted %+v", bad)
		}
	}
}
