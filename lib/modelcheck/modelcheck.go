// Package modelcheck checks that a model directory is a loadable Hugging Face Llama-family
// model of the kind ToolTune ships: config.json that lib/model parses, model.safetensors with
// exactly the tensors LlamaForCausalLM has for that config (names, shapes, F32 or BF16),
// tokenizer.json and tokenizer_config.json that lib/tokenizer loads, with the chat markers as
// single tokens and bos/eos ids inside the vocabulary, a forward pass with finite logits and,
// optionally, greedy generation that ends its turn with <|end|>.
//
// The checks are what transformers would trip over (a missing or misshapen tensor, an id past
// the embedding table) plus what ToolTune's pipeline needs (the chat markers), so that a
// shipped model directory is verified by the project's own code rather than assumed.
package modelcheck

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gomlx/gomlx/backends"
	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/safetensors"
	"github.com/tooltune/tooltune/lib/tokenizer"
)

// Options says which optional checks to run.
type Options struct {
	// Backend runs the forward pass and generation; nil means model.NewBackend().
	Backend backends.Backend
	// GenerationPrompts, when not empty, are user messages; for each, greedy generation from
	// the chat prompt must produce <|end|> within MaxNewTokens tokens.
	GenerationPrompts []string
	MaxNewTokens      int
}

// Markers lists the chat markers that must each be one token.
func Markers() []string {
	return []string{chat.SystemMarker, chat.UserMarker, chat.AssistantMarker, chat.ToolMarker, chat.EndOfTurn}
}

// Report is what a successful Check found.
type Report struct {
	Config     *model.Config
	Parameters int
	DType      safetensors.DType
	// Generations holds the decoded greedy answer to each of Options.GenerationPrompts.
	Generations []string
}

// Check runs every check on dir and returns the first failure, naming the file and field.
// When only the generation check fails, the report is returned too, with the answers.
func Check(dir string, opts Options) (*Report, error) {
	cfg, err := model.LoadConfig(filepath.Join(dir, "config.json"))
	if err != nil {
		return nil, err
	}
	rep := &Report{Config: cfg}
	if rep.DType, rep.Parameters, err = checkTensors(dir, cfg); err != nil {
		return nil, err
	}
	tok, err := tokenizer.LoadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: tokenizer: %w", dir, err)
	}
	if err := checkTokenizer(dir, tok, cfg); err != nil {
		return nil, err
	}
	if err := checkGenerationConfig(dir, cfg); err != nil {
		return nil, err
	}
	backend := opts.Backend
	if backend == nil {
		if backend, err = model.NewBackend(); err != nil {
			return nil, err
		}
	}
	m, err := model.Load(backend, dir)
	if err != nil {
		return nil, err
	}
	if err := checkForward(m, tok); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	if rep.Generations, err = checkGeneration(m, tok, opts); err != nil {
		return rep, fmt.Errorf("%s: %w", dir, err) // the report shows what the model did write
	}
	return rep, nil
}

// checkTensors compares model.safetensors with the tensors LlamaForCausalLM has for cfg.
func checkTensors(dir string, cfg *model.Config) (safetensors.DType, int, error) {
	st, err := safetensors.OpenDir(dir)
	if err != nil {
		return "", 0, err
	}
	defer st.Close()
	where := filepath.Join(dir, safetensors.SingleFileName)
	want := cfg.Tensors()
	names := st.Names()
	if len(names) != len(want) {
		return "", 0, fmt.Errorf("%s: %d tensors, config.json implies %d", where, len(names), len(want))
	}
	var dtype safetensors.DType
	params := 0
	for _, spec := range want {
		info, ok := st.Info(spec.Name)
		if !ok {
			return "", 0, fmt.Errorf("%s: tensor %s is missing", where, spec.Name)
		}
		if !slices.Equal(info.Shape, spec.Shape) {
			return "", 0, fmt.Errorf("%s: tensor %s has shape %v, config.json implies %v", where, spec.Name, info.Shape, spec.Shape)
		}
		if info.DType != safetensors.F32 && info.DType != safetensors.BF16 {
			return "", 0, fmt.Errorf("%s: tensor %s has dtype %s, want F32 or BF16", where, spec.Name, info.DType)
		}
		if dtype != "" && info.DType != dtype {
			return "", 0, fmt.Errorf("%s: tensor %s is %s but others are %s", where, spec.Name, info.DType, dtype)
		}
		dtype = info.DType
		params += info.NumElements()
	}
	return dtype, params, nil
}

// checkTokenizer checks the markers and that every id the model can be given or asked to
// stop on lies inside the embedding table.
func checkTokenizer(dir string, tok *tokenizer.Tokenizer, cfg *model.Config) error {
	if tok.VocabSize() > cfg.VocabSize {
		return fmt.Errorf("%s: tokenizer.json has %d tokens but config.json vocab_size is %d", dir, tok.VocabSize(), cfg.VocabSize)
	}
	for _, marker := range Markers() {
		ids, err := tok.Encode("a"+marker+"b", false)
		if err != nil {
			return fmt.Errorf("%s: encoding %s: %w", dir, marker, err)
		}
		id, ok := tok.TokenID(marker)
		if !ok || !slices.Contains(ids, id) {
			return fmt.Errorf("%s: tokenizer.json: chat marker %s is not a single token", dir, marker)
		}
	}
	tcPath := filepath.Join(dir, "tokenizer_config.json")
	for _, f := range []struct {
		field string
		get   func() (int, bool)
	}{{"bos_token", tok.BOS}, {"eos_token", tok.EOS}} {
		id, ok := f.get()
		if !ok {
			return fmt.Errorf("%s: field %s: missing or not a token of tokenizer.json", tcPath, f.field)
		}
		if id < 0 || id >= cfg.VocabSize {
			return fmt.Errorf("%s: field %s: id %d outside vocab_size %d", tcPath, f.field, id, cfg.VocabSize)
		}
	}
	eos, _ := tok.EOS()
	if !slices.Contains(cfg.EOSTokenIDs, eos) {
		return fmt.Errorf("%s: field eos_token_id: %v does not include tokenizer_config.json's eos_token (id %d)",
			filepath.Join(dir, "config.json"), cfg.EOSTokenIDs, eos)
	}
	if bos, _ := tok.BOS(); cfg.BOSTokenID >= 0 && cfg.BOSTokenID != bos {
		return fmt.Errorf("%s: field bos_token_id: %d, but tokenizer_config.json's bos_token is id %d",
			filepath.Join(dir, "config.json"), cfg.BOSTokenID, bos)
	}
	return nil
}

// checkGenerationConfig checks generation_config.json, when present, against config.json.
func checkGenerationConfig(dir string, cfg *model.Config) error {
	path := filepath.Join(dir, "generation_config.json")
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var gc struct {
		EOS json.RawMessage `json:"eos_token_id"`
	}
	if err := json.Unmarshal(data, &gc); err != nil {
		return fmt.Errorf("%s: invalid JSON: %w", path, err)
	}
	var eos []int
	if err := json.Unmarshal(gc.EOS, &eos); err != nil {
		var one int
		if err := json.Unmarshal(gc.EOS, &one); err != nil {
			return fmt.Errorf("%s: field eos_token_id: want an id or a list of ids, got %s", path, gc.EOS)
		}
		eos = []int{one}
	}
	for _, id := range eos {
		if !slices.Contains(cfg.EOSTokenIDs, id) {
			return fmt.Errorf("%s: field eos_token_id: %d is not an eos_token_id of config.json %v", path, id, cfg.EOSTokenIDs)
		}
	}
	return nil
}

// chatPrompt renders a one-message conversation up to the assistant's turn and encodes it.
func chatPrompt(tok *tokenizer.Tokenizer, user string) ([]int, error) {
	ex := dataset.Example{Messages: []dataset.Message{{Role: dataset.RoleUser, Content: user}}}
	text, err := chat.RenderPrompt(ex, 1)
	if err != nil {
		return nil, err
	}
	return tok.Encode(text, true)
}

func checkForward(m *model.Model, tok *tokenizer.Tokenizer) error {
	ids, err := chatPrompt(tok, "Hello! What is the capital of France?")
	if err != nil {
		return err
	}
	row := make([]int32, len(ids))
	for i, id := range ids {
		row[i] = int32(id)
	}
	out, err := m.Logits(model.Batch{Tokens: [][]int32{row}})
	if err != nil {
		return fmt.Errorf("forward pass: %w", err)
	}
	for i, v := range out.Data {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("forward pass: logit %d (position %d, token %d) is %g", i, i/out.Vocab, i%out.Vocab, v)
		}
	}
	return nil
}

func checkGeneration(m *model.Model, tok *tokenizer.Tokenizer, opts Options) ([]string, error) {
	if len(opts.GenerationPrompts) == 0 {
		return nil, nil
	}
	if opts.MaxNewTokens <= 0 {
		return nil, fmt.Errorf("generation check: MaxNewTokens must be positive, got %d", opts.MaxNewTokens)
	}
	end, ok := tok.TokenID(chat.EndOfTurn)
	if !ok {
		return nil, fmt.Errorf("generation check: %s is not a token", chat.EndOfTurn)
	}
	prompts := make([][]int, len(opts.GenerationPrompts))
	for i, p := range opts.GenerationPrompts {
		var err error
		if prompts[i], err = chatPrompt(tok, p); err != nil {
			return nil, err
		}
	}
	outs, err := m.Generate(prompts, model.GenerateConfig{MaxNewTokens: opts.MaxNewTokens, StopTokens: []int{end}})
	if err != nil {
		return nil, fmt.Errorf("generation check: %w", err)
	}
	texts := make([]string, len(outs))
	for i, out := range outs {
		texts[i] = tok.Decode(out, false)
		if len(out) == 0 || out[len(out)-1] != end {
			return texts, fmt.Errorf("generation check: the answer to %q did not end with %s within %d tokens: %q",
				opts.GenerationPrompts[i], chat.EndOfTurn, opts.MaxNewTokens, texts[i])
		}
		texts[i] = strings.TrimSuffix(texts[i], chat.EndOfTurn)
	}
	return texts, nil
}
