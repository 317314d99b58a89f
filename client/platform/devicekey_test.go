//go:build !js

package platform

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestDeviceKeyMadeOnceAndKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "embassy", "device-key")
	first, err := LoadDeviceKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 64 || strings.Trim(first, "0123456789abcdef") != "" {
		t.Errorf("device key %q is not 64 hex digits", first)
	}
	again, err := LoadDeviceKey(path)
	if err != nil || again != first {
		t.Errorf("read back %q, %v; want %q", again, err, first)
	}
	if info, err := os.Stat(path); runtime.GOOS != "windows" && (err != nil || info.Mode().Perm() != 0o600) {
		t.Errorf("device key file: %v, %v; want mode 0600", info, err)
	}
	other, err := LoadDeviceKey(filepath.Join(t.TempDir(), "device-key"))
	if err != nil || other == first {
		t.Errorf("a second device got %q, %v", other, err)
	}
}

func TestDeviceKeyInTheConfigDirectory(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config")) // Linux, BSD
	t.Setenv("HOME", home)                                     // macOS: ~/Library/Application Support
	t.Setenv("AppData", filepath.Join(home, "appdata"))        // Windows
	key, err := DeviceKey()
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := os.UserConfigDir()
	if b, err := os.ReadFile(filepath.Join(dir, "embassy", "device-key")); err != nil || strings.TrimSpace(string(b)) != key {
		t.Errorf("the key is not in %s: %q, %v", dir, b, err)
	}
}

func TestDeviceKeyDamaged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "device-key")
	if err := os.WriteFile(path, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDeviceKey(path); err == nil || !strings.Contains(err.Error(), "delete it and a new one is made") {
		t.Errorf("a damaged key file: %v", err)
	}
}
