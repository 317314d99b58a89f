package platform

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// deviceKeyLen is a device key's length in hex digits: 32 random bytes.
const deviceKeyLen = 64

// newDeviceKey makes a device key: 32 random bytes in hex.
func newDeviceKey() (string, error) {
	var k [deviceKeyLen / 2]byte
	if _, err := rand.Read(k[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(k[:]), nil
}

// validDeviceKey reports whether s is a device key as newDeviceKey makes them.
func validDeviceKey(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil && len(s) == deviceKeyLen
}

// keyStore keeps one device key somewhere (the browser's localStorage).
type keyStore interface {
	load() (string, error) // "" when there is none yet
	store(key string) error
}

// deviceKeyIn returns the device key kept in s, making and storing one when there is none (or
// what is there is not a key: nobody else writes it, and a new key costs only the ban's memory).
func deviceKeyIn(s keyStore) (string, error) {
	k, err := s.load()
	if err != nil {
		return "", fmt.Errorf("device key: %w", err)
	}
	if validDeviceKey(k) {
		return k, nil
	}
	if k, err = newDeviceKey(); err == nil {
		err = s.store(k)
	}
	if err != nil {
		return "", fmt.Errorf("device key: %w", err)
	}
	return k, nil
}
