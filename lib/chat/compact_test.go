package chat

import (
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// builtinTemplates are the templates this package implements, for tests that hold for all.
func builtinTemplates() []Template { return []Template{Original{}, Compact{}, Hermes{}} }

func TestSignature(t *testing.T) {
	num := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		name string
		tool tools.Tool
		want string
	}{
		{"required string and optional enum", weatherTool(),
			"get_current_weather(location: string, unit?: celsius|fahrenheit) - Get the current weather in a location"},
		{"no parameters, no description", tools.Tool{Name: "ping", Parameters: tools.Schema{Type: "object"}},
			"ping()"},
		{"integer range, open bound, format, number enum",
			tools.Tool{Name: "f", Description: "F.", Parameters: tools.Schema{Type: "object", Required: []string{"n"}, Properties: tools.Properties{
				{Name: "n", Schema: &tools.Schema{Type: "integer", Minimum: num(1), Maximum: num(10)}},
				{Name: "x", Schema: &tools.Schema{Type: "number", Minimum: num(0.5)}},
				{Name: "day", Schema: &tools.Schema{Type: "string", Format: "date"}},
				{Name: "k", Schema: &tools.Schema{Type: "integer", Enum: []any{1, 2.5}}},
			}}},
			"f(n: integer 1..10, x?: number 0.5.., day?: string (date), k?: 1|2.5) - F."},
		{"array and nested object",
			tools.Tool{Name: "g", Parameters: tools.Schema{Type: "object", Required: []string{"to"}, Properties: tools.Properties{
				{Name: "to", Schema: &tools.Schema{Type: "array", Items: &tools.Schema{Type: "string", Format: "email"}}},
				{Name: "when", Schema: &tools.Schema{Type: "object", Required: []string{"day"}, Properties: tools.Properties{
					{Name: "day", Schema: &tools.Schema{Type: "string"}},
					{Name: "hour", Schema: &tools.Schema{Type: "integer"}},
				}}},
			}}},
			"g(to: array of string (email), when?: {day: string, hour?: integer})"},
	} {
		if got := Signature(tc.tool); got != tc.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// TestCompactRendersLikeOriginal: the Compact template changes the tool list and nothing
// else, so its text after the system turn and its loss spans' bodies are the Original's.
func TestCompactRendersLikeOriginal(t *testing.T) {
	for _, ex := range []dataset.Example{singleExample(), parallelExample(), multiStepExample(), clarifyExample()} {
		orig, err := Original{}.Render(ex)
		if err != nil {
			t.Fatal(err)
		}
		comp, err := Compact{}.Render(ex)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(comp.Text, "<|system|>\n") || !strings.Contains(comp.Text, "\n"+CompactInstruction+"\n") {
			t.Errorf("%s: no system turn with the compact instruction in %q", ex.Scenario, comp.Text[:min(len(comp.Text), 120)])
		}
		for _, tool := range ex.Tools {
			if !strings.Contains(comp.Text, "\n"+Signature(tool)+"\n") {
				t.Errorf("%s: no line %q", ex.Scenario, Signature(tool))
			}
		}
		afterSystem := func(s string) string { return s[strings.Index(s, "<|user|>"):] }
		if afterSystem(comp.Text) != afterSystem(orig.Text) {
			t.Errorf("%s: the turns after the system turn differ", ex.Scenario)
		}
		if len(comp.Spans) != len(orig.Spans) {
			t.Fatalf("%s: %d spans, original %d", ex.Scenario, len(comp.Spans), len(orig.Spans))
		}
		for i := range comp.Spans {
			c, o := comp.Spans[i], orig.Spans[i]
			if comp.Text[c.Start:c.End] != orig.Text[o.Start:o.End] {
				t.Errorf("%s: span %d body differs", ex.Scenario, i)
			}
		}
	}
}

func TestCompactKeepsAnOwnSystemMessage(t *testing.T) {
	r, err := Compact{}.Render(multiStepExample())
	if err != nil {
		t.Fatal(err)
	}
	want := "<|system|>\nYou are a finance assistant.\n\n" + CompactInstruction + "\n" + Signature(stockTool()) + "\n" + Signature(currencyTool()) + "\n<|user|>\n"
	if !strings.HasPrefix(r.Text, want) {
		t.Errorf("text starts\n%q\nwant\n%q", r.Text[:min(len(r.Text), len(want))], want)
	}
}
