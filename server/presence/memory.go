package presence

import (
	"context"
	"fmt"
	"sort"
	"sync"
)

// Memory is the in-process Store, for a single node without Redis.
type Memory struct {
	mu     sync.Mutex // guards byID and byName
	byID   map[string]Entry
	byName map[string]string // NameKey -> user id
}

// NewMemory returns an empty in-process store.
func NewMemory() *Memory {
	return &Memory{byID: make(map[string]Entry), byName: make(map[string]string)}
}

// Add implements Store.
func (m *Memory) Add(_ context.Context, e Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	key := NameKey(e.Name)
	if id, ok := m.byName[key]; ok && id != e.UserID {
		return fmt.Errorf("add %q: %w", e.Name, ErrNameTaken)
	}
	if old, ok := m.byID[e.UserID]; ok && NameKey(old.Name) != key {
		delete(m.byName, NameKey(old.Name)) // re-added under a new name: free the old one
	}
	m.byName[key] = e.UserID
	m.byID[e.UserID] = e
	return nil
}

// SetRoom implements Store.
func (m *Memory) SetRoom(_ context.Context, userID, room string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.byID[userID]
	if !ok {
		return fmt.Errorf("set room of %s: %w", userID, ErrNotFound)
	}
	e.Room = room
	m.byID[userID] = e
	return nil
}

// Remove implements Store.
func (m *Memory) Remove(_ context.Context, userID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.byID[userID]; ok {
		delete(m.byName, NameKey(e.Name))
		delete(m.byID, userID)
	}
	return nil
}

// List implements Store.
func (m *Memory) List(_ context.Context) ([]Entry, error) {
	m.mu.Lock()
	out := make([]Entry, 0, len(m.byID))
	for _, e := range m.byID {
		out = append(out, e)
	}
	m.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return NameKey(out[i].Name) < NameKey(out[j].Name) })
	return out, nil
}

// ByName implements Store.
func (m *Memory) ByName(_ context.Context, name string) (Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if id, ok := m.byName[NameKey(name)]; ok {
		return m.byID[id], nil
	}
	return Entry{}, fmt.Errorf("%q: %w", name, ErrNotFound)
}
