package main

import (
	"context"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/hub"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/pipeline"
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
	} {
		args := append([]string{"chat", "--model", dir, "--prompt", "What is the weather in Paris?", "--max_new_tokens", "6", "--tools", tc.tools}, tc.flags...)
		code, out, stderr := runCmd(t, args...)
		if code != 0 {
			t.Fatalf("chat %v exited %d: %s", args, code, stderr)
		}
		// The same prompt through the library gives the same reply.
		ex, err := chatExample("What is the weather in Paris?", "", tc.tools)
		if err != nil {
			t.Fatal(err)
		}
		prompt, err := tc.tmpl.RenderPrompt(ex, 1)
		if err != nil {
			t.Fatal(err)
		}
		want, err := lm.Generator(model.GenerateConfig{MaxNewTokens: 6}, 1).Generate([]string{prompt})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(out, want[0]+"\n") {
			t.Errorf("chat %v printed %q, want the generated reply %q first", tc.flags, out, want[0])
		}
	}
}

func TestChatErrors(t *testing.T) {
	for _, args := range [][]string{
		{"chat", "--model", t.TempDir()}, // no prompt
		{"chat", "--model", t.TempDir() + "/none", "--prompt", "hi"},
		{"chat", "--model", t.TempDir(), "--prompt", "hi", "--tools", "/nonexistent.json"},
	} {
		if code, _, stderr := runCmd(t, args...); code == 0 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want an error", args, code, stderr)
		}
	}
}
