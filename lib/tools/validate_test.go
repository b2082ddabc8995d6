package tools

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestValidateArgsPaths checks the path and message of each problem, including problems inside
// the nested recurrence object and the attendees array of create_calendar_event.
func TestValidateArgsPaths(t *testing.T) {
	event, _ := Builtins().Get("create_calendar_event")
	base := func(extra map[string]any) map[string]any {
		a := map[string]any{"title": "Launch", "date": "2025-05-20"}
		for k, v := range extra {
			a[k] = v
		}
		return a
	}
	tests := []struct {
		name string
		args map[string]any
		want []ArgError
	}{
		{"valid minimal", base(nil), nil},
		{"valid full", base(map[string]any{"time": "09:05", "duration_minutes": 480, "attendees": []any{"a@x.io", "b.c+d@y.co.uk"},
			"recurrence": map[string]any{"frequency": "daily", "count": 52}}), nil},
		{"json.Number integers", base(map[string]any{"duration_minutes": json.Number("30"), "recurrence": map[string]any{"frequency": "weekly", "count": json.Number("4.0")}}), nil},
		{"leap day", base(map[string]any{"date": "2024-02-29"}), nil},
		{"missing everything", map[string]any{}, []ArgError{{"date", "missing required parameter"}, {"title", "missing required parameter"}}},
		{"second attendee", base(map[string]any{"attendees": []any{"a@x.io", "bob", 7}}), []ArgError{
			{"attendees[1]", `"bob" is not an email address`},
			{"attendees[2]", "wrong type: got number, want string"},
		}},
		{"attendees not a list", base(map[string]any{"attendees": "a@x.io"}), []ArgError{{"attendees", "wrong type: got string, want array"}}},
		{"recurrence fields", base(map[string]any{"recurrence": map[string]any{"frequency": "yearly", "count": 53, "until": "2026-01-01"}}), []ArgError{
			{"recurrence.count", "53 is above the maximum 52"},
			{"recurrence.frequency", `"yearly" is not one of ["daily","weekly","monthly"]`},
			{"recurrence.until", "unknown parameter (expected one of frequency, count)"},
		}},
		{"recurrence missing frequency", base(map[string]any{"recurrence": map[string]any{}}), []ArgError{{"recurrence.frequency", "missing required parameter"}}},
		{"recurrence count not integer", base(map[string]any{"recurrence": map[string]any{"frequency": "daily", "count": 2.5}}), []ArgError{{"recurrence.count", "wrong type: got 2.5, want integer"}}},
		{"null value", base(map[string]any{"time": nil}), []ArgError{{"time", "is null, want string"}}},
		{"not a leap year", base(map[string]any{"date": "2023-02-29"}), []ArgError{{"date", `"2023-02-29" is not a date (YYYY-MM-DD)`}}},
		{"month 13", base(map[string]any{"date": "2025-13-01"}), []ArgError{{"date", `"2025-13-01" is not a date (YYYY-MM-DD)`}}},
		{"short date", base(map[string]any{"date": "2025-5-1"}), []ArgError{{"date", `"2025-5-1" is not a date (YYYY-MM-DD)`}}},
		{"bad times", base(map[string]any{"time": "24:00"}), []ArgError{{"time", `"24:00" is not a time (HH:MM)`}}},
		{"one-digit hour", base(map[string]any{"time": "9:00"}), []ArgError{{"time", `"9:00" is not a time (HH:MM)`}}},
		{"duration too short", base(map[string]any{"duration_minutes": 4}), []ArgError{{"duration_minutes", "4 is below the minimum 5"}}},
	}
	for _, tt := range tests {
		got := event.Tool.ValidateArgs(tt.args)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: ValidateArgs(%s)\n got %v\nwant %v", tt.name, CanonicalJSON(tt.args), got, tt.want)
		}
	}
}

func TestArgErrorString(t *testing.T) {
	if got := (ArgError{"recurrence.count", "too big"}).Error(); got != "recurrence.count: too big" {
		t.Errorf("Error() = %q", got)
	}
	if got := (ArgError{"", "no arguments"}).Error(); got != "no arguments" {
		t.Errorf("Error() = %q", got)
	}
}
