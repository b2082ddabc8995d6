package eval

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// evaluateWith runs Evaluate on the first turns of the hand-made examples with a fake that is
// right where right says so.
func evaluateWith(t *testing.T, name string, step int, right func(Case) bool) Evaluation {
	t.Helper()
	examples := handExamples(t)
	cases, err := Cases(examples, CaseConfig{})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := Evaluate(name, step, newFake(t, examples, cases, right), cases, EvalConfig{Path: "run/" + name})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// handReport holds the base model (always garbage), checkpoint-50 (right on even examples)
// and checkpoint-100 (always right), added out of order.
func handReport(t *testing.T) *Report {
	r := NewReport("models/tiny", "datasets/eval.json", 6, 42)
	r.Add(evaluateWith(t, CheckpointName(100), 100, always))
	r.Add(evaluateWith(t, BaseName, 0, never))
	r.Add(evaluateWith(t, CheckpointName(50), 50, evenExample))
	return r
}

func evaluationNames(r *Report) string {
	var names []string
	for _, e := range r.Evaluations {
		names = append(names, e.Name)
	}
	return strings.Join(names, ",")
}

func TestReportAddAndBest(t *testing.T) {
	r := handReport(t)
	if got := evaluationNames(r); got != "base,checkpoint-50,checkpoint-100" {
		t.Errorf("order %s, want base first, then by step", got)
	}
	want := BestEvaluation{Name: "checkpoint-100", Step: 100, Metric: "tool_call_accuracy", Value: 1}
	if r.Top == nil || *r.Top != want {
		t.Errorf("best %+v, want %+v", r.Top, want)
	}
	// A later checkpoint that only ties does not take the place of the earlier one.
	r.Add(evaluateWith(t, CheckpointName(150), 150, always))
	if b, ok := r.Best(); !ok || b != want {
		t.Errorf("after a tie, best %+v, want %+v", b, want)
	}
	// Evaluating a checkpoint again replaces its evaluation.
	again := evaluateWith(t, CheckpointName(100), 100, never)
	r.Add(again)
	if got := evaluationNames(r); got != "base,checkpoint-50,checkpoint-100,checkpoint-150" {
		t.Errorf("order after a re-run %s", got)
	}
	if r.Evaluations[2].Metrics.Counts != again.Metrics.Counts {
		t.Errorf("re-run did not replace checkpoint-100")
	}
	if r.Top == nil || r.Top.Name != "checkpoint-150" {
		t.Errorf("best after the re-run %+v, want checkpoint-150", r.Top)
	}
	empty := NewReport("m", "d", 0, 0)
	if _, ok := empty.Best(); ok || empty.Top != nil {
		t.Errorf("an empty report has a best evaluation")
	}
}

func TestReportRoundTrip(t *testing.T) {
	r := handReport(t)
	path := filepath.Join(t.TempDir(), ReportFile)
	if err := r.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("directory holds %d files after the write, want only the report (no temporary left)", len(entries))
	}
	back, err := ReadReport(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := canonicalJSON(t, back), canonicalJSON(t, r); got != want {
		t.Errorf("report changed in a round trip:\n got %.2000s\nwant %.2000s", got, want)
	}
	if back.CreatedBy != "tooltune" || back.Seed != 42 || back.NumExamples != 6 || back.BaseModel != "models/tiny" {
		t.Errorf("header %+v", back)
	}
	for i, e := range back.Evaluations {
		if len(e.Samples) != 6 {
			t.Errorf("evaluation %s holds %d samples, want 6", e.Name, len(e.Samples))
		}
		// The samples hold everything the metrics are computed from.
		if got, want := canonicalJSON(t, Aggregate(e.Samples)), canonicalJSON(t, r.Evaluations[i].Metrics); got != want {
			t.Errorf("%s: metrics recomputed from the read samples differ:\n got %s\nwant %s", e.Name, got, want)
		}
		if got, want := canonicalJSON(t, PerTool(e.Samples)), canonicalJSON(t, r.Evaluations[i].PerTool); got != want {
			t.Errorf("%s: per-tool metrics recomputed from the read samples differ", e.Name)
		}
	}
	// Field names are those of the documented report format.
	var raw map[string]any
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "<|assistant|>") {
		t.Errorf("markers are escaped in the report file; they should stay legible")
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	ev := raw["evaluations"].([]any)[1].(map[string]any)
	sample := ev["samples"].([]any)[0].(map[string]any)
	verdicts := sample["verdicts"].(map[string]any)
	for _, k := range []string{"base_model", "data_path", "num_examples", "seed", "created_by", "evaluations", "best"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("report lacks %q", k)
		}
	}
	for _, k := range []string{"name", "step", "path", "metrics", "per_tool", "per_scenario", "samples", "examples_per_second"} {
		if _, ok := ev[k]; !ok {
			t.Errorf("evaluation lacks %q", k)
		}
	}
	for _, k := range []string{"example_index", "turn", "scenario", "prompt", "expected", "generated", "parsed_calls", "parse_errors", "verdicts"} {
		if _, ok := sample[k]; !ok {
			t.Errorf("sample lacks %q", k)
		}
	}
	for _, k := range []string{"tool_call", "parameters", "exact", "valid_format", "no_call", "hallucinated", "fields"} {
		if _, ok := verdicts[k]; !ok {
			t.Errorf("verdicts lack %q", k)
		}
	}
}

func TestReportFileErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		path string
		want string
	}{
		{"missing file", filepath.Join(dir, "none.json"), "none.json"},
		{"invalid JSON", write("bad.json", `{"evaluations": [`), "bad.json"},
		{"trailing data", write("trail.json", `{"evaluations": []} {}`), "unexpected data"},
		{"unnamed evaluation", write("unnamed.json", `{"evaluations": [{"step": 3}]}`), "evaluations[0]: name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadReport(tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
	err := NewReport("m", "d", 0, 0).WriteFile(filepath.Join(dir, "no", "such", "dir", ReportFile))
	if err == nil || !strings.Contains(err.Error(), ReportFile) {
		t.Errorf("write into a missing directory: %v", err)
	}
	// A failed rename (the target is a directory) leaves no temporary file behind.
	clean := t.TempDir()
	if err := os.Mkdir(filepath.Join(clean, ReportFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := NewReport("m", "d", 0, 0).WriteFile(filepath.Join(clean, ReportFile)); err == nil {
		t.Errorf("writing over a directory succeeded")
	}
	if entries, _ := os.ReadDir(clean); len(entries) != 1 {
		t.Errorf("%d entries after a failed write, want only the directory", len(entries))
	}
}

// wantTable checks the text write prints.
func wantTable(t *testing.T, write func(io.Writer) error, want string) {
	t.Helper()
	var b strings.Builder
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestWriteScenarioTable(t *testing.T) {
	// The scenarios in dataset.Scenarios() order, each with its number of cases.
	wantTable(t, handReport(t).WriteScenarioTable, ""+
		"tool-call by scenario | single (2) | parallel (1) | multi_step (1) | no_tool (1) | clarify (1)\n"+
		"base                  |       0.0% |         0.0% |           0.0% |        0.0% |        0.0%\n"+
		"checkpoint-50         |      50.0% |       100.0% |           0.0% |        0.0% |      100.0%\n"+
		"checkpoint-100        |     100.0% |       100.0% |         100.0% |      100.0% |      100.0%\n")
	var empty strings.Builder
	if err := NewReport("m", "d", 0, 0).WriteScenarioTable(&empty); err != nil || empty.Len() != 0 {
		t.Errorf("a report without scenarios printed %q (err %v)", empty.String(), err)
	}
}

func TestWriteTable(t *testing.T) {
	wantTable(t, handReport(t).WriteTable, ""+
		"checkpoint       | step | tool-call |  calls | params |  exact | no-call | format | halluc.\n"+
		"base             |    0 |      0.0% |   0.0% |   0.0% |   0.0% |    0.0% | 100.0% |  100.0%\n"+
		"checkpoint-50    |   50 |     50.0% |  50.0% |  60.0% |  50.0% |   50.0% | 100.0% |   50.0%\n"+
		"checkpoint-100 * |  100 |    100.0% | 100.0% | 100.0% | 100.0% |  100.0% | 100.0% |    0.0%\n"+
		"* best tool_call_accuracy = 100.0%\n")
	var empty strings.Builder
	r := NewReport("m", "d", 0, 0)
	r.Add(Evaluation{Name: BaseName})
	if err := r.WriteTable(&empty); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(empty.String(), "base       |    0 |         - |     - |      - |") {
		t.Errorf("undefined metrics not shown as -:\n%s", empty.String())
	}
}

func TestCheckpointName(t *testing.T) {
	if got := CheckpointName(50); got != "checkpoint-50" {
		t.Errorf("CheckpointName(50) = %q", got)
	}
}
