package train

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/datagen"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/tokenizer"
	"github.com/tooltune/tooltune/lib/train/tinymodel"
)

// testMaxSeqLength keeps test steps fast on two cores. The tool list of the system turn alone
// is longer than that, so the training fixtures leave it out (see conversations).
const testMaxSeqLength = 128

// conversations generates n examples of the shipped generator's split. Without tools, the
// examples keep all their turns; the system turn (instruction and tool list) would fill the
// whole 128-token budget on its own.
func conversations(split string, n int, withTools bool) ([]dataset.Example, error) {
	gc := datagen.DefaultConfig()
	gc.NumExamples, gc.Split = n, split
	exs, err := datagen.Generate(gc)
	if err != nil {
		return nil, err
	}
	if !withTools {
		for i := range exs {
			exs[i].Tools = nil
		}
	}
	return exs, nil
}

// writeTinyModel writes a tiny model whose tokenizer is trained on the rendered examples.
func writeTinyModel(dir string, exs []dataset.Example) error {
	texts := make([]string, len(exs))
	for i, ex := range exs {
		r, err := chat.Render(ex)
		if err != nil {
			return err
		}
		texts[i] = r.Text
	}
	return tinymodel.Write(dir, tinymodel.DefaultOptions(texts))
}

// fixture is a tiny model with fresh adapters and tokenized training and held-out sets.
type fixture struct {
	model          *model.Model
	adapters       *lora.Adapters
	tok            *tokenizer.Tokenizer
	train, heldout []Sequence
}

// buildFixture loads the model in modelDir (writing it first when absent) and tokenizes
// nTrain/nHeldout generated conversations. The same arguments give the same fixture in any
// process, which the subprocess tests rely on.
func buildFixture(modelDir string, nTrain, nHeldout int, loraCfg lora.Config) (*fixture, error) {
	trainExs, err := conversations(datagen.SplitTrain, nTrain, false)
	if err != nil {
		return nil, err
	}
	heldoutExs, err := conversations(datagen.SplitHeldout, nHeldout, false)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(modelDir, "config.json")); errors.Is(err, os.ErrNotExist) {
		if err := writeTinyModel(modelDir, trainExs); err != nil {
			return nil, err
		}
	}
	backend, err := model.NewBackend()
	if err != nil {
		return nil, err
	}
	f := &fixture{}
	if f.model, err = model.Load(backend, modelDir); err != nil {
		return nil, err
	}
	if f.tok, err = tokenizer.LoadDir(modelDir); err != nil {
		return nil, err
	}
	cfg := TokenizeConfig{MaxSeqLength: testMaxSeqLength}
	if f.train, _, err = Tokenize(trainExs, f.tok, cfg); err != nil {
		return nil, err
	}
	if f.heldout, _, err = Tokenize(heldoutExs, f.tok, cfg); err != nil {
		return nil, err
	}
	if f.adapters, err = lora.Attach(f.model, loraCfg, 7); err != nil {
		return nil, err
	}
	return f, nil
}

func loadFixture(t testing.TB, modelDir string, nTrain, nHeldout int, loraCfg lora.Config) *fixture {
	t.Helper()
	f, err := buildFixture(modelDir, nTrain, nHeldout, loraCfg)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// testConfig is a short run: batch 4, no accumulation, warmup then cosine decay, a log entry
// per step, no checkpoints.
func testConfig(outputDir string) Config {
	cfg := DefaultConfig()
	cfg.OutputDir = outputDir
	cfg.BatchSize, cfg.GradAccumSteps = 4, 1
	cfg.LearningRate = 1e-2
	cfg.WarmupRatio = 0.1
	cfg.EvalSteps, cfg.LoggingSteps = 0, 1
	cfg.SaveStrategy = SaveNo
	cfg.Seed = 11
	return cfg
}
