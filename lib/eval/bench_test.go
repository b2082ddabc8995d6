package eval

import (
	"testing"
)

// benchCases returns every assistant turn of the hand-made examples with the outputs a
// half-trained model might write: gold for even examples, a hallucinated call for odd ones.
func benchCases(b *testing.B) ([]Case, []string, *fakeGenerator) {
	examples := handExamples(b)
	cases, err := Cases(examples, CaseConfig{Turns: AllTurns})
	if err != nil {
		b.Fatal(err)
	}
	gen := newFake(b, examples, cases, evenExample)
	outs := make([]string, len(cases))
	for i, c := range cases {
		outs[i] = gen.answers[c.Prompt]
	}
	return cases, outs, gen
}

// BenchmarkScore measures parsing and judging alone, in cases per second.
func BenchmarkScore(b *testing.B) {
	cases, outs, _ := benchCases(b)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for i, c := range cases {
			Score(c, outs[i])
		}
		n += len(cases)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "cases/s")
}

// BenchmarkEvaluate measures Evaluate end to end with the fake generator (batching, scoring,
// aggregation), in cases per second.
func BenchmarkEvaluate(b *testing.B) {
	cases, _, gen := benchCases(b)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if _, err := Evaluate("bench", 1, gen, cases, EvalConfig{}); err != nil {
			b.Fatal(err)
		}
		gen.batches = gen.batches[:0]
		n += len(cases)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "cases/s")
}
