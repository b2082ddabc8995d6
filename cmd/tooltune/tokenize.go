package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/tooltune/tooltune/lib/tokenizer"
)

func runTokenize(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("tokenize", "[TEXT]", stderr)
	path := fs.String("tokenizer", "", "tokenizer.json, or a model directory holding tokenizer.json (and tokenizer_config.json)")
	textFile := fs.String("text-file", "", "read the text (or, with --decode, the JSON ids) from this file; - for standard input")
	decode := fs.Bool("decode", false, "decode a JSON array of ids back to text instead of encoding")
	addSpecial := fs.Bool("add_special", false, "let the tokenizer's post-processor add its special tokens (a BOS, say)")
	skipSpecial := fs.Bool("skip_special", false, "with --decode, leave special tokens out of the text")
	showTokens := fs.Bool("tokens", false, "print [id, token] pairs instead of bare ids")
	if code, ok := parse(fs, args, 0, 1, stderr); !ok {
		return code
	}
	if *path == "" {
		fmt.Fprintln(stderr, "tooltune tokenize: --tokenizer is required")
		return 2
	}
	tok, err := loadTokenizer(*path)
	if err != nil {
		return fail(stderr, "tokenize", err)
	}
	input, err := readInput(fs.Arg(0), *textFile)
	if err != nil {
		return fail(stderr, "tokenize", err)
	}
	if *decode {
		var ids []int
		if err := json.Unmarshal([]byte(input), &ids); err != nil {
			return fail(stderr, "tokenize", fmt.Errorf("--decode wants a JSON array of ids: %w", err))
		}
		fmt.Fprintln(stdout, tok.Decode(ids, *skipSpecial))
		return 0
	}
	ids, err := tok.Encode(input, *addSpecial)
	if err != nil {
		return fail(stderr, "tokenize", err)
	}
	var out any = ids
	if *showTokens {
		pairs := make([][2]any, len(ids))
		for i, id := range ids {
			s, _ := tok.Token(id)
			pairs[i] = [2]any{id, s}
		}
		out = pairs
	}
	data, err := json.Marshal(out)
	if err != nil {
		return fail(stderr, "tokenize", err)
	}
	fmt.Fprintln(stdout, string(data))
	return 0
}

// loadTokenizer reads a tokenizer.json file or a directory that holds one.
func loadTokenizer(path string) (*tokenizer.Tokenizer, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return tokenizer.LoadDir(path)
	}
	return tokenizer.Load(path)
}

// readInput returns the text given as an argument, else the content of file ("-" or "" with
// no argument: standard input).
func readInput(arg, file string) (string, error) {
	if arg != "" && file != "" {
		return "", fmt.Errorf("give the text as an argument or with --text-file, not both")
	}
	if arg != "" {
		return arg, nil
	}
	if file == "" || file == "-" {
		data, err := io.ReadAll(os.Stdin)
		return string(data), err
	}
	data, err := os.ReadFile(file)
	return string(data), err
}
