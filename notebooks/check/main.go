// Command check reads notebooks executed by jupyter nbconvert and fails when any cell failed.
//
// nbconvert's own exit status only reflects compile errors: under GoNB a panic, os.Exit(3),
// log.Fatal or a failing !command leave just an "exit status N" line on stderr, and
// --allow-errors (needed to see every failure at once) hides even the error outputs. This
// command looks for all of them; see Check.
//
//	go run ./notebooks/check build/notebooks/*.ipynb
//
// With -planted it checks the checker: each notebook's metadata says whether it was planted
// to fail or to pass (notebooks/testdata/planted), and the command fails unless every verdict
// matches.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func main() {
	planted := flag.Bool("planted", false, "the notebooks are planted ones: check that each is judged as its metadata expects")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: check [-planted] EXECUTED.ipynb...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(os.Stdout, flag.Args(), *planted); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run checks each notebook, printing one line per notebook, and returns an error when any
// notebook failed (or, with planted, was misjudged).
func run(w io.Writer, paths []string, planted bool) error {
	bad := 0
	for _, path := range paths {
		nb, err := LoadNotebook(path)
		if err != nil {
			return err
		}
		name := filepath.Base(path)
		if planted {
			if msg := CheckPlanted(name, nb); msg != "" {
				fmt.Fprintf(w, "MISJUDGED %s\n", msg)
				bad++
				continue
			}
			fmt.Fprintf(w, "ok   %s: judged as planted (%s, %d failures found)\n", name, nb.Metadata.Tooltune.Expect, len(Check(name, nb)))
			continue
		}
		failures := Check(name, nb)
		if len(failures) == 0 {
			fmt.Fprintf(w, "ok   %s\n", name)
			continue
		}
		bad++
		for _, f := range failures {
			fmt.Fprintf(w, "FAIL %s\n", f)
		}
	}
	if bad > 0 {
		if planted {
			return fmt.Errorf("%d of %d planted notebooks misjudged", bad, len(paths))
		}
		return fmt.Errorf("%d of %d notebooks failed", bad, len(paths))
	}
	return nil
}
