// Command hfcases writes the inputs of docker/check_hf_model.py for a model directory: texts
// (rendered tool-use conversations from lib/datagen, then short texts with spacing, JSON,
// accents, CJK, emoji and chat markers) and the ids ToolTune's tokenizer gives them, as JSON
// {"texts": [...], "ids": [[...]]}. It prints the first text's ids, cut to -logits_tokens,
// comma-separated, for docker/modellogits -ids, so both sides run the same real conversation.
//
//	ids=$(go run ./docker/hfcases -model DIR -out cases.json)
//	go run ./docker/modellogits -model DIR -ids "$ids" -out go.npy
//	python3 docker/check_hf_model.py --model DIR --cases cases.json --go-logits go.npy
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/tooltune/tooltune/internal/atomicfile"
	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/datagen"
	"github.com/tooltune/tooltune/lib/tokenizer"
)

// Cases is the file's content.
type Cases struct {
	Texts []string `json:"texts"`
	IDs   [][]int  `json:"ids"`
}

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "hfcases:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hfcases", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("model", "", "model directory with tokenizer.json (and tokenizer_config.json)")
	out := fs.String("out", "", "the JSON file to write")
	conversations := fs.Int("conversations", 6, "rendered tool-use conversations among the texts")
	logitsTokens := fs.Int("logits_tokens", 384, "ids of the first text printed for modellogits")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	case *dir == "" || *out == "":
		return errors.New("-model and -out are required")
	case *conversations < 1 || *logitsTokens < 1:
		return errors.New("-conversations and -logits_tokens must be positive")
	}
	tok, err := tokenizer.LoadDir(*dir)
	if err != nil {
		return err
	}
	texts, err := caseTexts(*conversations)
	if err != nil {
		return err
	}
	c := Cases{Texts: texts}
	for i, t := range texts {
		ids, err := tok.Encode(t, false)
		if err != nil {
			return fmt.Errorf("text %d: %w", i, err)
		}
		c.IDs = append(c.IDs, ids)
	}
	data, err := json.MarshalIndent(c, "", " ")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(*out, data); err != nil {
		return err
	}
	first := c.IDs[0][:min(len(c.IDs[0]), *logitsTokens)]
	parts := make([]string, len(first))
	for i, id := range first {
		parts[i] = strconv.Itoa(id)
	}
	_, err = fmt.Fprintln(stdout, strings.Join(parts, ","))
	return err
}

// caseTexts returns n rendered tool-use conversations (seed 7) and the short edge cases.
func caseTexts(n int) ([]string, error) {
	cfg := datagen.DefaultConfig()
	cfg.NumExamples, cfg.Seed = n, 7
	exs, err := datagen.Generate(cfg)
	if err != nil {
		return nil, err
	}
	var texts []string
	for i, ex := range exs {
		r, err := chat.Render(ex)
		if err != nil {
			return nil, fmt.Errorf("conversation %d: %w", i, err)
		}
		texts = append(texts, r.Text)
	}
	return append(texts,
		"Hello! My name is Anna.",
		"  two  spaces,\ttabs\nand newlines\n\n",
		`{"city": "Zürich", "temp_c": -3.5, "ok": true}`,
		"naïve café — 東京 🙂 ",
		"<|user|>What is 12 plus 30?<|end|>\n<|assistant|>",
	), nil
}
