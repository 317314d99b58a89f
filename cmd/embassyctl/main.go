// Command embassyctl is the operator's and the staff's tool for an Embassy server. Each subcommand
// is one file here with a type implementing command, listed in commands; main only reads the
// global flags, picks a command and turns its error into words and an exit code (0 done, 1
// failed, 2 a mistake on the command line).
//
//	embassyctl token -name NAME -role ROLE -ttl 24h    mint a signed token; prints it on stdout
//	embassyctl ban -name NAME -for 1h -reason TEXT     ban a person (or -user-id, -device-key)
//	embassyctl unban -id N                             lift a ban; its record stays
//	embassyctl bans [-json]                            the bans in force
//	embassyctl revoke -token-id JTI                    withdraw a token
//	embassyctl audit [-since 24h] [-json]              the audit log, newest first
//
//	embassyctl -server URL kick NAME [REASON...]       through a running server's admin API
//	embassyctl -server URL mute [-voice] [-for 10m] NAME [REASON...]   (and unmute)
//	embassyctl -server URL move NAME ROOM [REASON...]
//	embassyctl -server URL lock ROOM | unlock ROOM | capacity ROOM N | slow ROOM SECONDS
//	embassyctl -server URL reports
//	embassyctl -server URL event create -title T -room R -starts TIME -ends TIME [-invite-only ...]
//	embassyctl -server URL event list | event cancel ID
//	embassyctl -server URL invite -event ID -name NAME   an invitation; prints it on stdout
//
// Two ways to work. Without -server, ban, unban, bans, revoke and audit work on the server's store
// directly (its SQLite file in -data, or its Redis with -redis) as an operator acting as admin,
// and record each change in the audit log. With -server, ban, unban, bans and audit, and the
// commands that need a running server (kick, mute, unmute, move, lock, unlock, capacity, slow,
// reports), go through the server's HTTP admin API as the person whose sign-in is in
// EMBASSY_TOKEN (or -token-file), whose role must allow it; the server records it.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// commands are the subcommands, in the order the usage lists them.
var commands = []command{
	tokenCommand{}, banCommand{}, unbanCommand{}, bansCommand{}, revokeCommand{}, auditCommand{},
	kickCommand{}, muteCommand{}, muteCommand{unmute: true}, moveCommand{},
	lockCommand, unlockCommand, capacityCommand, slowCommand, reportsCommand{}, eventCommand{}, inviteCommand{},
}

func main() {
	os.Exit(run(os.Args[1:], &env{Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr}))
}

func run(args []string, e *env) int {
	args, err := e.global(args)
	if err != nil {
		fmt.Fprintf(e.Stderr, "embassyctl: %v\n", err)
		usage(e.Stderr)
		return 2
	}
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
		if (e.server != "" || e.tokenFile != "") && whereOf(c) == onDisk {
			err = usagef("%s does not go through a server: leave out -server and -token-file", c.Name())
		} else {
			err = c.Run(e, args[1:])
		}
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
	fmt.Fprintln(w, "usage: embassyctl [-server URL] [-token-file FILE] COMMAND [flags] [arguments]")
	fmt.Fprintln(w, "       (embassyctl COMMAND -h: its flags and arguments)")
	fmt.Fprintln(w, "commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %-17s %s\n", c.Name(), whereOf(c).tag(), c.Summary())
	}
	fmt.Fprint(w, `
store:   works on the server's store (-data, or -redis) or its secret directly, as an operator
         acting as admin; the server need not run.
server:  goes through a running server's admin API (-server http://HOST:8080) as the person whose
         sign-in is in EMBASSY_TOKEN or -token-file (embassyctl token mints one); their role must
         allow it, and the server's audit log records it. Never a token on the command line.
store or server: the store without -server, the server's API with it.
`)
}
