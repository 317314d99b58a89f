package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/embassy-project/embassy/server/store"
)

// storeTimeout bounds one command's work on the store: a Redis that does not answer, or an SQLite
// file another process holds, fails the command in words rather than hanging it.
const storeTimeout = 30 * time.Second

// storeFlags are the flags of a command that works on the server's store, chosen as the server
// chooses it: Redis when a URL is given (-redis, EMBASSY_REDIS, or -redis-file), else the SQLite
// file in the data directory (-data, EMBASSY_DATA, default ./data).
type storeFlags struct {
	data, redis, redisFile string
}

func (s *storeFlags) register(flags *flag.FlagSet, e *env) {
	flags.StringVar(&s.data, "data", envOr(e, "EMBASSY_DATA", "data"), "the server's data directory, holding its SQLite store, embassy.db (EMBASSY_DATA); not used with Redis")
	flags.StringVar(&s.redis, "redis", envOr(e, "EMBASSY_REDIS", ""), "the server's Redis URL, to use its store instead of SQLite (EMBASSY_REDIS). A URL with a password must come from EMBASSY_REDIS or -redis-file, not the command line")
	flags.StringVar(&s.redisFile, "redis-file", envOr(e, "EMBASSY_REDIS_FILE", ""), "file holding the Redis URL, credentials included (EMBASSY_REDIS_FILE)")
}

// redisURL is the Redis URL to use, empty for SQLite. It follows cmd/embassy-server's redisURL
// (a main package this one cannot import): the file, when given, wins; a password typed after
// -redis is refused, since every user of the machine can read a command line. Keep the two alike.
func (s *storeFlags) redisURL(flags *flag.FlagSet) (string, error) {
	if s.redisFile != "" {
		b, err := os.ReadFile(s.redisFile)
		if err != nil {
			return "", fmt.Errorf("redis url file: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	onCommandLine := false
	flags.Visit(func(f *flag.Flag) { onCommandLine = onCommandLine || f.Name == "redis" })
	if u, err := url.Parse(s.redis); onCommandLine && err == nil && u.User != nil {
		if _, hasPassword := u.User.Password(); hasPassword {
			return "", usagef("-redis must not carry a password on the command line: use EMBASSY_REDIS or -redis-file")
		}
	}
	return s.redis, nil
}

// checkSQLite refuses a data directory without the server's store in it. store.Open would create
// an empty one, and a ban written there (a typo in -data) would never reach the server.
func (s *storeFlags) checkSQLite() error {
	if s.data == "" {
		return usagef("-data is empty: name the server's data directory, or give -redis")
	}
	path := filepath.Join(s.data, store.SQLiteFile)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no store at %s: start the server once with -data %s (it makes it there), or name the server's data directory with -data, or its Redis with -redis", path, s.data)
	} else if err != nil {
		return fmt.Errorf("store %s: %w", path, err)
	}
	return nil
}

// with opens the store the flags name, runs fn on it and closes it. With Redis, it warns when
// Redis would forget what it is told at its next restart, as the server does at start.
func (s *storeFlags) with(e *env, flags *flag.FlagSet, fn func(ctx context.Context, st store.Store) error) (err error) {
	rurl, err := s.redisURL(flags)
	if err != nil {
		return err
	}
	cfg := store.Config{DataDir: s.data, RedisURL: rurl}
	if rurl == "" {
		if err := s.checkSQLite(); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	st, err := store.Open(ctx, cfg)
	if err != nil {
		return fmt.Errorf("open the store: %w", err)
	}
	defer func() {
		if cerr := st.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close the store: %w", cerr)
		}
	}()
	if r, ok := st.(*store.Redis); ok {
		if d, derr := r.Durability(ctx); derr == nil && !d.Durable() {
			fmt.Fprintln(e.Stderr, "embassyctl: warning: this Redis does not persist (no appendonly, no save): what is written here is lost when Redis restarts")
		}
	}
	if err := fn(ctx, st); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("the %s store did not answer within %v: %w", st.Kind(), storeTimeout, err)
		}
		return err
	}
	return nil
}
