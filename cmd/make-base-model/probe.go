package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gomlx/gomlx/backends"
	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/corpus"
	"github.com/tooltune/tooltune/lib/datagen"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/hub"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/pipeline"
	"github.com/tooltune/tooltune/lib/tools"
)

// probeSeedOffset separates the copy probe's requests from the training and held-out corpora.
const probeSeedOffset = 2_000_003

// probeResult counts exact answers to the copy probe.
type probeResult struct {
	Exact, Total int
	Misses       []sample // the first few wrong answers, for the model card
}

// copyProbe measures the ability tool-use fine-tuning builds on: copying words the model has
// never seen from the prompt into its answer. It asks the model n first requests of
// lib/corpus's copy and lookup kinds (repeat this, write this as JSON, which listed item fits)
// drawn from a seed no training used, and counts the answers equal to the reference. A base
// model that scores near zero here writes tool names and arguments by guessing, whatever the
// fine-tuning does.
func copyProbe(lm *pipeline.LoadedModel, seed uint64, n int) (probeResult, error) {
	exs, err := corpus.Generate(corpus.Config{NumExamples: n, Seed: seed + probeSeedOffset,
		KindWeights: map[string]float64{corpus.KindCopy: 2, corpus.KindLookup: 1}})
	if err != nil {
		return probeResult{}, err
	}
	prompts, wants := make([]string, n), make([]string, n)
	for i, ex := range exs {
		user := 0
		if ex.Messages[0].Role == dataset.RoleSystem {
			user = 1
		}
		if prompts[i], err = chat.RenderPrompt(dataset.Example{Messages: ex.Messages[:user+1]}, user+1); err != nil {
			return probeResult{}, fmt.Errorf("copy probe request %d: %w", i, err)
		}
		wants[i] = ex.Messages[user+1].Content
	}
	answers, err := answerGreedily(lm, prompts)
	if err != nil {
		return probeResult{}, fmt.Errorf("copy probe: %w", err)
	}
	res := probeResult{Total: n}
	for i, a := range answers {
		if strings.TrimSuffix(strings.TrimSpace(a), chat.EndOfTurn) == wants[i] {
			res.Exact++
		} else if len(res.Misses) < 3 {
			res.Misses = append(res.Misses, sample{wants[i], a})
		}
	}
	return res, nil
}

// answerGreedily continues each prompt greedily, up to maxSampleTokens tokens.
func answerGreedily(lm *pipeline.LoadedModel, prompts []string) ([]string, error) {
	return lm.Generator(model.GenerateConfig{MaxNewTokens: maxSampleTokens}, 16).Generate(prompts)
}

// runProbes loads the model in dir once and runs the copy probe (seeded with seed) and the
// catalog probe on it.
func runProbes(dir string, backend backends.Backend, seed uint64) (probeResult, catalogResult, error) {
	lm, err := pipeline.LoadModel(context.Background(), dir, backend, hub.Config{})
	if err != nil {
		return probeResult{}, catalogResult{}, err
	}
	cp, err := copyProbe(lm, seed, probeRequests)
	if err != nil {
		return cp, catalogResult{}, err
	}
	cat, err := catalogProbe(lm, catalogProbeRequests)
	return cp, cat, err
}

// catalogProbeRequests is the number of catalog probe requests (see catalogProbe).
const catalogProbeRequests = 120

// catalogProbeSeed draws the catalog probe's tool requests; any seed the default run and its
// held-out set do not use.
const catalogProbeSeed = 3_000_017

// catalogResult counts the catalog probe's answers.
type catalogResult struct {
	CallCases, RightForm, RightFields int // requests that need a call; first form right; and its fields too
	NoCallCases, NoForm               int // requests that need none (no tool fits, a value is missing); answered without a form
}

// catalogProbe measures whether the model reads a catalog it has never seen: n held-out
// requests for lib/datagen's basic tools (two offered per request, as in the default run)
// with the tools written as forms in lib/corpus's catalog format, which is the format the
// form and catalog kinds train. The model answers with no fine-tuning, so a call request
// scores when its first line names the first expected tool (RightForm) and the JSON after it
// equals that call's arguments (RightFields); a request that needs no call scores when the
// answer names no form. This is the skill fine-tuning builds on: a base that scores zero
// here has to learn to read the tool list from the few thousand fine-tuning examples.
func catalogProbe(lm *pipeline.LoadedModel, n int) (catalogResult, error) {
	gc := datagen.DefaultConfig()
	gc.NumExamples, gc.Seed, gc.Split, gc.ToolsPerExample = n, catalogProbeSeed, datagen.SplitHeldout, 2
	reg, err := tools.Select("basic")
	if err != nil {
		return catalogResult{}, err
	}
	gc.Registry, gc.SkipUnsupported = reg, true
	exs, err := datagen.Generate(gc)
	if err != nil {
		return catalogResult{}, fmt.Errorf("catalog probe requests: %w", err)
	}
	prompts := make([]string, len(exs))
	wants := make([][]dataset.ToolCall, len(exs))
	forms := make([]map[string]bool, len(exs))
	for i, ex := range exs {
		system, names, err := toolCatalog(ex.Tools)
		if err != nil {
			return catalogResult{}, fmt.Errorf("catalog probe request %d: %w", i, err)
		}
		u := slices.IndexFunc(ex.Messages, func(m dataset.Message) bool { return m.Role == dataset.RoleUser })
		msgs := []dataset.Message{{Role: dataset.RoleSystem, Content: system}, ex.Messages[u]}
		if prompts[i], err = chat.RenderPrompt(dataset.Example{Messages: msgs}, 2); err != nil {
			return catalogResult{}, fmt.Errorf("catalog probe request %d: %w", i, err)
		}
		if u+1 < len(ex.Messages) {
			wants[i] = ex.Messages[u+1].ToolCalls
		}
		forms[i] = names
	}
	answers, err := answerGreedily(lm, prompts)
	if err != nil {
		return catalogResult{}, fmt.Errorf("catalog probe: %w", err)
	}
	var res catalogResult
	for i, a := range answers {
		lines := strings.Split(strings.TrimSuffix(strings.TrimSpace(a), chat.EndOfTurn), "\n")
		if len(wants[i]) == 0 {
			res.NoCallCases++
			if !forms[i][strings.TrimSpace(lines[0])] {
				res.NoForm++
			}
			continue
		}
		res.CallCases++
		if strings.TrimSpace(lines[0]) != wants[i][0].Name {
			continue
		}
		res.RightForm++
		if len(lines) > 1 && sameJSON(lines[1], wants[i][0].Parameters) {
			res.RightFields++
		}
	}
	return res, nil
}

// toolCatalog writes tools as a catalog system message (corpus.CatalogHeader, then one line
// per tool: its name as the form, its description as the purpose, its parameter schema as the
// fields, with the ", " and ": " separators of the corpus) and returns the form names.
func toolCatalog(list []tools.Tool) (string, map[string]bool, error) {
	lines := []string{corpus.CatalogHeader("the town hall")}
	names := map[string]bool{}
	for _, t := range list {
		fields, err := json.Marshal(t.Parameters)
		if err != nil {
			return "", nil, fmt.Errorf("tool %s: %w", t.Name, err)
		}
		lines = append(lines, fmt.Sprintf("{\"form\": %q, \"purpose\": %q, \"fields\": %s}", t.Name, t.Description, tools.PythonSpacing(fields)))
		names[t.Name] = true
	}
	return strings.Join(lines, "\n"), names, nil
}

// sameJSON reports whether text is a JSON object equal to want (tools.ValuesEqual: numbers
// compared as numbers).
func sameJSON(text string, want map[string]any) bool {
	var got map[string]any
	if json.Unmarshal([]byte(strings.TrimSpace(text)), &got) != nil {
		return false
	}
	return tools.ValuesEqual(want, got)
}

// printProbes runs both probes on the model in o.Out and prints their scores.
func printProbes(o options, w io.Writer) error {
	cp, cat, err := runProbes(o.Out, nil, o.Seed)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s\n%s\n", cp, cat)
	return nil
}

// String is the copy probe's line in logs.
func (r probeResult) String() string { return fmt.Sprintf("copy probe: %d/%d exact", r.Exact, r.Total) }

// String is the catalog probe's line in logs and the model card.
func (r catalogResult) String() string {
	return fmt.Sprintf("catalog probe: right form for %d of %d tool requests (fields too: %d); no form for %d of %d that need no call",
		r.RightForm, r.CallCases, r.RightFields, r.NoForm, r.NoCallCases)
}
