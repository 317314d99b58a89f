package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
)

// command is one subcommand of embassyctl. Adding one (ban, audit, event, invite) is a file with
// a type implementing it and an entry in commands.
type command interface {
	Name() string    // what the operator types: "token"
	Summary() string // one line for the usage
	// Run parses args (the flags after the name) and does the work. It returns a usageError for a
	// mistake on the command line, flag.ErrHelp after -h, any other error for a failure.
	Run(e *env, args []string) error
}

// env is all a command may reach of the world: the environment, the two outputs and the HTTP
// client. Tests pass their own.
type env struct {
	Getenv         func(string) string
	Stdout, Stderr io.Writer
	HTTP           *http.Client // nil: one with apiTimeout

	// server and tokenFile are the global -server and -token-file, given before the command.
	server, tokenFile string
}

// global reads the flags given before the command name (-server, -token-file) and returns the
// arguments from the command name on. A -h there asks for the usage.
func (e *env) global(args []string) ([]string, error) {
	fs := flag.NewFlagSet("embassyctl", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // the caller prints the usage
	fs.StringVar(&e.server, "server", "", "")
	fs.StringVar(&e.tokenFile, "token-file", "", "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return []string{"-h"}, nil
		}
		return nil, err
	}
	return fs.Args(), nil
}

// where says how a command reaches the embassy; the usage shows it beside each command.
type where int

const (
	onDisk    where = iota // the store or the secret, directly: the server need not run
	viaServer              // a running server's admin API: needs -server
	either                 // the store without -server, the API with it
)

func (w where) tag() string { return [...]string{"[store]", "[server]", "[store or server]"}[w] }

// whereOf is where c works: a command that goes through the API says so with a Where method.
func whereOf(c command) where {
	if w, ok := c.(interface{ Where() where }); ok {
		return w.Where()
	}
	return onDisk
}

// usageError is a mistake on the command line: the exit code is 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// newFlags returns a flag set for command name that reports to e.Stderr and returns its errors.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("embassyctl "+name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	return fs
}

// parse parses args, turning a bad flag into a usageError (the flag package has said which) and
// refusing arguments left over.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// parseArgs parses args like parse, but takes from min to max arguments after the flags (max < 0:
// any number), which it returns; usage is the command's usage line, for the words when some are
// missing.
func parseArgs(fs *flag.FlagSet, args []string, min, max int, usage string) ([]string, error) {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil, err
		}
		return nil, usageError{err.Error()}
	}
	rest := fs.Args()
	switch {
	case len(rest) < min:
		return nil, usagef("missing arguments: embassyctl %s", usage)
	case max >= 0 && len(rest) > max:
		return nil, usagef("unexpected argument %q (flags go before the arguments)", rest[max])
	}
	return rest, nil
}

// envOr is the environment variable's value, or def when it is unset or empty.
func envOr(e *env, key, def string) string {
	if v := e.Getenv(key); v != "" {
		return v
	}
	return def
}
