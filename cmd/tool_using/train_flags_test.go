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
