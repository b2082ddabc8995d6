package main

import (
	"io"
	"slices"
	"testing"

	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/pipeline"
)

func TestLoraModulesToSaveFlag(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{nil, []string{pipeline.AutoModulesToSave}},
		{[]string{"--lora_modules_to_save", "none"}, nil},
		{[]string{"--lora_modules_to_save", ""}, nil},
		{[]string{"--lora_modules_to_save", " embed_tokens "}, []string{lora.EmbedTokens}},
	}
	for _, tc := range tests {
		o, err := parseFlags(tc.args, io.Discard)
		if err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		if got := loraConfig(o).ModulesToSave; !slices.Equal(got, tc.want) {
			t.Errorf("%v: modules_to_save %q, want %q", tc.args, got, tc.want)
		}
	}
}

// TestLearningRateFlags: the per-tensor learning-rate flags reach the trainer's config.
func TestLearningRateFlags(t *testing.T) {
	tests := []struct {
		args              []string
		wantEmb, wantPlus float64
	}{
		{nil, 3e-4, 0},
		{[]string{"--embedding_learning_rate", "0"}, 0, 0},
		{[]string{"--embedding_learning_rate", "1e-3"}, 1e-3, 0},
		{[]string{"--loraplus_lr_ratio", "16"}, 3e-4, 16},
	}
	for _, tc := range tests {
		o, err := parseFlags(tc.args, io.Discard)
		if err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		cfg := trainConfig(o, io.Discard)
		if cfg.EmbeddingLearningRate != tc.wantEmb || cfg.LoraPlusRatio != tc.wantPlus {
			t.Errorf("%v: embedding lr %g, LoRA+ ratio %g; want %g, %g", tc.args, cfg.EmbeddingLearningRate, cfg.LoraPlusRatio, tc.wantEmb, tc.wantPlus)
		}
	}
}

// TestSharedPrefixBatchesFlag: --shared_prefix_batches (on by default) reaches the trainer's
// config.
func TestSharedPrefixBatchesFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{nil, true},
		{[]string{"--shared_prefix_batches"}, true},
		{[]string{"--shared_prefix_batches=false"}, false},
	} {
		o, err := parseFlags(tc.args, io.Discard)
		if err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		if got := trainConfig(o, io.Discard).SharedPrefixes; got != tc.want {
			t.Errorf("%v: shared prefixes %v, want %v", tc.args, got, tc.want)
		}
	}
}
