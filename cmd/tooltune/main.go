// Command tooltune is ToolTune's toolbox: one subcommand per job that the pipeline's stages
// need on their own (generate data, check it, convert it, look at it, tokenize text, ...).
//
//	tooltune generate --num_examples 500 --out train.json
//	tooltune validate train.json
//	tooltune convert --from original --to openai train.json train_openai.jsonl
//	tooltune stats train.json
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
)

// command is one subcommand: a short help line and the function that runs it on its own
// arguments. run returns the process exit code.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() map[string]command {
	return map[string]command{
		"generate": {"generate a synthetic tool-use dataset", runGenerate},
		"validate": {"check dataset files; list every problem with its example index and field", runValidate},
		"convert":  {"convert a dataset between original, openai, hermes, sharegpt and xlam formats", runConvert},
		"stats":    {"print statistics of a dataset: tools, scenarios, lengths", runStats},
		"tools":    {"print the built-in tool schemas as JSON", runTools},
		"tokenize": {"encode text to token ids with a tokenizer.json (or decode ids)", runTokenize},
		"chat":     {"generate a model's reply to a prompt (with tools offered, optionally)", runChat},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "tooltune: unknown command %q\n\n", args[0])
		usage(stderr, cmds)
		return 2
	}
	return c.run(args[1:], stdout, stderr)
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "Usage: tooltune COMMAND [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'tooltune COMMAND -h' for a command's flags.")
}

// newFlagSet returns a flag set for a subcommand whose usage line shows its arguments.
func newFlagSet(name, argsUsage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("tooltune "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: tooltune %s [flags] %s\n", name, argsUsage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses a subcommand's flags and checks the number of positional arguments. It
// returns the exit code to use when the command must stop (ok false).
func parse(fs *flag.FlagSet, args []string, minArgs, maxArgs int, stderr io.Writer) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if n := fs.NArg(); n < minArgs || (maxArgs >= 0 && n > maxArgs) {
		fmt.Fprintf(stderr, "%s: wrong number of arguments (%d)\n", fs.Name(), n)
		fs.Usage()
		return 2, false
	}
	return 0, true
}

// fail prints err under the command's name and returns exit code 1.
func fail(stderr io.Writer, name string, err error) int {
	fmt.Fprintf(stderr, "tooltune %s: %v\n", name, err)
	return 1
}
