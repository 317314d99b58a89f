package voice

import (
	"strings"
	"testing"
)

func TestConfigValidate(t *testing.T) {
	if err := Defaults().Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for _, tc := range []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"bad UDP address", func(c *Config) { c.UDP = "nowhere" }, "voice UDP address"},
		{"public IP not an IP", func(c *Config) { c.PublicIPs = []string{"example.org"} }, "not an IP address"},
		{"Active shorter than Speaking", func(c *Config) { c.Active = c.Speaking / 2 }, "voice timings"},
		{"nice below -20", func(c *Config) { c.FanoutNice = -21 }, "nice value -21"},
		{"nice above 19", func(c *Config) { c.FanoutNice = 20 }, "nice value 20"},
	} {
		c := Defaults()
		tc.edit(&c)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error saying %q", tc.name, err, tc.want)
		}
	}
}
