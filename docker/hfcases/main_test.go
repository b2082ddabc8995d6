package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/tokenizer"
)

func TestWritesTextsWithTheirIDs(t *testing.T) {
	dir := filepath.Join("..", "..", "models", "tooltune-tiny")
	out := filepath.Join(t.TempDir(), "cases.json")
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-model", dir, "-out", out, "-conversations", "2", "-logits_tokens", "50"}, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v (%s)", err, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var c Cases
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Texts) != 7 || len(c.IDs) != 7 {
		t.Fatalf("got %d texts and %d id lists, want 7 and 7", len(c.Texts), len(c.IDs))
	}
	if !strings.Contains(c.Texts[0], "<|assistant|>") {
		t.Errorf("first text is not a rendered conversation: %.80q", c.Texts[0])
	}
	tok, err := tokenizer.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, ids := range c.IDs {
		if got := tok.Decode(ids, false); got != c.Texts[i] {
			t.Errorf("text %d: ids decode to %.60q, want %.60q", i, got, c.Texts[i])
		}
	}
	printed := strings.Split(strings.TrimSpace(stdout.String()), ",")
	if len(printed) != 50 {
		t.Errorf("printed %d ids, want the first 50", len(printed))
	}
}

func TestRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{{}, {"-model", "x"}, {"-model", "x", "-out", "y", "-conversations", "0"}, {"-model", "x", "-out", "y", "extra"}} {
		if err := run(args, &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
			t.Errorf("run(%q) succeeded, want an error", args)
		}
	}
}
