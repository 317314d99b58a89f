// Command embassyctl is the operator's tool for an Embassy server. Each subcommand is one file
// here with a type implementing command, listed in commands; main only picks one and turns its
// error into words and an exit code (0 done, 1 failed, 2 a mistake on the command line).
//
//	embassyctl token -name NAME -role ROLE -ttl 24h    mint a signed token; prints it on stdout
//	embassyctl ban -name NAME -for 1h -reason TEXT     ban a person (or -user-id, -device-key)
//	embassyctl unban -id N                             lift a ban; its record stays
//	embassyctl bans [-json]                            the bans in force
//	embassyctl revoke -token-id JTI                    withdraw a token
//	embassyctl audit [-since 24h] [-json]              the audit log, newest first
//
// ban, unban, bans, revoke and audit work on the server's store directly (its SQLite file in
// -data, or its Redis with -redis), and record each change in the audit log.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// commands are the subcommands, in the order the usage lists them.
var commands = []command{tokenCommand{}, banCommand{}, unbanCommand{}, bansCommand{}, revokeCommand{}, auditCommand{}}

func main() {
	os.Exit(run(os.Args[1:], &env{Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr}))
}

func run(args []string, e *env) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(e.Stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.Name() != args[0] {
			continue
		}
		err := c.Run(e, args[1:])
		var ue usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(e.Stderr, "embassyctl %s: %v (embassyctl %s -h lists the flags)\n", c.Name(), err, c.Name())
			return 2
		default:
			fmt.Fprintf(e.Stderr, "embassyctl %s: %v\n", c.Name(), err)
			return 1
		}
	}
	fmt.Fprintf(e.Stderr, "embassyctl: no command %q\n", args[0])
	usage(e.Stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: embassyctl COMMAND [flags]   (embassyctl COMMAND -h: its flags)")
	fmt.Fprintln(w, "commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.Name(), c.Summary())
	}
}
