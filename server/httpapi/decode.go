package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/embassy-project/embassy/server/moderation"
	"github.com/embassy-project/embassy/shared/protocol"
)

// apiError is a refusal the API words itself (a malformed request, a missing sign-in), with its
// HTTP status.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func badRequest(format string, a ...any) error {
	return &apiError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, a...)}
}

// decode reads a request body into v, a pointer to one of the request structs: exactly one JSON
// object, with no field v does not have, within the body limit (the handler's MaxBytesReader).
// Anything else is an apiError that says what was wrong and what the endpoint takes.
func decode(body io.Reader, v any) error {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err, v)
	}
	if _, err := dec.Token(); err != io.EOF {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return decodeError(err, v)
		}
		return badRequest("send one JSON object and nothing after it")
	}
	return nil
}

// decodeError turns encoding/json's errors into words.
func decodeError(err error, v any) error {
	var tooBig *http.MaxBytesError
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	takes := "this takes a JSON object with " + fields(v)
	switch {
	case errors.As(err, &tooBig):
		return &apiError{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("the request body is over %d bytes", tooBig.Limit)}
	case errors.Is(err, io.EOF):
		return badRequest("the request has no body: %s", takes)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("the JSON ends too soon: %s", takes)
	case errors.As(err, &syntax):
		return badRequest("the body is not JSON (at byte %d: %v)", syntax.Offset, syntax)
	case errors.As(err, &typ) && typ.Field == "":
		return badRequest("the body is %s, not an object: %s", typ.Value, takes)
	case errors.As(err, &typ):
		return badRequest("%q must be %s, not %s", typ.Field, kindWords(typ.Type), typ.Value)
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return badRequest("unknown field %s: %s", f, takes)
	}
	return badRequest("the body cannot be read as this request: %v (%s)", err, takes)
}

// fields lists the JSON fields of the struct v points to, for words about what a request takes.
func fields(v any) string {
	t := reflect.TypeOf(v).Elem()
	var names []string
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
			names = append(names, fmt.Sprintf("%q", name))
		}
	}
	return strings.Join(names, ", ")
}

// kindWords says what a JSON value of type t looks like.
func kindWords(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	}
	return "a " + t.Kind().String()
}

// The shape limits the API shares with the protocol's Moderate message.
const maxDuration = protocol.MaxModDuration * time.Second

func checkName(field, name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return badRequest("%q is required: the person's name", field)
	case utf8.RuneCountInString(name) > protocol.MaxNameLen:
		return badRequest("%q is longer than a name (%d characters)", field, protocol.MaxNameLen)
	}
	return nil
}

func checkReason(reason string) error {
	if n := utf8.RuneCountInString(reason); n > protocol.MaxReasonLen {
		return badRequest("\"reason\" is %d characters; at most %d", n, protocol.MaxReasonLen)
	}
	return nil
}

func checkRoomID(id string) error {
	if id == "" || len(id) > protocol.MaxRoomIDLen {
		return badRequest("a room id is 1 to %d bytes", protocol.MaxRoomIDLen)
	}
	return nil
}

// duration reads a request's "duration": "" for good (or until lifted), else "30s", "10m", "2h",
// "3d", "1w", at most ten years.
func duration(s string) (time.Duration, error) {
	d, err := moderation.ParseDuration(s)
	switch {
	case err != nil:
		return 0, badRequest("\"duration\": %v", err)
	case d > maxDuration:
		return 0, badRequest("\"duration\" %q is over ten years; leave it out for good", s)
	}
	return d, nil
}

// checkValue bounds a capacity or slow-mode seconds as the protocol does.
func checkValue(field string, v *int) error {
	if v != nil && (*v < 0 || *v > protocol.MaxModValue) {
		return badRequest("%q is %d: 0 to %d", field, *v, protocol.MaxModValue)
	}
	return nil
}
