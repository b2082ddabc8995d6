package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/internal/testenv"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/eval"
	"github.com/tooltune/tooltune/lib/tools"
)

func runTool(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestGenerateOnly is the acceptance check of the data stage:
// --generate_only --num_examples 2000 writes 2000 valid examples, deterministically per seed,
// with distinct user messages and every scenario kind and tool present.
func TestGenerateOnly(t *testing.T) {
	dir := t.TempDir()
	gen := func(name, seed string) []byte {
		path := filepath.Join(dir, name)
		code, out, stderr := runTool(t, "--generate_only", "--num_examples", "2000", "--data_path", path, "--seed", seed, "--tools", "builtin")
		if code != 0 {
			t.Fatalf("tool_using exited %d: %s", code, stderr)
		}
		for _, summary := range []string{"Generated 2000 training examples", "Held-out phrasings", "with a word no training request has"} {
			if !strings.Contains(out, summary) {
				t.Fatalf("missing %q in output:\n%s", summary, out)
			}
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	a := gen("a.json", "1")
	b := gen("b.json", "1")
	c := gen("c.json", "2")
	if !bytes.Equal(a, b) {
		t.Error("two runs with the same seed wrote different files")
	}
	if bytes.Equal(a, c) {
		t.Error("a different seed wrote the same file")
	}

	path := filepath.Join(dir, "a.json")
	exs, err := dataset.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(exs) != 2000 {
		t.Fatalf("got %d examples, want 2000", len(exs))
	}
	if ps := dataset.Validate(path, exs); len(ps) > 0 {
		t.Fatalf("%d invalid examples, first: %v", len(ps), ps[0])
	}
	st := dataset.Stats(exs)
	if r := st.DistinctUserRatio(); r < 0.95 {
		t.Errorf("distinct user messages: %.3f, want >= 0.95", r)
	}
	for _, s := range dataset.Scenarios() {
		if st.ByScenario[s] == 0 {
			t.Errorf("scenario %s never appears", s)
		}
	}
	for _, tool := range tools.Builtins().Tools() {
		if st.CallsByTool[tool.Name] == 0 {
			t.Errorf("tool %s is never called", tool.Name)
		}
	}
	heldout, err := dataset.Load(filepath.Join(dir, "a_heldout.json"))
	if err != nil {
		t.Fatalf("held-out set: %v", err)
	}
	if len(heldout) != 240 {
		t.Errorf("held-out set has %d examples, want the default 240", len(heldout))
	}
}

// TestHeldoutSize: --num_eval_examples sets the held-out set's size, and 0 makes it a tenth
// of the training set, at least 20 (the original script's rule).
func TestHeldoutSize(t *testing.T) {
	for _, tc := range []struct {
		numExamples, numEval string
		want                 int
	}{
		{"300", "0", 30},
		{"100", "0", 20},
		{"100", "7", 7},
	} {
		path := filepath.Join(t.TempDir(), "d.json")
		if code, _, stderr := runTool(t, "--generate_only", "--num_examples", tc.numExamples, "--num_eval_examples", tc.numEval, "--data_path", path); code != 0 {
			t.Fatalf("%s/%s: %s", tc.numExamples, tc.numEval, stderr)
		}
		heldout, err := dataset.Load(filepath.Join(filepath.Dir(path), "d_heldout.json"))
		if err != nil {
			t.Fatal(err)
		}
		if len(heldout) != tc.want {
			t.Errorf("--num_examples %s --num_eval_examples %s: %d held-out examples, want %d", tc.numExamples, tc.numEval, len(heldout), tc.want)
		}
	}
}

// TestDefaultToolsAreBasic: the default run generates data for tools.BasicToolNames only.
func TestDefaultToolsAreBasic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.json")
	if code, _, stderr := runTool(t, "--generate_only", "--num_examples", "300", "--data_path", path); code != 0 {
		t.Fatalf("tool_using exited %d: %s", code, stderr)
	}
	exs, err := dataset.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	called := dataset.Stats(exs).CallsByTool
	for _, name := range tools.BasicToolNames() {
		if called[name] == 0 {
			t.Errorf("basic tool %s is never called", name)
		}
	}
	if len(called) != len(tools.BasicToolNames()) {
		t.Errorf("calls %d distinct tools, want the %d basic ones: %v", len(called), len(tools.BasicToolNames()), called)
	}
}

// TestGenerateForChosenTools: --tools with built-in names generates calls of those tools only,
// offers no others, and an unknown name is an error that names it.
func TestGenerateForChosenTools(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "d.json")
	chosen := []string{"get_current_weather", "web_search", "convert_units"}
	code, _, stderr := runTool(t, "--generate_only", "--num_examples", "200", "--data_path", path, "--tools", strings.Join(chosen, ","))
	if code != 0 {
		t.Fatalf("tool_using exited %d: %s", code, stderr)
	}
	for _, file := range []string{path, filepath.Join(dir, "d_heldout.json")} {
		exs, err := dataset.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		st := dataset.Stats(exs)
		for _, name := range chosen {
			if st.CallsByTool[name] == 0 {
				t.Errorf("%s: %s is never called", file, name)
			}
		}
		for name := range st.CallsByTool {
			if !slices.Contains(chosen, name) {
				t.Errorf("%s: calls %s, which --tools left out", file, name)
			}
		}
		for i, ex := range exs {
			for _, tool := range ex.Tools {
				if !slices.Contains(chosen, tool.Name) {
					t.Fatalf("%s: example %d offers %s, which --tools left out", file, i, tool.Name)
				}
			}
		}
	}
	code, _, stderr = runTool(t, "--generate_only", "--num_examples", "20", "--data_path", filepath.Join(dir, "e.json"), "--tools", "web_search,nope")
	if code == 0 || !strings.Contains(stderr, `unknown tool "nope"`) {
		t.Errorf("unknown tool: exit %d, stderr %q", code, stderr)
	}
}

// TestScenarioWeights: --scenario_weights sets the training set's mix; the held-out set keeps
// the default one.
func TestScenarioWeights(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "d.json")
	code, _, stderr := runTool(t, "--generate_only", "--num_examples", "60", "--num_eval_examples", "60", "--data_path", path, "--scenario_weights", "no_tool=1,clarify=1")
	if code != 0 {
		t.Fatalf("tool_using exited %d: %s", code, stderr)
	}
	for _, tc := range []struct {
		file       string
		onlyChosen bool // every example is no_tool or clarify
	}{{path, true}, {filepath.Join(dir, "d_heldout.json"), false}} {
		exs, err := dataset.Load(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		st := dataset.Stats(exs)
		chosen := st.ByScenario[dataset.ScenarioNoTool] + st.ByScenario[dataset.ScenarioClarify]
		if tc.onlyChosen != (chosen == len(exs)) || st.ByScenario[dataset.ScenarioNoTool] == 0 {
			t.Errorf("%s: scenarios %v", tc.file, st.ByScenario)
		}
	}
}

func TestBaseModelInference(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "d.json")
	modelDir := testenv.TinyModel(t, data, 12)
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runTool(t, "--base_model_inference", "--model_name", modelDir, "--data_path", data,
		"--num_examples", "12", "--num_eval_examples", "4", "--eval_examples", "3", "--max_new_tokens", "8", "--output_dir", out)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, stderr, stdout)
	}
	report, err := eval.ReadReport(filepath.Join(out, baseReportFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Evaluations) != 1 || report.Evaluations[0].Name != eval.BaseName {
		t.Fatalf("report evaluations %+v, want the base model only", report.Evaluations)
	}
	if n := len(report.Evaluations[0].Samples); n != 3 {
		t.Errorf("%d samples, want 3", n)
	}
	for _, want := range []string{"base model inference took", "tool-call accuracy"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestFlagErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--num_examples", "0"},
		{"--save_strategy", "sometimes"},
		{"--lr_scheduler_type", "bogus"},
		{"--train_turns", "last"},
		{"--scenario_weights", "single=1,poetry=2"},
		{"--scenario_weights", "single"},
		{"--decision_token_weight", "-1"},
		{"--decision_token_weight", "NaN"},
		{"--decision_token_weight", "+Inf"},
		{"--no_such_flag"},
		{"stray"},
	} {
		if code, _, stderr := runTool(t, args...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, stderr)
		}
	}
	if code, _, _ := runTool(t, "-h"); code != 0 {
		t.Errorf("-h exited %d", code)
	}
}

func TestLoadsExistingDataAndReportsBadExamples(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "d.json")
	if code, _, stderr := runTool(t, "--generate_only", "--num_examples", "30", "--data_path", path); code != 0 {
		t.Fatal(stderr)
	}
	exs, err := dataset.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	exs[3].Messages[0].Content = ""
	if err := dataset.Save(path, exs); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runTool(t, "--num_examples", "30", "--data_path", path)
	if code == 0 || !strings.Contains(stderr, path+": example 3: messages[0].content") {
		t.Fatalf("want an error naming file, example 3 and the field; code %d, stderr %q", code, stderr)
	}
}

// TestShippedDatasetsAreCurrent regenerates datasets/ with the commands in datasets/README.md
// and compares bytes, so that a change to the generator cannot leave stale shipped data.
func TestShippedDatasetsAreCurrent(t *testing.T) {
	dir := t.TempDir()
	train, heldout := filepath.Join(dir, "train.jsonl"), filepath.Join(dir, "heldout.jsonl")
	code, _, stderr := runTool(t, "--generate_only", "--num_examples", "1000", "--num_eval_examples", "200",
		"--data_path", train, "--eval_data_path", heldout, "--seed", "42", "--tools_per_example", "0", "--tools", "builtin")
	if code != 0 {
		t.Fatal(stderr)
	}
	for _, pair := range [][2]string{{train, "../../datasets/train.jsonl"}, {heldout, "../../datasets/heldout.jsonl"}} {
		got, err := os.ReadFile(pair[0])
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(pair[1])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: regenerate it with the commands in datasets/README.md", pair[1])
		}
	}
	var tools bytes.Buffer
	if code := runToolsJSON(&tools); code != nil {
		t.Fatal(code)
	}
	want, err := os.ReadFile("../../datasets/tools.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(tools.Bytes(), want) {
		t.Error("datasets/tools.json is stale: regenerate it with the command in datasets/README.md")
	}
}

// runToolsJSON writes the built-in tool schemas the way `tooltune tools` does.
func runToolsJSON(w *bytes.Buffer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(tools.Builtins().Tools())
}
