//go:build !((linux && !android) || freebsd || openbsd || netbsd || dragonfly)

package platform

// probeOutput trusts the platform's audio (Windows, macOS, the browser): Ebiten's own checks
// apply there.
func probeOutput() error { return nil }
