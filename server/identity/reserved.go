package identity

import (
	"maps"
	"slices"
	"sync"

	"github.com/embassy-project/embassy/shared/names"
)

// ReservedNames are the names of staff that visitors may not imitate: a visitor's name is refused
// when its look-alike key (names.Key) is a staff name's. The gateway fills it (staff names from
// their tokens as they sign in, and from the store); it is safe for concurrent use.
type ReservedNames struct {
	mu    sync.RWMutex               // guards byKey
	byKey map[string]map[string]bool // look-alike key -> the staff names with that key
}

// NewReservedNames returns a set holding names.
func NewReservedNames(staff ...string) *ReservedNames {
	r := &ReservedNames{byKey: make(map[string]map[string]bool)}
	for _, n := range staff {
		r.Add(n)
	}
	return r
}

// Add reserves a staff name and everything that looks like it. A name with no letters or digits
// has no key and reserves nothing: Add says whether it reserved anything.
func (r *ReservedNames) Add(name string) bool {
	k := names.Key(name)
	if k == "" {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byKey[k] == nil {
		r.byKey[k] = make(map[string]bool)
	}
	r.byKey[k][name] = true
	return true
}

// Remove gives up the reservation of name; its look-alikes stay reserved while another staff name
// shares its key.
func (r *ReservedNames) Remove(name string) {
	k := names.Key(name)
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.byKey[k], name)
	if len(r.byKey[k]) == 0 {
		delete(r.byKey, k)
	}
}

// Holder returns the staff name that name looks like (the first in order, if several), if any.
func (r *ReservedNames) Holder(name string) (string, bool) {
	k := names.Key(name)
	if k == "" {
		return "", false
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	held := r.byKey[k]
	if len(held) == 0 {
		return "", false
	}
	return slices.Min(slices.Collect(maps.Keys(held))), true
}

// Len is how many staff names are reserved.
func (r *ReservedNames) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	n := 0
	for _, held := range r.byKey {
		n += len(held)
	}
	return n
}

// Check says whether someone of role may take name: staff may (their names come from their
// tokens), a visitor may not take one that looks like a staff name, ErrNameReserved.
func (r *ReservedNames) Check(name string, role Role) error {
	if role.Staff() {
		return nil
	}
	if _, taken := r.Holder(name); taken {
		return ErrNameReserved
	}
	return nil
}
