package main

import (
	"os"
	"path/filepath"
	"testing"
)

// -invite FILE reads the invitation (trimmed) for Hello.invite; a missing file is an error.
func TestInviteFlagReadsTheFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "invite")
	if err := os.WriteFile(file, []byte("eyJ.invite\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := parseConfig([]string{"-invite", file}, func(string) string { return "" })
	if err != nil || c.invite != "eyJ.invite" {
		t.Fatalf("invite %q, %v", c.invite, err)
	}
	if _, err := parseConfig([]string{"-invite", file + ".missing"}, func(string) string { return "" }); err == nil {
		t.Fatal("a missing invitation file was accepted")
	}
}
