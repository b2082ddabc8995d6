package lessonrun

import (
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/eval"
)

// sample is a scored case with the given expected and predicted call names; verdicts pair
// calls of the same name in order, as lib/eval does.
func sample(expected, predicted []string, parseErrors int) eval.Sample {
	s := eval.Sample{ParseErrors: make([]eval.ParseIssue, parseErrors)}
	taken := make([]bool, len(predicted))
	for e, name := range expected {
		s.Expected = append(s.Expected, dataset.ToolCall{Name: name})
		cv := eval.CallVerdict{Expected: e, Predicted: -1, Tool: name}
		for p, got := range predicted {
			if !taken[p] && got == name {
				taken[p], cv.Predicted = true, p
				break
			}
		}
		s.Verdicts.Calls = append(s.Verdicts.Calls, cv)
	}
	for p, name := range predicted {
		s.ParsedCalls = append(s.ParsedCalls, dataset.ToolCall{Name: name})
		if !taken[p] {
			s.Verdicts.Calls = append(s.Verdicts.Calls, eval.CallVerdict{Expected: -1, Predicted: p, Tool: name})
		}
	}
	return s
}

func TestConfusion(t *testing.T) {
	samples := []eval.Sample{
		sample([]string{"weather"}, []string{"weather"}, 0),                 // right
		sample([]string{"weather"}, []string{"stocks"}, 0),                  // wrong tool
		sample([]string{"weather", "weather"}, []string{"weather"}, 0),      // one missing
		sample([]string{"stocks"}, nil, 1),                                  // malformed block
		sample(nil, nil, 0),                                                 // rightly no call
		sample(nil, []string{"email"}, 0),                                   // call where none was wanted
		sample([]string{"weather"}, []string{"email", "stocks", "time"}, 0), // one wrong, two extra
	}
	expected, predicted, counts := Confusion(samples)
	wantExpected := []string{"stocks", "weather", NoCall}
	wantPredicted := []string{"email", "stocks", "time", "weather", NoCall, Malformed}
	wantCounts := [][]int{
		{0, 0, 0, 0, 0, 1}, // stocks: malformed
		{1, 1, 0, 2, 1, 0}, // weather: email, stocks, weather x2, no call
		{1, 1, 1, 0, 1, 0}, // no call expected: email x1 (sample 6) + extras stocks, time (sample 7); right no call
	}
	if !reflect.DeepEqual(expected, wantExpected) || !reflect.DeepEqual(predicted, wantPredicted) || !reflect.DeepEqual(counts, wantCounts) {
		t.Errorf("Confusion =\n%v\n%v\n%v\nwant\n%v\n%v\n%v", expected, predicted, counts, wantExpected, wantPredicted, wantCounts)
	}
	total := 0
	for _, row := range counts {
		for _, n := range row {
			total += n
		}
	}
	// Every expected call, every no-call case and every extra call beyond the missing ones.
	if total != 10 {
		t.Errorf("%d counts, want 10", total)
	}
}

func TestConfigsAgree(t *testing.T) {
	dir := t.TempDir()
	tc := TrainConfig(dir)
	if tc.Train.OutputDir != OutputDir(dir) || tc.ModelName != ModelPath || tc.MaxSeqLength != MaxSeqLength {
		t.Errorf("TrainConfig does not use the run's paths: %+v", tc)
	}
	if err := tc.LoRA.Validate(); err != nil {
		t.Error(err)
	}
	if tc.Train.MaxSteps%tc.Train.SaveSteps != 0 {
		t.Errorf("the last step (%d) is not a multiple of save_steps (%d): the final checkpoint would not be evaluated on schedule", tc.Train.MaxSteps, tc.Train.SaveSteps)
	}
	ec := EvalConfig(dir)
	if ec.DataPath != HeldoutPath(dir) || ec.OutputFile != ReportPath(dir) || ec.BaseModel != tc.ModelName {
		t.Errorf("EvalConfig does not match the run: %+v", ec)
	}
	gc := GuidedEvalConfig(dir)
	if !gc.GuidedCalls || !gc.SkipBase || gc.OutputFile == ec.OutputFile {
		t.Errorf("GuidedEvalConfig does not guide the checkpoints into a report of its own: %+v", gc)
	}
	gc.GuidedCalls, gc.SkipBase, gc.OutputFile = ec.GuidedCalls, ec.SkipBase, ec.OutputFile
	if gc != ec {
		t.Errorf("GuidedEvalConfig differs from EvalConfig beyond the decoding: %+v vs %+v", gc, ec)
	}
	if Trained(dir) {
		t.Error("an empty folder counts as trained")
	}
}

func TestDataIsGeneratedOnceAndValidated(t *testing.T) {
	dir := t.TempDir()
	first, err := Data(dir, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Train) != NumTrain || len(first.Heldout) != NumHeldout {
		t.Fatalf("%d training and %d held-out examples, want %d and %d", len(first.Train), len(first.Heldout), NumTrain, NumHeldout)
	}
	for i, ex := range first.Train {
		if len(ex.Tools) < ToolsPerExample {
			t.Errorf("training example %d offers %d tools, want at least %d", i, len(ex.Tools), ToolsPerExample)
		}
	}
	again, err := Data(dir, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(first.Train, again.Train) {
		t.Error("the second call did not load the same training set")
	}
	// A broken file is reported, not regenerated over.
	if err := os.WriteFile(TrainPath(dir), []byte(`{"messages": []}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Data(dir, io.Discard); err == nil || !strings.Contains(err.Error(), TrainPath(dir)) {
		t.Errorf("err = %v, want one naming %s", err, TrainPath(dir))
	}
}
