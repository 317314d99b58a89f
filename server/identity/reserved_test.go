package identity

import (
	"fmt"
	"sync"
	"testing"
)

func TestReservedNames(t *testing.T) {
	r := NewReservedNames("Ambassador", "Consul Ines")
	for _, c := range []struct {
		name string
		role Role
		ok   bool
	}{
		{"Ambassador", Visitor, false},
		{"Ambassad0r", Visitor, false},
		{"AMBASSADOR", Visitor, false},
		{"\u0410mbassador", Visitor, false}, // Cyrillic А
		{"Аmbаssаdоr", Visitor, false},      // Cyrillic а, о
		{"Am-bas-sa-dor", Visitor, false},
		{"ConsulInes", Visitor, false},
		{"C0nsul 1nes", Visitor, false},
		{"Ambassador", Diplomat, true}, // staff names come from their tokens
		{"Ambassador", Moderator, true},
		{"Ambassador", Admin, true},
		{"Ambassadors", Visitor, true},
		{"Consul", Visitor, true},
		{"Ada", Visitor, true},
		{"", Visitor, true},
	} {
		err := r.Check(c.name, c.role)
		if (err == nil) != c.ok {
			t.Errorf("Check(%q, %v) = %v, want ok %v", c.name, c.role, err, c.ok)
		}
		if err != nil && err.Error() != "that name is too close to a member of staff's; please choose another" {
			t.Errorf("Check(%q) says %q", c.name, err)
		}
	}
	if h, ok := r.Holder("Ambassad0r"); !ok || h != "Ambassador" {
		t.Errorf("Holder = %q, %v", h, ok)
	}
}

func TestReservedNamesRemove(t *testing.T) {
	r := NewReservedNames()
	if r.Add("...") {
		t.Error("a name without letters reserved something")
	}
	r.Add("Ada")
	r.Add("ADA") // two staff with one key
	if r.Len() != 2 {
		t.Errorf("Len = %d, want 2", r.Len())
	}
	r.Remove("Ada")
	if r.Check("Аda", Visitor) == nil {
		t.Error("the look-alike was freed while ADA still holds it")
	}
	r.Remove("ADA")
	if err := r.Check("Аda", Visitor); err != nil || r.Len() != 0 {
		t.Errorf("after both left: %v, Len %d", err, r.Len())
	}
	r.Remove("never added")
}

func TestReservedNamesConcurrent(t *testing.T) {
	r := NewReservedNames()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 200 {
				n := fmt.Sprintf("Staff %d %d", i, j)
				r.Add(n)
				_ = r.Check(n, Visitor)
				_, _ = r.Holder(n)
				_ = r.Len()
				if j%2 == 0 {
					r.Remove(n)
				}
			}
		})
	}
	wg.Wait()
	if r.Len() != 8*100 {
		t.Errorf("Len = %d, want %d", r.Len(), 8*100)
	}
}
