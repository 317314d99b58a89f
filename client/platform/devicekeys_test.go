package platform

import (
	"errors"
	"strings"
	"testing"
)

// memoryStore is a keyStore in memory, standing in for the browser's localStorage.
type memoryStore struct {
	key       string
	loadErr   error
	storeErr  error
	storeRuns int
}

func (m *memoryStore) load() (string, error) { return m.key, m.loadErr }

func (m *memoryStore) store(k string) error {
	m.storeRuns++
	if m.storeErr != nil {
		return m.storeErr
	}
	m.key = k
	return nil
}

func TestDeviceKeyInAStore(t *testing.T) {
	s := &memoryStore{}
	first, err := deviceKeyIn(s)
	if err != nil || !validDeviceKey(first) || s.key != first {
		t.Fatalf("first key %q, %v; stored %q", first, err, s.key)
	}
	again, err := deviceKeyIn(s)
	if err != nil || again != first || s.storeRuns != 1 {
		t.Errorf("read back %q, %v after %d stores; want %q, stored once", again, err, s.storeRuns, first)
	}

	damaged := &memoryStore{key: "not a key"}
	if k, err := deviceKeyIn(damaged); err != nil || !validDeviceKey(k) || damaged.key != k {
		t.Errorf("over a damaged key: %q, %v", k, err)
	}

	if _, err := deviceKeyIn(&memoryStore{loadErr: errors.New("SecurityError")}); err == nil || !strings.Contains(err.Error(), "device key: SecurityError") {
		t.Errorf("no storage: %v", err)
	}
	if _, err := deviceKeyIn(&memoryStore{storeErr: errors.New("QuotaExceededError")}); err == nil || !strings.Contains(err.Error(), "QuotaExceededError") {
		t.Errorf("a full storage: %v", err)
	}
}
