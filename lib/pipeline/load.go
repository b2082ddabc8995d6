package pipeline

import (
	"context"
	"fmt"

	"github.com/gomlx/gomlx/backends"
	"github.com/tooltune/tooltune/lib/hub"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/tokenizer"
)

// LoadedModel is a base model ready to run: its weights, its tokenizer and where they came from.
type LoadedModel struct {
	Model     *model.Model
	Tokenizer *tokenizer.Tokenizer
	// Dir is the directory the model was read from (a local path or a Hugging Face cache snapshot).
	Dir string
}

// LoadModel resolves name (a local directory or a Hugging Face model id found in the local
// cache; downloaded only when hubCfg.AllowDownload is set) and loads its weights and
// tokenizer on backend (nil means model.NewBackend()).
func LoadModel(ctx context.Context, name string, backend backends.Backend, hubCfg hub.Config) (*LoadedModel, error) {
	dir, err := hub.Resolve(ctx, name, hubCfg)
	if err != nil {
		return nil, err
	}
	if backend == nil {
		if backend, err = model.NewBackend(); err != nil {
			return nil, err
		}
	}
	m, err := model.Load(backend, dir)
	if err != nil {
		return nil, err
	}
	tok, err := tokenizer.LoadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", name, err)
	}
	if tok.VocabSize() > m.Config.VocabSize {
		return nil, fmt.Errorf("model %s: the tokenizer has %d tokens but the model only %d embeddings", name, tok.VocabSize(), m.Config.VocabSize)
	}
	return &LoadedModel{Model: m, Tokenizer: tok, Dir: dir}, nil
}

// Generator returns a text generator over the model with the given settings.
func (l *LoadedModel) Generator(cfg model.GenerateConfig, batchSize int) *TextGenerator {
	return &TextGenerator{Model: l.Model, Tokenizer: l.Tokenizer, Config: cfg, BatchSize: batchSize}
}

// DefaultModel is the base model used when none is named: the tiny Llama-family model that
// ships in models/, trained by cmd/make-base-model on general chat (never on tool calls).
const DefaultModel = "models/tooltune-tiny"
