package modrules

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrDuration: text that is not a duration as staff write it.
var ErrDuration = errors.New("not a duration (like 30s, 10m, 2h, 3d, 1w)")

// ParseDuration reads a duration as staff type it: "30s", "10m", "2h", "3d", "1w" (and anything
// time.ParseDuration takes, such as "1h30m"); "", "0", "forever" and "permanent" are zero: for good,
// or until lifted. Case and surrounding spaces do not matter. A negative or zero length is refused.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "", "0", "forever", "permanent":
		return 0, nil
	}
	unit := time.Duration(0)
	switch {
	case strings.HasSuffix(s, "d"):
		unit = 24 * time.Hour
	case strings.HasSuffix(s, "w"):
		unit = 7 * 24 * time.Hour
	}
	if unit != 0 {
		n, err := strconv.Atoi(s[:len(s)-1])
		if err != nil || n <= 0 || strconv.Itoa(n) != s[:len(s)-1] || time.Duration(n) > (1<<62)/unit {
			return 0, fmt.Errorf("%q: %w", s, ErrDuration)
		}
		return time.Duration(n) * unit, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q: %w", s, ErrDuration)
	}
	return d, nil
}
