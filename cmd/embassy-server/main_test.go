package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

func TestRedisURLKeepsPasswordsOffTheCommandLine(t *testing.T) {
	parse := func(args ...string) (*flag.FlagSet, *string) {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		v := fs.String("redis", "", "")
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		return fs, v
	}
	fs, v := parse("-redis", "redis://user:secret@db:6379/0")
	if err := redisURL(fs, v, ""); err == nil {
		t.Error("a password on the command line was accepted")
	}
	fs, v = parse("-redis", "redis://db:6379/0")
	if err := redisURL(fs, v, ""); err != nil {
		t.Errorf("a URL without password was refused: %v", err)
	}
	// From the environment (the flag's default), a password is fine.
	fs, _ = parse()
	fromEnv := "redis://user:secret@db:6379/0"
	if err := redisURL(fs, &fromEnv, ""); err != nil {
		t.Errorf("a password from the environment was refused: %v", err)
	}
	file := filepath.Join(t.TempDir(), "redis-url")
	if err := os.WriteFile(file, []byte("redis://user:secret@db:6379/1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := redisURL(fs, &got, file); err != nil || got != "redis://user:secret@db:6379/1" {
		t.Errorf("from file: %q, %v", got, err)
	}
}
