package lora

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tooltune/tooltune/internal/atomicfile"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/safetensors"
)

// MergedWeights returns every decoder tensor of the base model with the adapters folded in,
// W' = W + scale·B·A, in the order of Config.Tensors. The model itself is not changed. The
// product is accumulated in float64 and rounded once, so W' is as close to the exact sum as
// float32 allows.
func (a *Adapters) MergedWeights() ([]model.TensorSpec, [][]float32, error) {
	specs, values, err := a.model.Weights()
	if err != nil {
		return nil, nil, fmt.Errorf("lora: merge: %w", err)
	}
	adapters, _, err := a.Values()
	if err != nil {
		return nil, nil, err
	}
	index := map[string]int{}
	for i, s := range specs {
		index[s.Name] = i
	}
	scale := a.Config.Scale()
	for k, module := range a.modules {
		name := module + ".weight"
		if module == model.LMHead && a.model.Config.TieWordEmbeddings {
			return nil, nil, errors.New("lora: merge: an adapter on a tied lm_head would change the embeddings too; untie the model first")
		}
		i, ok := index[name]
		if !ok {
			return nil, nil, fmt.Errorf("lora: merge: model has no weight %s", name)
		}
		out, in := specs[i].Shape[0], specs[i].Shape[1]
		values[i] = addLowRank(values[i], adapters[2*k+1], adapters[2*k], out, a.Config.R, in, scale)
	}
	return specs, values, nil
}

// addLowRank returns w + scale·b·a for w [out, in], b [out, r] and a [r, in], all row-major.
func addLowRank(w, b, a []float32, out, r, in int, scale float64) []float32 {
	merged := make([]float32, len(w))
	for o := range out {
		for j := range in {
			var sum float64
			for k := range r {
				sum += float64(b[o*r+k]) * float64(a[k*in+j])
			}
			merged[o*in+j] = float32(float64(w[o*in+j]) + scale*sum)
		}
	}
	return merged
}

// SaveMerged writes a standalone model with the adapters merged in, in the Hugging Face
// layout: config.json and the tokenizer files copied from baseDir (the base model's
// directory), and model.safetensors with the merged float32 weights. The result loads with
// model.Load (or transformers) without any adapter.
func (a *Adapters) SaveMerged(dir, baseDir string) error {
	specs, values, err := a.MergedWeights()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("lora: %w", err)
	}
	for _, name := range []string{"config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"} {
		err := atomicfile.CopyFile(filepath.Join(baseDir, name), filepath.Join(dir, name))
		if err != nil && !(errors.Is(err, os.ErrNotExist) && name != "config.json") {
			return fmt.Errorf("lora: saving merged model: %w", err)
		}
	}
	ts := make([]safetensors.Tensor, len(specs))
	for i, s := range specs {
		if ts[i], err = safetensors.FromFloat32(s.Name, s.Shape, values[i], safetensors.F32); err != nil {
			return fmt.Errorf("lora: %w", err)
		}
	}
	if err := safetensors.Write(filepath.Join(dir, safetensors.SingleFileName), ts, map[string]string{"format": "pt"}); err != nil {
		return fmt.Errorf("lora: saving merged model: %w", err)
	}
	return nil
}
