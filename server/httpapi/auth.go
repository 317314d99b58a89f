package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/moderation"
)

// actionTimeout bounds one admin request's work: a store or a node that does not answer fails it
// in words rather than holding the connection.
const actionTimeout = 15 * time.Second

// adminHandler answers one admin request from a signed-in actor: a status and a value to send as
// JSON, or an error (a moderation error, an apiError, or anything else: a 500).
type adminHandler func(ctx context.Context, actor moderation.Actor, r *http.Request) (int, any, error)

// guard is what every admin request passes before its handler: the address limit, the bearer
// sign-in, the sign-in's limit and the body limit.
type guard struct {
	verify  func(ctx context.Context, token string) (identity.Claims, error)
	byAddr  *limiter
	byToken *limiter
	maxBody int64
	log     *slog.Logger
}

func newGuard(verify func(context.Context, string) (identity.Claims, error), l Limits, log *slog.Logger) *guard {
	return &guard{
		verify:  verify,
		byAddr:  newLimiter(l.PerAddress, l.AddressBurst, l.MaxKeys),
		byToken: newLimiter(l.PerToken, l.TokenBurst, l.MaxKeys),
		maxBody: l.MaxBody,
		log:     log,
	}
}

// wrap makes h an http.Handler behind the guard. The address limit comes first, so that a stream
// of forged tokens costs one bucket, not a signature check each.
func (g *guard) wrap(h adminHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ok, retry := g.byAddr.allow(addressKey(r.RemoteAddr)); !ok {
			g.tooMany(w, retry, "this address")
			return
		}
		actor, tokenID, err := g.signIn(r)
		if err != nil {
			g.fail(w, r, err, nil)
			return
		}
		if ok, retry := g.byToken.allow(tokenID); !ok {
			g.tooMany(w, retry, "this sign-in")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, g.maxBody)
		ctx, cancel := context.WithTimeout(r.Context(), actionTimeout)
		defer cancel()
		status, out, err := h(ctx, actor, r)
		if err != nil {
			g.fail(w, r, err, out)
			return
		}
		writeJSON(w, g.log, status, out)
	})
}

// signIn checks the request's bearer sign-in and says who it is and its token id.
func (g *guard) signIn(r *http.Request) (moderation.Actor, string, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return moderation.Actor{}, "", &apiError{status: http.StatusUnauthorized,
			msg: "this needs a sign-in: send the header Authorization: Bearer TOKEN (embassyctl token mints one)"}
	}
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return moderation.Actor{}, "", &apiError{status: http.StatusUnauthorized,
			msg: "the Authorization header must be \"Bearer TOKEN\""}
	}
	c, err := g.verify(r.Context(), strings.TrimSpace(token))
	switch {
	case errors.Is(err, identity.ErrUnchecked):
		g.log.Warn("admin API: cannot check a sign-in", "err", err)
		return moderation.Actor{}, "", &apiError{status: http.StatusServiceUnavailable, msg: err.Error()}
	case err != nil:
		g.log.Debug("admin API: sign-in refused", "err", err) // the detail for the log; never the token
		return moderation.Actor{}, "", &apiError{status: http.StatusUnauthorized, msg: "sign-in refused: " + err.Error()}
	}
	return moderation.Actor{UserID: c.UserID, Name: c.Name, Role: c.Role}, c.TokenID, nil
}

// tooMany answers 429 with Retry-After in whole seconds (at least one).
func (g *guard) tooMany(w http.ResponseWriter, retry time.Duration, whose string) {
	secs := max(1, int(math.Ceil(retry.Seconds())))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	writeJSON(w, g.log, http.StatusTooManyRequests, ErrorJSON{
		Error: fmt.Sprintf("too many requests from %s; try again in %d s", whose, secs)})
}

// fail answers err with its status and words. out may carry what was done before the failure (a
// room patch's steps).
func (g *guard) fail(w http.ResponseWriter, r *http.Request, err error, out any) {
	status := statusOf(err)
	body := ErrorJSON{Error: err.Error()}
	if done, ok := out.([]string); ok {
		body.Done = done
	}
	if status == http.StatusInternalServerError {
		g.log.Error("admin API", "method", r.Method, "path", r.URL.Path, "err", err)
		body.Error = "the embassy could not do that: an unexpected error, which is in the server's log"
	}
	if errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, moderation.ErrUnavailable) {
		body.Error = fmt.Sprintf("the embassy did not answer within %v; GET /api/audit says whether it was done", actionTimeout)
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="embassy"`)
	}
	writeJSON(w, g.log, status, body)
}

// statusOf is the HTTP status for an error: moderation's sentinels, the API's own refusals, or
// 500 for anything unforeseen.
func statusOf(err error) int {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		return ae.status
	case errors.Is(err, moderation.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, moderation.ErrNoUser), errors.Is(err, moderation.ErrNoRoom):
		return http.StatusNotFound
	case errors.Is(err, moderation.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, moderation.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
