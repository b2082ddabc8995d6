package eval

import (
	"testing"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/datagen"
)

// TestGeneratedDataGoldScoresPerfectly scores the reference turns of generated held-out data
// against themselves, in both templates: every value the generator writes (dates, emails,
// enums, floats) must read back through lib/chat and compare equal, or the metrics of a
// perfect model would not be 1.
func TestGeneratedDataGoldScoresPerfectly(t *testing.T) {
	examples, err := datagen.Generate(datagen.Config{NumExamples: 120, Seed: 3, Split: datagen.SplitHeldout})
	if err != nil {
		t.Fatal(err)
	}
	for _, tmpl := range []chat.Template{chat.Original{}, chat.Hermes{}} {
		opts := []chat.Option{chat.WithTemplate(tmpl)}
		cases, err := Cases(examples, CaseConfig{Turns: AllTurns, Chat: opts})
		if err != nil {
			t.Fatal(err)
		}
		ev, err := Evaluate("gold", 0, newFake(t, examples, cases, always, opts...), cases, EvalConfig{BatchSize: 16})
		if err != nil {
			t.Fatal(err)
		}
		m := ev.Metrics
		if m.Counts.ExactCorrect != m.Counts.Cases || m.Counts.CorrectKeys != m.Counts.ExpectedKeys || m.Counts.HallucinatedCases != 0 {
			for _, s := range ev.Samples {
				if !s.Verdicts.Exact {
					t.Errorf("%s: example %d turn %d not exact: %+v\n%s", tmpl.Name(), s.ExampleIndex, s.Turn, s.Verdicts, s.Generated)
					break
				}
			}
			t.Errorf("%s: gold answers score %+v", tmpl.Name(), m.Counts)
		}
		if m.Counts.CallCases == 0 || m.Counts.NoCallCases == 0 || len(ev.PerScenario) < 5 {
			t.Errorf("%s: generated data lacks variety: %+v, %d scenarios", tmpl.Name(), m.Counts, len(ev.PerScenario))
		}
	}
}
