package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/embassy-project/embassy/server/identity"
)

// secretFlags are the flags of a command that signs with the server's secret. The secret comes,
// as the server takes it, from EMBASSY_SECRET, else -secret-file, else the server's data directory
// (-data). Unlike the server, embassyctl never creates a secret: one made here would sign tokens
// the server does not know.
type secretFlags struct {
	file, data string
}

func (s *secretFlags) register(fs *flag.FlagSet, e *env) {
	fs.StringVar(&s.file, "secret-file", envOr(e, "EMBASSY_SECRET_FILE", ""), "file holding the server's secret (EMBASSY_SECRET_FILE); not together with EMBASSY_SECRET")
	fs.StringVar(&s.data, "data", envOr(e, "EMBASSY_DATA", "data"), "the server's data directory, where it keeps the secret it made (EMBASSY_DATA)")
}

func (s *secretFlags) load(e *env) (identity.Secret, error) {
	if env := e.Getenv("EMBASSY_SECRET"); env != "" || s.file != "" {
		return identity.LoadSecret("", env, s.file)
	}
	path := filepath.Join(s.data, identity.SecretFile)
	secret, err := identity.LoadSecret("", "", path)
	if errors.Is(err, fs.ErrNotExist) {
		return secret, fmt.Errorf("no secret at %s: start the server once with -data %s (it makes one there), or set EMBASSY_SECRET or -secret-file", path, s.data)
	}
	return secret, err
}
