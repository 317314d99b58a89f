package main

import (
	"flag"
	"fmt"
	"io"
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

// env is all a command may reach of the world: the environment and the two outputs. Tests pass
// their own.
type env struct {
	Getenv         func(string) string
	Stdout, Stderr io.Writer
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

// envOr is the environment variable's value, or def when it is unset or empty.
func envOr(e *env, key, def string) string {
	if v := e.Getenv(key); v != "" {
		return v
	}
	return def
}
