package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/tooltune/tooltune/lib/datagen"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

func runGenerate(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("generate", "", stderr)
	cfg := datagen.DefaultConfig()
	out := fs.String("out", "tool_usage_dataset.json", "output file (.json array or .jsonl)")
	fs.IntVar(&cfg.NumExamples, "num_examples", cfg.NumExamples, "number of examples")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "random seed: the same seed gives the same file")
	fs.StringVar(&cfg.Split, "split", cfg.Split, "train, or heldout for phrasings and values never used in train")
	fs.StringVar(&cfg.ValueSplit, "values", "", "train or heldout: the split whose values (cities, people, ...) fill the phrasings (default: -split's)")
	fs.Float64Var(&cfg.Noise, "noise", cfg.Noise, "probability of casing and punctuation noise in a user message")
	fs.IntVar(&cfg.ToolsPerExample, "tools_per_example", cfg.ToolsPerExample, "tools offered per example (0: 3 to 6, varied)")
	mix := fs.String("scenario_weights", "", datagen.ScenarioWeightsUsage())
	toolsArg := fs.String("tools", "builtin", "tools to generate data for: \"builtin\" (all 19), \"basic\" (the 11 whose arguments come from the request's words), built-in tool names (comma-separated), or a JSON file of tool schemas")
	if code, ok := parse(fs, args, 0, 0, stderr); !ok {
		return code
	}
	reg, err := tools.Select(*toolsArg)
	if err != nil {
		return fail(stderr, "generate", err)
	}
	cfg.Registry, cfg.SkipUnsupported = reg, true
	if *mix != "" {
		if cfg.ScenarioWeights, err = datagen.ParseScenarioWeights(*mix); err != nil {
			return fail(stderr, "generate", fmt.Errorf("-scenario_weights: %w", err))
		}
	}
	exs, err := datagen.Generate(cfg)
	if err != nil {
		return fail(stderr, "generate", err)
	}
	if err := dataset.Validate(*out, exs).Err(); err != nil {
		return fail(stderr, "generate", fmt.Errorf("generated data is invalid (a generator bug): %w", err))
	}
	if err := dataset.Save(*out, exs); err != nil {
		return fail(stderr, "generate", err)
	}
	fmt.Fprintf(stdout, "Wrote %d %s examples to %s\n\n", len(exs), cfg.Split, *out)
	st := dataset.Stats(exs)
	if err := st.WriteTable(stdout); err != nil {
		return fail(stderr, "generate", err)
	}
	return 0
}

func runValidate(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("validate", "FILE...", stderr)
	if code, ok := parse(fs, args, 1, -1, stderr); !ok {
		return code
	}
	bad := 0
	for _, path := range fs.Args() {
		exs, err := dataset.Load(path)
		if err != nil {
			fmt.Fprintln(stdout, err)
			bad++
			continue
		}
		problems := dataset.Validate(path, exs)
		for _, p := range problems {
			fmt.Fprintln(stdout, p)
		}
		if len(problems) > 0 {
			fmt.Fprintf(stdout, "%s: %d problems in %d examples\n", path, len(problems), len(exs))
			bad++
			continue
		}
		fmt.Fprintf(stdout, "%s: %d examples, all valid\n", path, len(exs))
	}
	if bad > 0 {
		return 1
	}
	return 0
}

func runConvert(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("convert", "IN OUT", stderr)
	from := fs.String("from", "original", "input format: original, openai, hermes, sharegpt or xlam")
	to := fs.String("to", "openai", "output format: original, openai, hermes, sharegpt or xlam")
	if code, ok := parse(fs, args, 2, 2, stderr); !ok {
		return code
	}
	inFmt, err := dataset.ParseFormat(*from)
	if err != nil {
		return fail(stderr, "convert", err)
	}
	outFmt, err := dataset.ParseFormat(*to)
	if err != nil {
		return fail(stderr, "convert", err)
	}
	in, out := fs.Arg(0), fs.Arg(1)
	if err := dataset.ConvertFile(in, inFmt, out, outFmt); err != nil {
		return fail(stderr, "convert", err)
	}
	fmt.Fprintf(stdout, "Converted %s (%s) -> %s (%s)\n", in, inFmt, out, outFmt)
	return 0
}

func runStats(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("stats", "FILE", stderr)
	trainPath := fs.String("train", "", "a training set: also count FILE's requests that use words none of its requests use (FILE being a held-out set)")
	if code, ok := parse(fs, args, 1, 1, stderr); !ok {
		return code
	}
	exs, err := dataset.Load(fs.Arg(0))
	if err != nil {
		return fail(stderr, "stats", err)
	}
	st := dataset.Stats(exs)
	if err := st.WriteTable(stdout); err != nil {
		return fail(stderr, "stats", err)
	}
	if *trainPath != "" {
		train, err := dataset.Load(*trainPath)
		if err != nil {
			return fail(stderr, "stats", err)
		}
		fmt.Fprintf(stdout, "\nRequests against %s:\n", *trainPath)
		if err := dataset.UnseenWords(train, exs).WriteTable(stdout, 20); err != nil {
			return fail(stderr, "stats", err)
		}
	}
	return 0
}

func runTools(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("tools", "", stderr)
	if code, ok := parse(fs, args, 0, 0, stderr); !ok {
		return code
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(tools.Builtins().Tools()); err != nil {
		return fail(stderr, "tools", err)
	}
	return 0
}
