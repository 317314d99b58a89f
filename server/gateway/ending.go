package gateway

import (
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"time"

	"github.com/gorilla/websocket"

	"github.com/embassy-project/embassy/shared/protocol"
)

// Causes name how a session ended, for logs and the embassy_sessions_closed_total{reason} label: a
// small fixed set, never free text.
const (
	causeNormal      = "normal"       // the client sent a close frame (1000, 1001 or no code)
	causeClientError = "client_error" // the client sent a close frame with an error code
	causeNoPong      = "no_pong"      // no answer to pings for the liveness window: the client stopped reading
	causeReset       = "reset"        // the connection broke (EOF, reset) without a close frame
	causeProtocol    = "protocol"     // broken WebSocket framing
	causeMalformed   = "malformed"    // a message that is not valid protobuf
	causePolicy      = "policy"       // an invalid request, or Hello sent twice
	causeRateLimited = "rate_limited" // too many messages a second
	causeTooBig      = "too_big"
	causeNotBinary   = "not_binary"
	causeTooSlow     = "too_slow" // could not keep up with its queue, or a write blocked
	causeKicked      = "kicked"
	causeRedirected  = "redirected"
	causeShutdown    = "shutdown"
	causeVersion     = "version"     // handshake: protocol version not supported
	causeNoHello     = "no_hello"    // handshake: no valid Hello in time
	causeBadToken    = "bad_token"   // handshake: a role token that is not ours
	causeBadTicket   = "bad_ticket"  // handshake: a redirect ticket unknown, used or expired
	causeNameTaken   = "name_taken"  // handshake: the name and all its variants are taken
	causeUnavailable = "unavailable" // handshake: presence (Redis) could not be reached
	causeOther       = "other"
)

// closeError ends a session: the close code and the reason the client is told (plain words, fit to
// show a person), the cause for logs and metrics, and the detail that only the log sees.
type closeError struct {
	code   int
	reason string
	cause  string
	detail error
}

func (e closeError) Error() string {
	if e.detail != nil {
		return fmt.Sprintf("close %d (%s): %s: %v", e.code, e.cause, e.reason, e.detail)
	}
	return fmt.Sprintf("close %d (%s): %s", e.code, e.cause, e.reason)
}

// closeWith is a closeError whose cause follows from its code.
func closeWith(code int, reason string) closeError {
	return closeError{code: code, reason: reason, cause: causeOf(code)}
}

// causeOf names the cause of a close the server starts with code.
func causeOf(code int) string {
	switch code {
	case websocket.CloseNormalClosure:
		return causeNormal
	case websocket.CloseGoingAway:
		return causeShutdown
	case websocket.CloseProtocolError:
		return causeProtocol
	case websocket.CloseUnsupportedData:
		return causeNotBinary
	case websocket.CloseInvalidFramePayloadData:
		return causeMalformed
	case websocket.ClosePolicyViolation:
		return causePolicy
	case websocket.CloseMessageTooBig:
		return causeTooBig
	case websocket.CloseTryAgainLater:
		return causeUnavailable
	case CloseVersion:
		return causeVersion
	case CloseTooSlow:
		return causeTooSlow
	case CloseHello:
		return causeNoHello
	case CloseKicked:
		return causeKicked
	case CloseMoved:
		return causeRedirected
	case CloseNoPong:
		return causeNoPong
	case websocket.CloseAbnormalClosure:
		return causeReset
	}
	return causeOther
}

// readEnding says why reading from a client failed: the client closed, the connection broke, the
// read deadline (the liveness window, renewed only by pongs) passed, or the framing was broken.
// The reason is what a close frame would say; a broken connection gets code 1006, which the pump
// never sends.
func readEnding(err error, window time.Duration) closeError {
	var ce *websocket.CloseError
	var ne net.Error
	switch {
	case errors.As(err, &ce) && ce.Code == websocket.CloseAbnormalClosure:
		return closeError{code: websocket.CloseAbnormalClosure, reason: "connection lost", cause: causeReset, detail: err}
	case errors.As(err, &ce):
		cause := causeClientError
		switch ce.Code {
		case websocket.CloseNormalClosure, websocket.CloseGoingAway, websocket.CloseNoStatusReceived:
			cause = causeNormal
		}
		return closeError{code: websocket.CloseNormalClosure, reason: "bye", cause: cause, detail: err}
	case errors.As(err, &ne) && ne.Timeout():
		return closeError{code: CloseNoPong, reason: fmt.Sprintf("not reading: no answer to pings for %g s", window.Seconds()), cause: causeNoPong, detail: err}
	case errors.Is(err, websocket.ErrReadLimit):
		return closeError{code: websocket.CloseMessageTooBig, reason: fmt.Sprintf("message too large: limit %d bytes", protocol.MaxClientFrame), cause: causeTooBig, detail: err}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE), errors.As(err, new(*net.OpError)):
		return closeError{code: websocket.CloseAbnormalClosure, reason: "connection lost", cause: causeReset, detail: err}
	}
	// What is left are gorilla's framing errors (bad opcode, unmasked frame, ...); it has already
	// sent the client a 1002 close frame saying which.
	return closeError{code: websocket.CloseProtocolError, reason: "broken WebSocket framing", cause: causeProtocol, detail: err}
}

// decodeEnding closes a client whose message protocol.DecodeClient rejected. A malformed message is
// described in plain words (the decoder's own error names protobuf internals, and goes to the log);
// an invalid one keeps the validator's words, which say what was wrong.
func decodeEnding(err error) closeError {
	switch {
	case errors.Is(err, protocol.ErrMalformed):
		return closeError{code: websocket.CloseInvalidFramePayloadData, reason: "the app sent a message the embassy cannot read", cause: causeMalformed, detail: err}
	case errors.Is(err, protocol.ErrTooLarge):
		return closeError{code: websocket.CloseMessageTooBig, reason: fmt.Sprintf("message too large: limit %d bytes", protocol.MaxClientFrame), cause: causeTooBig, detail: err}
	}
	return closeError{code: websocket.ClosePolicyViolation, reason: err.Error(), cause: causePolicy, detail: err}
}
