package identity

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"

	"github.com/embassy-project/embassy/internal/keyfile"
)

// MinSecretLen is the shortest secret accepted, in bytes: HS256's key should be at least as long
// as its hash (RFC 7518, 3.2).
const MinSecretLen = 32

// SecretFile is the file in the data directory that holds the secret the server made itself.
const SecretFile = "secret"

// Secret is the key tokens are signed with. It never prints: String, GoString and LogValue say
// only where it came from, so passing it to a logger or a %v leaks nothing.
type Secret struct {
	key    []byte
	source string
}

// NewSecret wraps key (at least MinSecretLen bytes); source says where it came from, for logs.
func NewSecret(key []byte, source string) (Secret, error) {
	if len(key) < MinSecretLen {
		return Secret{}, fmt.Errorf("%s is %d bytes; a secret needs at least %d (for example: openssl rand -hex 32)",
			source, len(key), MinSecretLen)
	}
	return Secret{key: append([]byte(nil), key...), source: source}, nil
}

// Source says where the secret came from: "EMBASSY_SECRET", a file's path, or the data
// directory's file with " (created)" the first time.
func (s Secret) Source() string { return s.source }

func (s Secret) String() string { return "secret from " + s.source }

// GoString keeps %#v from printing the key.
func (s Secret) GoString() string { return s.String() }

// LogValue keeps slog from printing the key.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// LoadSecret finds the secret, from the first of: env (the value of EMBASSY_SECRET), the file
// named by file (the -secret-file flag), or dataDir's SecretFile, which is created with 32 random
// bytes (hex, mode 0600) on first start and read back afterwards, so tokens outlive restarts.
// Setting both env and file is a mistake, and so is a file that others may read, an empty one,
// or a secret shorter than MinSecretLen: each gets an error that says what to do. The secret is
// its text with surrounding white space trimmed, so the contents of the data directory's file
// put in EMBASSY_SECRET on another node give the same key.
func LoadSecret(dataDir, env, file string) (Secret, error) {
	switch {
	case env != "" && file != "":
		return Secret{}, errors.New("both EMBASSY_SECRET and a secret file are set: choose one")
	case env != "":
		return NewSecret([]byte(strings.TrimSpace(env)), "EMBASSY_SECRET")
	case file != "":
		key, err := keyfile.Read(file, true)
		if err != nil {
			return Secret{}, fmt.Errorf("secret file: %w", err)
		}
		return NewSecret(key, file)
	case dataDir == "":
		return Secret{}, errors.New("no secret: set EMBASSY_SECRET, a secret file, or a data directory to keep one in")
	}
	path := filepath.Join(dataDir, SecretFile)
	key, created, err := keyfile.ReadOrCreate(path, true, newSecretText)
	if err != nil {
		return Secret{}, fmt.Errorf("secret in the data directory: %w", err)
	}
	source := path
	if created {
		source += " (created)"
	}
	return NewSecret(key, source)
}

// newSecretText is a new secret as the data directory keeps it: 32 random bytes in hex, a line.
func newSecretText() ([]byte, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	return []byte(hex.EncodeToString(b[:]) + "\n"), nil
}
