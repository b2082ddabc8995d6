package model_test

import (
	"fmt"
	"log"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/tooltune/tooltune/lib/model"
)

func ExampleModel_Generate() {
	backend, err := model.NewBackend()
	if err != nil {
		log.Fatal(err)
	}
	m, err := model.Load(backend, "testdata/fixtures/llama_gqa_tied")
	if err != nil {
		log.Fatal(err)
	}
	prompts := [][]int{{29, 21, 80}, {108, 42, 81, 20, 67}}
	out, err := m.Generate(prompts, model.GenerateConfig{MaxNewTokens: 5, StopTokens: m.Config.EOSTokenIDs})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(out), "continuations")
}

// An adapter wraps Model.Linear for the modules it targets.
func ExampleModel_LinearFn() {
	backend, err := model.NewBackend()
	if err != nil {
		log.Fatal(err)
	}
	m, err := model.Load(backend, "testdata/fixtures/llama_untied")
	if err != nil {
		log.Fatal(err)
	}
	m.LinearFn = func(ctx *context.Context, x *graph.Node, module string) *graph.Node {
		y := m.Linear(ctx, x, module)
		if module == model.LayerModule(0, model.QProj) {
			// An adapter would add its low-rank term here, e.g. with model.MatMulTFor.
			y = graph.MulScalar(y, 1)
		}
		return y
	}
	logits, err := m.Logits(model.Batch{Tokens: [][]int32{{1, 2, 3}}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(logits.Batch, logits.Seq, logits.Vocab)
}
