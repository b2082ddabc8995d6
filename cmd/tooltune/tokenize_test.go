package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The trainer's fixture tokenizer, with ids that transformers.js produced for these texts.
const (
	fixtureTokenizer = "../../lib/tokenizer/trainer/testdata/trained/tokenizer.json"
	fixtureIDs       = "../../lib/tokenizer/trainer/testdata/trained/expected_ids.json"
)

func TestTokenizeMatchesReferenceIDs(t *testing.T) {
	data, err := os.ReadFile(fixtureIDs)
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Cases []struct {
			Text string `json:"text"`
			IDs  []int  `json:"ids"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Cases) == 0 {
		t.Fatal("no reference cases")
	}
	dir := t.TempDir()
	for i, c := range ref.Cases {
		textFile := filepath.Join(dir, "text.txt")
		if err := os.WriteFile(textFile, []byte(c.Text), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, stderr := runCmd(t, "tokenize", "--tokenizer", fixtureTokenizer, "--text-file", textFile)
		if code != 0 {
			t.Fatalf("case %d: exit %d: %s", i, code, stderr)
		}
		want, _ := json.Marshal(c.IDs)
		if got := strings.TrimSpace(out); got != string(want) {
			t.Errorf("case %d %q:\n got %s\nwant %s", i, c.Text, got, want)
		}
		code, out, stderr = runCmd(t, "tokenize", "--tokenizer", fixtureTokenizer, "--decode", string(want))
		if code != 0 {
			t.Fatalf("case %d decode: exit %d: %s", i, code, stderr)
		}
		if got := strings.TrimSuffix(out, "\n"); got != c.Text {
			t.Errorf("case %d: decode gave %q, want %q", i, got, c.Text)
		}
	}
}

func TestTokenizeErrors(t *testing.T) {
	for _, args := range [][]string{
		{"tokenize", "hello"}, // no tokenizer
		{"tokenize", "--tokenizer", "/nonexistent/tokenizer.json", "hello"},
		{"tokenize", "--tokenizer", fixtureTokenizer, "--decode", "[1, two]"},
		{"tokenize", "--tokenizer", fixtureTokenizer, "--text-file", "/nonexistent.txt"},
	} {
		if code, _, stderr := runCmd(t, args...); code == 0 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want an error", args, code, stderr)
		}
	}
}
