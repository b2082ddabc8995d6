package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/internal/testenv"
	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/hub"
	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/pipeline"
	"github.com/tooltune/tooltune/lib/train"
	"github.com/tooltune/tooltune/lib/train/tinymodel"
)

func TestChatGeneratesThroughTheTemplate(t *testing.T) {
	texts := make([]string, 40)
	for i := range texts {
		texts[i] = strings.Repeat("<|user|>\nWhat is the weather in Paris?\n<|assistant|>\nSunny.<|end|>\n", 1+i%3)
	}
	opts := tinymodel.DefaultOptions(texts)
	opts.VocabSize = 280
	dir := t.TempDir()
	if err := tinymodel.Write(dir, opts); err != nil {
		t.Fatal(err)
	}
	lm, err := pipeline.LoadModel(context.Background(), dir, nil, hub.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		tools string
		flags []string
		tmpl  chat.Template
	}{
		{"", nil, chat.Compact{}},
		{"get_current_weather", nil, chat.Compact{}}, // the default lists the tool as a signature
		{"get_current_weather", []string{"--chat_template", "original"}, chat.Original{}},
		{"get_current_weather", []string{"--guided_calls"}, chat.Compact{}}, // no call opened: no change
	} {
		args := append([]string{"chat", "--model", dir, "--prompt", "What is the weather in Paris?", "--max_new_tokens", "6", "--tools", tc.tools}, tc.flags...)
		code, out, stderr := runCmd(t, args...)
		if code != 0 {
			t.Fatalf("chat %v exited %d: %s", args, code, stderr)
		}
		// The same prompt through the library gives the same reply.
		if want := libraryReply(t, lm, tc.tmpl, tc.tools); !strings.HasPrefix(out, want+"\n") {
			t.Errorf("chat %v printed %q, want the generated reply %q first", tc.flags, out, want)
		}
	}
}

func TestChatErrors(t *testing.T) {
	for _, args := range [][]string{
		{"chat", "--model", t.TempDir()}, // no prompt
		{"chat", "--model", t.TempDir() + "/none", "--prompt", "hi"},
		{"chat", "--model", t.TempDir(), "--prompt", "hi", "--tools", "/nonexistent.json"},
		{"chat", "--model", t.TempDir(), "--prompt", "hi", "--raw", "--guided_calls"},
	} {
		if code, _, stderr := runCmd(t, args...); code == 0 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want an error", args, code, stderr)
		}
	}
}

// TestChatUsesTheAdapterRecordedTemplate: given an adapter, chat writes the prompt in the
// template its training run recorded, here the original one, not the default compact one.
func TestChatUsesTheAdapterRecordedTemplate(t *testing.T) {
	dir := t.TempDir()
	dataPath := filepath.Join(dir, "d.json")
	modelDir := testenv.TinyModel(t, dataPath, 8)
	data, err := pipeline.PrepareData(pipeline.DataConfig{TrainPath: dataPath, NumTrain: 8}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	tc := train.DefaultConfig()
	tc.OutputDir, tc.Epochs, tc.BatchSize, tc.SaveStrategy = out, 1, 4, "no"
	lc := lora.DefaultConfig()
	lc.R, lc.Alpha = 4, 8
	if _, err := pipeline.Train(context.Background(), pipeline.TrainConfig{ModelName: modelDir, LoRA: lc, Train: tc, MaxSeqLength: 384, ChatTemplate: "original"}, data, io.Discard); err != nil {
		t.Fatal(err)
	}
	code, got, stderr := runCmd(t, "chat", "--model", out, "--prompt", "What is the weather in Paris?", "--tools", "get_current_weather", "--max_new_tokens", "6")
	if code != 0 {
		t.Fatalf("chat exited %d: %s", code, stderr)
	}
	lm, err := pipeline.LoadModel(context.Background(), out, nil, hub.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if want := libraryReply(t, lm, chat.Original{}, "get_current_weather"); !strings.HasPrefix(got, want+"\n") {
		t.Errorf("chat printed %q, want the reply to the original-template prompt %q first", got, want)
	}
}

// libraryReply is what the library generates (6 tokens, greedy) for the chat tests' question
// with the given tools, written in tmpl.
func libraryReply(t *testing.T, lm *pipeline.LoadedModel, tmpl chat.Template, tools string) string {
	t.Helper()
	ex, err := chatExample("What is the weather in Paris?", "", tools)
	if err != nil {
		t.Fatal(err)
	}
	prompt, err := tmpl.RenderPrompt(ex, 1)
	if err != nil {
		t.Fatal(err)
	}
	out, err := lm.Generator(model.GenerateConfig{MaxNewTokens: 6}, 1).Generate([]string{prompt})
	if err != nil {
		t.Fatal(err)
	}
	return out[0]
}
