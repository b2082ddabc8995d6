package eval

import (
	"slices"
	"strings"
	"testing"
)

// verdictWant is the expected outcome of one case; params and noCall are "yes", "no" or "-"
// (not applicable: nil in Verdicts).
type verdictWant struct {
	toolCall, exact, format, halluc bool
	params, noCall                  string
}

func tri(p *bool) string {
	switch {
	case p == nil:
		return "-"
	case *p:
		return "yes"
	}
	return "no"
}

func (w verdictWant) check(t *testing.T, v Verdicts) {
	t.Helper()
	got := verdictWant{toolCall: v.ToolCall, exact: v.Exact, format: v.ValidFormat, halluc: v.Hallucinated,
		params: tri(v.Parameters), noCall: tri(v.NoCall)}
	if got != w {
		t.Errorf("verdicts %+v, want %+v\ncalls %+v\nfields %+v\nformat %v", got, w, v.Calls, v.Fields, v.Format)
	}
}

// findField returns the field verdict on key of expected call `call`.
func findField(t *testing.T, s Sample, call int, key string) Field {
	t.Helper()
	for _, f := range s.Verdicts.Fields {
		if f.Call == call && f.Key == key {
			return f
		}
	}
	t.Fatalf("no field verdict on call %d key %q in %+v", call, key, s.Verdicts.Fields)
	return Field{}
}

func TestScore(t *testing.T) {
	weather := `{"location": "Paris"}`
	allGood := verdictWant{toolCall: true, exact: true, format: true, params: "yes", noCall: "-"}
	tests := []struct {
		name      string
		c         Case
		generated string
		want      verdictWant
		check     func(t *testing.T, s Sample)
	}{
		{
			name: "original form", c: callCase(t, tc(t, "get_weather", weather)),
			generated: turn(block("get_weather", weather)), want: allGood,
		},
		{
			name: "Hermes form accepted", c: callCase(t, tc(t, "get_weather", weather)),
			generated: turn(hermesBlock("get_weather", weather)), want: allGood,
		},
		{
			name: "extra text before and after the block", c: callCase(t, tc(t, "get_weather", weather)),
			generated: "Sure, checking now!\n" + block("get_weather", weather) + "One moment please.",
			want:      allGood,
		},
		{
			name: "broken JSON", c: callCase(t, tc(t, "get_weather", weather)),
			generated: turn(block("get_weather", `{"location": "Paris"`)),
			want:      verdictWant{params: "no", noCall: "-"},
			check: func(t *testing.T, s Sample) {
				if len(s.ParseErrors) != 1 || !strings.Contains(s.ParseErrors[0].Reason, "invalid JSON") {
					t.Errorf("parse errors %+v, want one invalid JSON", s.ParseErrors)
				}
				if s.Verdicts.Calls[0].Reason != "not called" {
					t.Errorf("call verdict %+v, want not called", s.Verdicts.Calls[0])
				}
			},
		},
		{
			name: "truncated block", c: callCase(t, tc(t, "get_weather", weather)),
			generated: "I'll help.\n\n<tool_call>\nname: get_weather\nparameters: " + weather,
			want:      verdictWant{params: "no", noCall: "-"},
			check: func(t *testing.T, s Sample) {
				if len(s.ParseErrors) != 1 || !strings.Contains(s.ParseErrors[0].Reason, "cut off") {
					t.Errorf("parse errors %+v, want one unterminated block", s.ParseErrors)
				}
			},
		},
		{
			name: "bare JSON call outside a block", c: callCase(t, tc(t, "get_weather", weather)),
			generated: `{"name": "get_weather", "arguments": {"location": "Paris"}}<|end|>`,
			want:      verdictWant{params: "no", noCall: "-"},
			check: func(t *testing.T, s Sample) {
				if len(s.Verdicts.Format) != 1 || !strings.Contains(s.Verdicts.Format[0], "JSON call outside") {
					t.Errorf("format problems %q", s.Verdicts.Format)
				}
			},
		},
		{
			name: "bare keyed call outside a block", c: callCase(t, tc(t, "get_weather", weather)),
			generated: "name: get_weather\nparameters: " + weather + "\n<|end|>",
			want:      verdictWant{params: "no", noCall: "-"},
		},
		{
			name: "function-call syntax after a block", c: callCase(t, tc(t, "get_weather", weather)),
			generated: block("get_weather", weather) + "get_stock_price(symbol='AAPL')",
			want:      verdictWant{toolCall: true, params: "yes", noCall: "-"},
		},
		{
			name: "string 5 for an integer", c: callCase(t, tc(t, "get_weather", `{"location": "Paris", "days": 5}`)),
			generated: turn(block("get_weather", `{"location": "Paris", "days": "5"}`)),
			want:      verdictWant{toolCall: true, format: true, params: "no", noCall: "-"},
			check: func(t *testing.T, s Sample) {
				f := findField(t, s, 0, "days")
				if f.OK || !strings.Contains(f.Reason, "wrong type") || f.Got != "5" {
					t.Errorf("days field %+v", f)
				}
				if cv := s.Verdicts.Calls[0]; cv.Keys != 2 || cv.CorrectKeys != 1 {
					t.Errorf("call verdict %+v, want 1 of 2 keys", cv)
				}
			},
		},
		{
			name: "5.5 for an integer", c: callCase(t, tc(t, "get_weather", `{"location": "Paris", "days": 5}`)),
			generated: turn(block("get_weather", `{"location": "Paris", "days": 5.5}`)),
			want:      verdictWant{toolCall: true, format: true, params: "no", noCall: "-"},
		},
		{
			name: "integer 5 for a number", c: callCase(t, tc(t, "convert_currency", `{"amount": 5.0, "to": "EUR"}`)),
			generated: turn(block("convert_currency", `{"amount": 5, "to": "eur"}`)),
			want:      allGood,
		},
		{
			name: "duplicate calls", c: callCase(t, tc(t, "get_weather", weather)),
			generated: turn(block("get_weather", weather), block("get_weather", weather)),
			want:      verdictWant{format: true, params: "yes", noCall: "-"},
			check: func(t *testing.T, s Sample) {
				last := s.Verdicts.Calls[len(s.Verdicts.Calls)-1]
				if last.Expected != -1 || last.Predicted != 1 || last.Reason != "duplicate call" {
					t.Errorf("extra call verdict %+v, want the second call as a duplicate", last)
				}
			},
		},
		{
			name: "parallel calls in swapped order", c: callCase(t, tc(t, "get_weather", weather), tc(t, "get_stock_price", `{"symbol": "AAPL"}`)),
			generated: turn(block("get_stock_price", `{"symbol": "AAPL"}`), block("get_weather", weather)),
			want:      allGood,
		},
		{
			name: "parallel calls to one tool in swapped order", c: callCase(t, tc(t, "get_weather", weather), tc(t, "get_weather", `{"location": "Lima", "unit": "fahrenheit"}`)),
			generated: turn(hermesBlock("get_weather", `{"unit": "fahrenheit", "location": "Lima"}`), hermesBlock("get_weather", weather)),
			want:      allGood,
			check: func(t *testing.T, s Sample) {
				if s.Verdicts.Calls[0].Predicted != 1 || s.Verdicts.Calls[1].Predicted != 0 {
					t.Errorf("pairing %+v, want expected 0 with predicted 1 and 1 with 0", s.Verdicts.Calls)
				}
			},
		},
		{
			name: "one parallel call missing", c: callCase(t, tc(t, "get_weather", weather), tc(t, "get_stock_price", `{"symbol": "AAPL"}`)),
			generated: turn(block("get_weather", weather)),
			want:      verdictWant{format: true, params: "no", noCall: "-"},
		},
		{
			name: "missing optional parameter at its default", c: callCase(t, tc(t, "get_weather", `{"location": "Paris", "unit": "celsius"}`)),
			generated: turn(block("get_weather", weather)),
			want:      allGood,
		},
		{
			name: "missing required parameter", c: callCase(t, tc(t, "get_weather", `{"location": "Paris", "unit": "celsius"}`)),
			generated: turn(block("get_weather", `{"unit": "celsius"}`)),
			want:      verdictWant{toolCall: true, format: true, params: "no", noCall: "-"},
			check: func(t *testing.T, s Sample) {
				if f := findField(t, s, 0, "location"); f.OK || f.Got != nil || f.Reason != "missing required parameter" {
					t.Errorf("location field %+v", f)
				}
			},
		},
		{
			name: "extra unknown parameter", c: callCase(t, tc(t, "get_weather", weather)),
			generated: turn(block("get_weather", `{"location": "Paris", "country": "France"}`)),
			want:      verdictWant{toolCall: true, format: true, params: "no", noCall: "-"},
			check: func(t *testing.T, s Sample) {
				if cv := s.Verdicts.Calls[0]; cv.Keys != 1 || cv.CorrectKeys != 1 || cv.OK {
					t.Errorf("call verdict %+v: the expected key is right but the call is not", cv)
				}
			},
		},
		{
			name: "hallucinated tool", c: callCase(t, tc(t, "get_weather", weather)),
			generated: turn(block("get_forecast", weather)),
			want:      verdictWant{format: true, halluc: true, params: "no", noCall: "-"},
			check: func(t *testing.T, s Sample) {
				if last := s.Verdicts.Calls[1]; !strings.Contains(last.Reason, "hallucinated") {
					t.Errorf("extra call verdict %+v", last)
				}
			},
		},
		{
			name: "wrong offered tool", c: callCase(t, tc(t, "get_weather", weather)),
			generated: turn(block("get_stock_price", `{"symbol": "Paris"}`)),
			want:      verdictWant{format: true, params: "no", noCall: "-"},
		},
		{
			name: "reference calls a tool the example does not offer", c: callCase(t, tc(t, "get_time", `{"zone": "Europe/Paris"}`)),
			generated: turn(block("get_time", `{"zone": "europe/paris"}`)),
			want:      verdictWant{toolCall: true, exact: true, format: true, halluc: true, params: "yes", noCall: "-"},
		},
		{
			name: "no call when a call is expected", c: callCase(t, tc(t, "get_weather", weather)),
			generated: "It is probably sunny in Paris.<|end|>",
			want:      verdictWant{format: true, params: "no", noCall: "-"},
		},
		{
			name: "no call when none is expected", c: noCallCase(t),
			generated: "Hello! How can I help you today?<|end|>",
			want:      verdictWant{toolCall: true, exact: true, format: true, params: "-", noCall: "yes"},
		},
		{
			name: "call when none is expected", c: noCallCase(t),
			generated: turn(block("get_weather", weather)),
			want:      verdictWant{format: true, params: "-", noCall: "no"},
		},
		{
			name: "malformed block when none is expected", c: noCallCase(t),
			generated: "Let me see.\n<tool_call>\nname: get_weather\n",
			want:      verdictWant{params: "-", noCall: "no"},
		},
		{
			name: "output runs into the next turn", c: callCase(t, tc(t, "get_weather", weather)),
			generated: block("get_weather", weather) + "<|tool|>\nname: get_weather\nresult: {}",
			want:      allGood,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Score(tt.c, tt.generated)
			tt.want.check(t, s.Verdicts)
			if s.Generated != tt.generated || s.Prompt != tt.c.Prompt || s.Scenario != tt.c.Scenario {
				t.Errorf("sample does not keep the case and the output: %+v", s)
			}
			if tt.check != nil {
				tt.check(t, s)
			}
		})
	}
}

// TestScorePairsByParameterOverlap checks that of several calls to one tool, each expected
// call is judged against the predicted call that agrees with it most, whatever the order.
func TestScorePairsByParameterOverlap(t *testing.T) {
	c := callCase(t,
		tc(t, "create_event", `{"title": "Standup", "date": "2024-05-01"}`),
		tc(t, "create_event", `{"title": "Retro", "date": "2024-05-03"}`),
		tc(t, "create_event", `{"title": "Planning", "date": "2024-05-02"}`))
	out := turn(
		block("create_event", `{"title": "planning", "date": "2024-05-02"}`),
		block("create_event", `{"title": "Retro", "date": "2024-05-04"}`),
		block("create_event", `{"title": "Standup", "date": "2024-05-01"}`))
	s := Score(c, out)
	var pairs, correct []int
	for _, cv := range s.Verdicts.Calls {
		pairs = append(pairs, cv.Predicted)
		correct = append(correct, cv.CorrectKeys)
	}
	if !slices.Equal(pairs, []int{2, 1, 0}) || !slices.Equal(correct, []int{2, 1, 2}) {
		t.Errorf("pairs %v with correct keys %v, want [2 1 0] and [2 1 2]", pairs, correct)
	}
	if !s.Verdicts.ToolCall || *s.Verdicts.Parameters || s.Verdicts.Exact {
		t.Errorf("verdicts %+v: tool names right, one date wrong", s.Verdicts)
	}
}

func TestScoreKeepsEmptyListsNotNull(t *testing.T) {
	s := Score(noCallCase(t), "Hi!")
	if s.Expected == nil || s.ParsedCalls == nil || s.ParseErrors == nil {
		t.Errorf("nil lists in %+v; the report would hold null", s)
	}
}

func TestScoreNeverPanics(t *testing.T) {
	outputs := []string{"", "<tool_call>", "</tool_call>", "<tool_call></tool_call>", "<|end|>",
		"<tool_call>\n{\"name\": 5}\n</tool_call>", "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": [1]}\n</tool_call>",
		"<tool_call>\nname: get_weather\nparameters: {\"location\": {\"a\": [1, {\"b\": null}]}}\n</tool_call>",
		strings.Repeat(block("get_weather", `{"location": "Paris"}`), 40), "\xff\xfe<tool_call>\xff"}
	cases := []Case{callCase(t, tc(t, "get_weather", `{"location": "Paris"}`)), noCallCase(t), {ExpectNoCall: true}}
	for _, c := range cases {
		for _, out := range outputs {
			s := Score(c, out)
			if s.Verdicts.Exact && !s.Verdicts.ValidFormat {
				t.Errorf("exact without valid format for %q", out)
			}
		}
	}
	many := Score(cases[0], strings.Repeat(block("get_weather", `{"location": "Paris"}`), 40))
	if len(many.Verdicts.Calls) != 40 || many.Verdicts.ToolCall {
		t.Errorf("40 identical calls for one expected: %d verdicts, tool_call %v", len(many.Verdicts.Calls), many.Verdicts.ToolCall)
	}
}
