package pipeline

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/tooltune/tooltune/lib/hub"
	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/model"
)

// TestLoadModelAttachesAnAdapterDirectory saves an adapter with non-zero weights and loads it
// by its directory: the result must be the base model named in adapter_config.json with the
// adapter attached, giving the same logits as the adapted model in memory, not the base's.
func TestLoadModelAttachesAnAdapterDirectory(t *testing.T) {
	lm := tinyModel(t)
	batch := model.Batch{Tokens: [][]int32{{1, 5, 9, 14, 20, 33}}}
	baseLogits := logitsOf(t, lm.Model, batch)

	cfg := lora.DefaultConfig()
	cfg.BaseModel = lm.Dir
	adapters, err := lora.Attach(lm.Model, cfg, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range adapters.Variables() { // give every lora_B a value, so the adapter matters
		if strings.HasSuffix(adapters.TensorNames()[i], "lora_B.weight") {
			dims := v.Shape().Dimensions
			data := make([]float32, dims[0]*dims[1])
			for j := range data {
				data[j] = float32(math.Sin(float64(i*1000+j))) * 0.05
			}
			if err := v.SetValue(tensors.FromFlatDataAndDimensions(data, dims...)); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := logitsOf(t, lm.Model, batch)
	dir := filepath.Join(t.TempDir(), "checkpoint-10")
	if err := adapters.Save(dir); err != nil {
		t.Fatal(err)
	}

	loaded, err := LoadModel(context.Background(), dir, nil, hub.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if loaded.Adapter != dir || loaded.Dir != lm.Dir {
		t.Errorf("loaded %q with adapter %q, want base %q with adapter %q", loaded.Dir, loaded.Adapter, lm.Dir, dir)
	}
	got := logitsOf(t, loaded.Model, batch)
	var maxDiff, maxFromBase float64
	for i := range want {
		maxDiff = max(maxDiff, math.Abs(float64(got[i]-want[i])))
		maxFromBase = max(maxFromBase, math.Abs(float64(want[i]-baseLogits[i])))
	}
	if maxDiff > 1e-5 || maxFromBase < 1e-3 {
		t.Errorf("adapter loaded by directory: logits differ from the adapted model by %g (want <= 1e-5); the adapter moves them by %g (want > 1e-3)", maxDiff, maxFromBase)
	}
}

func logitsOf(t *testing.T, m *model.Model, batch model.Batch) []float32 {
	t.Helper()
	out, err := m.Logits(batch)
	if err != nil {
		t.Fatal(err)
	}
	return out.Data
}
