package pipeline

import (
	"context"
	"io"
	"testing"
)

// BenchmarkEvaluateShippedModel measures evaluation as the default run does it: the shipped
// base model generating (KV cache, batches of eval.DefaultBatchSize, up to 96 new tokens) for
// held-out cases of the shipped dataset, then parsing and scoring. It reports cases per
// second; loading the model and building the cases happen once, outside the timing.
func BenchmarkEvaluateShippedModel(b *testing.B) {
	s, err := newEvalSession(context.Background(), EvalConfig{
		DataPath: "../../datasets/heldout.jsonl", NumExamples: 16, Seed: 42,
		BaseModel: "../../models/tooltune-tiny", MaxNewTokens: 96,
	}, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		if _, err := s.evaluate("bench", 0, ""); err != nil {
			b.Fatal(err)
		}
		n += len(s.cases)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "cases/s")
}
