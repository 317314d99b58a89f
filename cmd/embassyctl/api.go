package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/embassy-project/embassy/server/httpapi"
	"github.com/embassy-project/embassy/server/store"
)

// apiTimeout bounds one call to the admin API (the server gives up on an action after 15 s).
const apiTimeout = 30 * time.Second

// viaServerNote ends the help of every command that goes through the API.
const viaServerNote = `
Through the server's HTTP admin API (-server http://HOST:8080, before or after the command name),
as the person whose sign-in is in EMBASSY_TOKEN or the file -token-file names (embassyctl token
mints one): their role must allow it, the server records it in the audit log under their name,
and it takes effect at once, on whatever node the person or room is.`

// apiFlags are the flags of a command that goes through a running server's admin API: which
// server, and the file holding the sign-in (else EMBASSY_TOKEN holds it). Never the token itself
// on the command line, where every user of the machine can read it.
type apiFlags struct{ server, tokenFile string }

func (a *apiFlags) register(fs *flag.FlagSet, e *env) {
	fs.StringVar(&a.server, "server", e.server, "the server's HTTP address (http://HOST:8080): go through its admin API. No environment fallback: where a command acts is always on its command line")
	tokenFile := e.tokenFile
	if tokenFile == "" {
		tokenFile = e.Getenv("EMBASSY_TOKEN_FILE")
	}
	fs.StringVar(&a.tokenFile, "token-file", tokenFile, "with -server: file holding your sign-in token (EMBASSY_TOKEN_FILE); else the token is taken from EMBASSY_TOKEN")
}

// on reports whether the command goes through the API.
func (a *apiFlags) on() bool { return a.server != "" }

// notWith refuses flags that work on the store when the command goes through the API, where they
// would be silently ignored.
func notWith(fs *flag.FlagSet, names ...string) error {
	var err error
	fs.Visit(func(f *flag.Flag) {
		for _, n := range names {
			if f.Name == n && err == nil {
				err = usagef("-%s works on the store directly, not with -server", n)
			}
		}
	})
	return err
}

// serverCommand makes the flag set of a command that only goes through the API; the caller adds
// its own flags and then calls parse.
func serverCommand(e *env, name, use string, text ...string) (*flag.FlagSet, *apiFlags) {
	fs := newFlags(e, name)
	describe(fs, e, use, append(text, viaServerNote)...)
	af := &apiFlags{}
	af.register(fs, e)
	return fs, af
}

// parse parses a server command's flags and min to max arguments (max < 0: any), and connects.
func (a *apiFlags) parse(e *env, fs *flag.FlagSet, args []string, min, max int, use string) ([]string, *apiClient, error) {
	rest, err := parseArgs(fs, args, min, max, use)
	if err != nil {
		return nil, nil, err
	}
	if !a.on() {
		name, _, _ := strings.Cut(use, " ")
		return nil, nil, usagef("%s goes through a running server: give -server http://HOST:8080, and your sign-in in EMBASSY_TOKEN or -token-file", name)
	}
	c, err := a.client(e)
	return rest, c, err
}

// apiClient calls one server's admin API with one sign-in.
type apiClient struct {
	base  *url.URL
	token string
	http  *http.Client
}

// client checks -server and reads the sign-in: -token-file (EMBASSY_TOKEN_FILE) first, as the
// desktop client takes it, else EMBASSY_TOKEN.
func (a *apiFlags) client(e *env) (*apiClient, error) {
	base, err := url.Parse(a.server)
	switch {
	case err == nil && (base.Scheme == "ws" || base.Scheme == "wss"):
		return nil, usagef("-server %q: give the server's HTTP address (http://HOST:8080), not its WebSocket URL", a.server)
	case err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" || base.RawQuery != "" || base.Fragment != "":
		return nil, usagef("-server %q: the server's HTTP address, like http://embassy.example:8080", a.server)
	case base.User != nil:
		return nil, usagef("-server must not carry credentials: your sign-in goes in EMBASSY_TOKEN or -token-file")
	}
	token := e.Getenv("EMBASSY_TOKEN")
	if a.tokenFile != "" {
		b, err := os.ReadFile(a.tokenFile)
		if err != nil {
			return nil, fmt.Errorf("token file: %w", err)
		}
		token = strings.TrimSpace(string(b))
	}
	if token == "" {
		return nil, usagef("-server needs your sign-in: set EMBASSY_TOKEN or give -token-file (embassyctl token -name NAME -role moderator mints one)")
	}
	hc := e.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: apiTimeout}
	}
	return &apiClient{base: base, token: token, http: hc}, nil
}

// maxAnswer bounds what embassyctl reads of one answer (an audit page of 1,000 entries fits).
const maxAnswer = 8 << 20

// call sends one request: path is escaped already, in (if not nil) goes as the JSON body, and the
// answer is decoded into out (if not nil). A refusal is an error in the server's words.
func (c *apiClient) call(method, path string, query url.Values, in, out any) error {
	u := c.base.JoinPath(path)
	u.RawQuery = query.Encode()
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, u.String(), body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("User-Agent", "embassyctl")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("cannot reach the server: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return fmt.Errorf("reading the server's answer: %w", err)
	}
	if resp.StatusCode >= 300 {
		return refusal(resp, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("the server's answer to %s %s is not what embassyctl expects: %v", method, path, err)
		}
	}
	return nil
}

// refusal is a non-2xx answer as an error: the API's words, with what a room patch did before it
// stopped; or, for an answer not from the admin API, what that probably means.
func refusal(resp *http.Response, b []byte) error {
	var e httpapi.ErrorJSON
	if json.Unmarshal(b, &e) != nil || e.Error == "" {
		if resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusMethodNotAllowed {
			return fmt.Errorf("the server has no admin API at %s (%s): check -server", resp.Request.URL.Redacted(), resp.Status)
		}
		return fmt.Errorf("the server answered %s: %s", resp.Status, oneLine(string(b)))
	}
	msg := e.Error
	for _, d := range e.Done {
		msg += "\n  (done before that: " + d + ")"
	}
	return fmt.Errorf("%s (%s)", msg, resp.Status)
}

// act posts a request that answers with words, and prints them.
func (c *apiClient) act(e *env, path string, in any) error {
	var out httpapi.ActionJSON
	if err := c.call(http.MethodPost, path, nil, in, &out); err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, out.Text)
	return nil
}

// hiddenKey stands for a device key in a ban listed through the API, which says only that there
// is one.
const hiddenKey = "(not shown)"

// banOf is a ban listed through the API as embassyctl's tables print bans.
func banOf(j httpapi.BanJSON) store.Ban {
	b := store.Ban{ID: j.ID, Name: j.Name, UserID: j.UserID, Reason: j.Reason, By: store.Actor{Name: j.By, Role: j.ByRole},
		CreatedAt: j.Created}
	if j.Device {
		b.DeviceKey = hiddenKey
	}
	if j.Expires != nil {
		b.ExpiresAt = *j.Expires
	}
	return b
}
