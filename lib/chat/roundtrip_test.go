package chat

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/dataset"
)

// callGen makes random calls whose names and values probe what the two call forms must carry:
// unicode, quotes, escapes, braces, lines that look like "name:", the package's own markers,
// integers beyond float64 precision, tiny and huge floats, nesting.
type callGen struct {
	rng *rand.Rand
}

func (g callGen) pick(options []string) string { return options[g.rng.IntN(len(options))] }

func (g callGen) name() string {
	parts := []string{"get", "weather", "météo", "東京", "x", "v2", "a.b", "ns:tool", "a-b", "_", "Ω", "/path"}
	n := 1 + g.rng.IntN(3)
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString("_")
		}
		b.WriteString(g.pick(parts))
	}
	return b.String()
}

func (g callGen) text() string {
	pieces := []string{"Paris", "東京", "Zürich", "😀", `"quoted"`, `back\slash`, "line\nbreak", "tab\there",
		"{", "}", "[", "]", ", ", ": ", "\nname: evil\n", "parameters:", EndOfTurn, CallOpen, CallClose,
		UserMarker, ResponseClose, "<", "|", "\x00", "\x1f", "\u2028", "", " "}
	n := g.rng.IntN(4)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(g.pick(pieces))
	}
	return b.String()
}

func (g callGen) value(depth int) any {
	kinds := 8
	if depth >= 3 {
		kinds = 6 // scalars only
	}
	switch g.rng.IntN(kinds) {
	case 0:
		return g.text()
	case 1:
		return int64(g.rng.Uint64() >> g.rng.IntN(64))
	case 2:
		return -g.rng.IntN(1000)
	case 3:
		// A float with a random exponent, so that fixed and exponent notation both occur.
		return (g.rng.Float64() - 0.5) * math.Pow(10, float64(g.rng.IntN(50)-25))
	case 4:
		return g.rng.IntN(2) == 0
	case 5:
		return nil
	case 6:
		arr := make([]any, g.rng.IntN(4))
		for i := range arr {
			arr[i] = g.value(depth + 1)
		}
		return arr
	}
	return g.params(depth + 1)
}

func (g callGen) params(depth int) map[string]any {
	obj := map[string]any{}
	for n := g.rng.IntN(5); n > 0; n-- {
		obj[g.text()] = g.value(depth)
	}
	return obj
}

func (g callGen) calls() []dataset.ToolCall {
	calls := make([]dataset.ToolCall, g.rng.IntN(5))
	for i := range calls {
		calls[i] = dataset.ToolCall{Name: g.name(), Parameters: g.params(0)}
	}
	return calls
}

// TestRenderParseRoundTrip renders many random assistant turns with each template and parses
// them back: the same content and the same calls must come out, with no error.
func TestRenderParseRoundTrip(t *testing.T) {
	gen := callGen{rng: rand.New(rand.NewPCG(2026, 11))}
	contents := []string{"", "I'll help you with that.", "Checking both cities.", "Voilà : je regarde.", "Let me see {\"a\": 1}"}
	for i := 0; i < 400; i++ {
		msg := assistant(gen.pick(contents), gen.calls()...)
		ex := dataset.Example{Messages: []dataset.Message{user("go"), msg}}
		for _, tmpl := range builtinTemplates() {
			r, err := tmpl.Render(ex)
			if err != nil {
				t.Fatalf("case %d, %s: Render: %v", i, tmpl.Name(), err)
			}
			body := r.Text[r.Spans[0].Start:r.Spans[0].End]
			p, err := ParseCalls(body)
			if err != nil {
				t.Fatalf("case %d, %s: ParseCalls(%q): %v", i, tmpl.Name(), body, err)
			}
			if p.Content != msg.Content || p.Stop != EndOfTurn || p.Trailing != "" {
				t.Fatalf("case %d, %s: content %q stop %q trailing %q from %q", i, tmpl.Name(), p.Content, p.Stop, p.Trailing, body)
			}
			assertSameCalls(t, p.Calls, msg.ToolCalls)
			if t.Failed() {
				t.Fatalf("case %d, %s: body %q", i, tmpl.Name(), body)
			}
		}
	}
}
