package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gomlx/gomlx/backends"
	"github.com/tooltune/tooltune/lib/hub"
	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/tokenizer"
)

// LoadedModel is a base model ready to run: its weights, its tokenizer and where they came from.
type LoadedModel struct {
	Model     *model.Model
	Tokenizer *tokenizer.Tokenizer
	// Dir is the directory the model was read from (a local path or a Hugging Face cache snapshot).
	Dir string
	// Adapter is the LoRA adapter directory attached to the model, "" for a plain model.
	Adapter string
}

// LoadModel resolves name (a local directory or a Hugging Face model id found in the local
// cache; downloaded only when hubCfg.AllowDownload is set) and loads its weights and
// tokenizer on backend (nil means model.NewBackend()).
//
// name may also be a LoRA adapter directory (adapter_config.json, as every training checkpoint
// is): its base model, named by base_model_name_or_path and resolved the same way (a relative
// path from the current directory, as PEFT does), is loaded with the adapter attached, so a
// checkpoint can be chatted with or evaluated by the name of its directory.
func LoadModel(ctx context.Context, name string, backend backends.Backend, hubCfg hub.Config) (*LoadedModel, error) {
	if !lora.IsAdapterDir(name) {
		return loadBaseModel(ctx, name, backend, hubCfg)
	}
	base, err := adapterBaseModel(name)
	if err != nil {
		return nil, err
	}
	lm, err := loadBaseModel(ctx, base, backend, hubCfg)
	if err != nil {
		return nil, fmt.Errorf("adapter %s: base model: %w", name, err)
	}
	if _, err := lora.Load(lm.Model, name); err != nil {
		return nil, err
	}
	lm.Adapter = name
	return lm, nil
}

// loadBaseModel is LoadModel for a model directory or id (never an adapter).
func loadBaseModel(ctx context.Context, name string, backend backends.Backend, hubCfg hub.Config) (*LoadedModel, error) {
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

// adapterBaseModel reads base_model_name_or_path from an adapter's adapter_config.json.
func adapterBaseModel(dir string) (string, error) {
	path := filepath.Join(dir, lora.ConfigFile)
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading the base model name: %w", err)
	}
	cfg, err := lora.ParseConfig(data, path)
	if err != nil {
		return "", err
	}
	if cfg.BaseModel == "" {
		return "", errors.New(path + ": no base_model_name_or_path")
	}
	return cfg.BaseModel, nil
}
