// Package testenv builds what the command-line tests need to run the pipeline for real in
// seconds: a small generated dataset and a tiny random model whose tokenizer is trained on it.
package testenv

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/pipeline"
	"github.com/tooltune/tooltune/lib/tools"
	"github.com/tooltune/tooltune/lib/train/tinymodel"
)

// TinyModel writes a small dataset at dataPath (and its held-out file) and a tiny model
// whose tokenizer is trained on it (the shipped tiny model is not in the repository yet). The
// examples are generated ones with only the tools they call offered: the full tool list
// alone is several hundred tokens, too long for a test on two cores.
func TinyModel(t testing.TB, dataPath string, numExamples int) string {
	t.Helper()
	gen := filepath.Join(t.TempDir(), "generated.json")
	d, err := pipeline.PrepareData(pipeline.DataConfig{TrainPath: gen, NumTrain: numExamples, NumHeldout: 4, Seed: 42}, &strings.Builder{})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, set := range []struct {
		path string
		exs  []dataset.Example
	}{{dataPath, d.Train}, {pipeline.HeldoutPathFor(dataPath), d.Heldout}} {
		for i := range set.exs {
			set.exs[i].Tools = calledTools(set.exs[i])
			r, err := chat.Render(set.exs[i])
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, r.Text)
		}
		if err := dataset.Save(set.path, set.exs); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(t.TempDir(), "tiny-model")
	o := tinymodel.DefaultOptions(texts)
	o.VocabSize = 1024
	if err := tinymodel.Write(dir, o); err != nil {
		t.Fatal(err)
	}
	return dir
}

// calledTools keeps the tools an example calls, in their original order.
func calledTools(ex dataset.Example) []tools.Tool {
	called := map[string]bool{}
	for _, m := range ex.Messages {
		for _, c := range m.ToolCalls {
			called[c.Name] = true
		}
	}
	var out []tools.Tool
	for _, tool := range ex.Tools {
		if called[tool.Name] {
			out = append(out, tool)
		}
	}
	return out
}
