//go:build !js

package platform

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/embassy-project/embassy/internal/keyfile"
)

// DeviceKey returns this device's key, made on first use: 32 random bytes in hex, kept in
// os.UserConfigDir()/embassy/device-key (mode 0600). A guest's client sends it so that a ban on a
// guest holds when they come back under another name. It is not a secret that grants anything,
// and a person who deletes the file gets a new one: it makes a ban cost a little, no more.
func DeviceKey() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("device key: %w", err)
	}
	return LoadDeviceKey(filepath.Join(dir, "embassy", "device-key"))
}

// LoadDeviceKey returns the device key kept at path, making it first when there is none.
func LoadDeviceKey(path string) (string, error) {
	b, _, err := keyfile.ReadOrCreate(path, false, func() ([]byte, error) {
		k, err := newDeviceKey()
		return []byte(k + "\n"), err
	})
	if err != nil {
		return "", fmt.Errorf("device key: %w", err)
	}
	if !validDeviceKey(string(b)) {
		return "", fmt.Errorf("device key: %s does not hold a device key (%d hex digits); delete it and a new one is made", path, deviceKeyLen)
	}
	return string(b), nil
}
