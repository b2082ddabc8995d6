package eval

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// garbage is what the fake generator writes when it is not to answer right: a well-formed call
// to a tool no example offers.
const garbage = "Let me check my stars.\n\n<tool_call>\nname: get_horoscope\nparameters: {}\n</tool_call>\n<|end|>"

// fakeGenerator answers each prompt from a table and records the batch sizes it was given.
type fakeGenerator struct {
	answers map[string]string
	batches []int
}

func (f *fakeGenerator) Generate(prompts []string) ([]string, error) {
	f.batches = append(f.batches, len(prompts))
	out := make([]string, len(prompts))
	for i, p := range prompts {
		a, ok := f.answers[p]
		if !ok {
			return nil, fmt.Errorf("prompt %d is not one of the cases", i)
		}
		out[i] = a
	}
	return out, nil
}

// toolGenerator is a fakeGenerator that is also told the tools each prompt offers.
type toolGenerator struct {
	fakeGenerator
	offered map[string][]tools.Tool
}

func (g *toolGenerator) GenerateWithTools(prompts []string, offered [][]tools.Tool) ([]string, error) {
	for i, p := range prompts {
		g.offered[p] = offered[i]
	}
	return g.Generate(prompts)
}

// goldTurn is the reference assistant turn of a case as the template renders it in the full
// conversation (its loss span): what a perfect model writes after the prompt.
func goldTurn(t testing.TB, ex dataset.Example, turn int, opts ...chat.Option) string {
	t.Helper()
	r, err := chat.Render(ex, opts...)
	if err != nil {
		t.Fatal(err)
	}
	k := 0 // the turn's rank among the assistant turns, which is its span's index
	for _, m := range ex.Messages[:turn] {
		if m.Role == dataset.RoleAssistant {
			k++
		}
	}
	span := r.Spans[k]
	return r.Text[span.Start:span.End]
}

// newFake answers the cases for which right is true with their gold turn (for a corrected case,
// the retry that Expected holds) and the others with garbage.
func newFake(t testing.TB, examples []dataset.Example, cases []Case, right func(Case) bool, opts ...chat.Option) *fakeGenerator {
	f := &fakeGenerator{answers: map[string]string{}}
	for _, c := range cases {
		f.answers[c.Prompt] = garbage
		if right(c) {
			f.answers[c.Prompt] = goldTurn(t, examples[c.ExampleIndex], c.ReferenceTurn(), opts...)
		}
	}
	return f
}

func evenExample(c Case) bool { return c.ExampleIndex%2 == 0 }
func always(Case) bool        { return true }
func never(Case) bool         { return false }

// TestEvaluateEndToEnd drives Evaluate with the fake generator on the hand-made examples. With
// gold answers for the even examples (single weather, parallel, clarify) and garbage for the
// odd ones (single stock, no_tool, multi_step), the metrics are known exactly.
func TestEvaluateEndToEnd(t *testing.T) {
	mixed := Counts{Cases: 6, CallCases: 4, NoCallCases: 2, ToolCallCorrect: 3, ExactCorrect: 3, ValidFormat: 6,
		NoCallCorrect: 1, HallucinatedCases: 3, ExpectedCalls: 5, ParamsCorrect: 3, ExpectedKeys: 6, CorrectKeys: 4,
		PredictedCalls: 6, MissingCalls: 2, ExtraCalls: 3}
	for _, tmpl := range []chat.Template{chat.Original{}, chat.Hermes{}} {
		t.Run(tmpl.Name(), func(t *testing.T) {
			examples := handExamples(t)
			opts := []chat.Option{chat.WithTemplate(tmpl)}
			cases, err := Cases(examples, CaseConfig{Chat: opts})
			if err != nil {
				t.Fatal(err)
			}
			gen := newFake(t, examples, cases, evenExample, opts...)
			var progress [][2]int
			cfg := EvalConfig{BatchSize: 4, Path: "out/checkpoint-50", Progress: func(done, total int) {
				progress = append(progress, [2]int{done, total})
			}}
			ev, err := Evaluate("checkpoint-50", 50, gen, cases, cfg)
			if err != nil {
				t.Fatal(err)
			}
			checkMetrics(t, "overall", ev.Metrics, wantMetrics{
				"tool_call_accuracy": 0.5, "call_accuracy": 0.5, "parameter_accuracy": 0.6, "parameter_key_accuracy": 4.0 / 6,
				"exact_match": 0.5, "valid_format_rate": 1, "no_call_accuracy": 0.5, "hallucinated_tool_rate": 0.5,
			}, mixed)
			if !slices.Equal(gen.batches, []int{4, 2}) || !slices.Equal(progress, [][2]int{{4, 6}, {6, 6}}) {
				t.Errorf("batches %v and progress %v, want [4 2] and [[4 6] [6 6]]", gen.batches, progress)
			}
			if ev.Name != "checkpoint-50" || ev.Step != 50 || ev.Path != cfg.Path || len(ev.Samples) != len(cases) {
				t.Errorf("evaluation header %q %d %q with %d samples", ev.Name, ev.Step, ev.Path, len(ev.Samples))
			}
			for i, s := range ev.Samples {
				if s.ExampleIndex != cases[i].ExampleIndex || s.Generated != gen.answers[cases[i].Prompt] {
					t.Errorf("sample %d is not case %d's", i, i)
				}
			}
			if ev.Seconds <= 0 || ev.ExamplesPerSecond <= 0 {
				t.Errorf("timing not recorded: %v s, %v/s", ev.Seconds, ev.ExamplesPerSecond)
			}
			checkMetrics(t, "multi_step", ev.PerScenario[dataset.ScenarioMultiStep], wantMetrics{
				"tool_call_accuracy": 0, "call_accuracy": 0, "parameter_accuracy": 0, "parameter_key_accuracy": 0, "exact_match": 0,
				"valid_format_rate": 1, "hallucinated_tool_rate": 1,
			}, Counts{Cases: 1, CallCases: 1, ValidFormat: 1, HallucinatedCases: 1, ExpectedCalls: 1, ExpectedKeys: 1,
				PredictedCalls: 1, MissingCalls: 1, ExtraCalls: 1})
			checkMetrics(t, "get_stock_price", ev.PerTool["get_stock_price"], wantMetrics{
				"tool_call_accuracy": 1.0 / 3, "call_accuracy": 1.0 / 3, "parameter_accuracy": 1.0 / 3, "parameter_key_accuracy": 1.0 / 3,
				"exact_match": 1.0 / 3, "valid_format_rate": 1, "hallucinated_tool_rate": 2.0 / 3,
			}, Counts{Cases: 3, CallCases: 3, ToolCallCorrect: 1, ExactCorrect: 1, ValidFormat: 3, HallucinatedCases: 2,
				ExpectedCalls: 3, ParamsCorrect: 1, ExpectedKeys: 3, CorrectKeys: 1, PredictedCalls: 1, MissingCalls: 2})
		})
	}
}

// TestEvaluateAllGold checks that gold answers score perfectly on every decision turn, in
// both templates: the scorer reads back exactly what lib/chat writes.
func TestEvaluateAllGold(t *testing.T) {
	for _, tmpl := range []chat.Template{chat.Original{}, chat.Hermes{}} {
		examples := handExamples(t)
		opts := []chat.Option{chat.WithTemplate(tmpl)}
		cases, err := Cases(examples, CaseConfig{Turns: AllTurns, Chat: opts})
		if err != nil {
			t.Fatal(err)
		}
		ev, err := Evaluate("checkpoint-100", 100, newFake(t, examples, cases, always, opts...), cases, EvalConfig{})
		if err != nil {
			t.Fatal(err)
		}
		// 13 turns: 6 make calls (7 calls with 9 parameters: 1+1+3+1+3), 7 answer in prose.
		checkMetrics(t, tmpl.Name(), ev.Metrics, wantMetrics{
			"tool_call_accuracy": 1, "call_accuracy": 1, "parameter_accuracy": 1, "parameter_key_accuracy": 1, "exact_match": 1,
			"valid_format_rate": 1, "no_call_accuracy": 1, "hallucinated_tool_rate": 0,
		}, Counts{Cases: 13, CallCases: 6, NoCallCases: 7, ToolCallCorrect: 13, ExactCorrect: 13, ValidFormat: 13,
			NoCallCorrect: 7, ExpectedCalls: 7, ParamsCorrect: 7, ExpectedKeys: 9, CorrectKeys: 9, PredictedCalls: 7})
	}
}

// TestEvaluateTellsAToolGeneratorTheTools: a generator that can guide calls learns which
// tools each prompt offers, and is scored as any other.
func TestEvaluateTellsAToolGeneratorTheTools(t *testing.T) {
	examples := handExamples(t)
	cases, err := Cases(examples, CaseConfig{})
	if err != nil {
		t.Fatal(err)
	}
	gen := &toolGenerator{fakeGenerator: *newFake(t, examples, cases, always), offered: map[string][]tools.Tool{}}
	ev, err := Evaluate("base", 0, gen, cases, EvalConfig{BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		got, ok := gen.offered[c.Prompt]
		if !ok || !slices.EqualFunc(got, c.Tools, func(a, b tools.Tool) bool { return a.Name == b.Name }) {
			t.Errorf("case %d: the generator was told %v, want the case's %d tools", i, got, len(c.Tools))
		}
	}
	if m := ev.Metrics.ExactMatch; m == nil || *m != 1 {
		t.Errorf("exact match %v, want 1", m)
	}
}

// failingGenerator fails, or returns one output too few.
type failingGenerator struct{ short bool }

func (g failingGenerator) Generate(prompts []string) ([]string, error) {
	if g.short {
		return make([]string, len(prompts)-1), nil
	}
	return nil, errors.New("out of memory")
}

func TestEvaluateErrors(t *testing.T) {
	cases, err := Cases(handExamples(t), CaseConfig{})
	if err != nil {
		t.Fatal(err)
	}
	ok := newFake(t, handExamples(t), cases, always)
	tests := []struct {
		name   string
		evName string
		step   int
		gen    Generator
		cases  []Case
		cfg    EvalConfig
		want   []string
	}{
		{"generator fails", "base", 0, failingGenerator{}, cases, EvalConfig{BatchSize: 4}, []string{"evaluate base", "cases 0 to 3", "out of memory"}},
		{"too few outputs", "base", 0, failingGenerator{short: true}, cases, EvalConfig{}, []string{"returned 5 outputs for 6 prompts"}},
		{"no cases", "base", 0, ok, nil, EvalConfig{}, []string{"no cases"}},
		{"no generator", "base", 0, nil, cases, EvalConfig{}, []string{"no generator"}},
		{"no name", "", 0, ok, cases, EvalConfig{}, []string{"empty evaluation name"}},
		{"negative step", "checkpoint-x", -5, ok, cases, EvalConfig{}, []string{"negative step -5"}},
		{"negative batch", "base", 0, ok, cases, EvalConfig{BatchSize: -1}, []string{"negative batch size"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Evaluate(tt.evName, tt.step, tt.gen, tt.cases, tt.cfg)
			if err == nil {
				t.Fatal("no error")
			}
			for _, part := range tt.want {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("error %q does not mention %q", err, part)
				}
			}
		})
	}
}
