package main

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// Kinds of failure a cell can show.
const (
	// KindError is an "error" output: what GoNB reports for a compile error, and Jupyter for a
	// kernel-side failure. nbconvert --allow-errors keeps going after one.
	KindError = "error output"
	// KindPanic is a Go panic or runtime fatal error printed on stderr.
	KindPanic = "panic"
	// KindExit is GoNB's "exit status N" line on stderr: the cell's program, or a !command,
	// ended with a non-zero status (os.Exit, log.Fatal, a panic, a failing shell command).
	KindExit = "exit status"
	// KindSignal is a program killed by a signal (out of memory, a timeout).
	KindSignal = "signal"
	// KindNotRun is a code cell without an execution count: the notebook was not executed
	// (or execution stopped before the cell).
	KindNotRun = "not executed"
)

// Failure is one failing cell of an executed notebook.
type Failure struct {
	Notebook string
	// Cell is the cell's 0-based index in the notebook (markdown cells included).
	Cell int
	Kind string
	// Evidence is the output text that shows the failure, trimmed.
	Evidence string
}

func (f Failure) String() string {
	return fmt.Sprintf("%s: cell %d: %s: %s", f.Notebook, f.Cell, f.Kind, f.Evidence)
}

// Notebook is the part of an .ipynb file (nbformat 4) the checker reads.
type Notebook struct {
	Cells    []Cell `json:"cells"`
	Metadata struct {
		// Tooltune.Expect is "failure" or "success" in the planted notebooks that test the
		// checker, and absent elsewhere.
		Tooltune struct {
			Expect string `json:"expect"`
		} `json:"tooltune"`
	} `json:"metadata"`
}

// Cell is one notebook cell.
type Cell struct {
	CellType       string   `json:"cell_type"`
	ExecutionCount *int     `json:"execution_count"`
	Source         text     `json:"source"`
	Outputs        []Output `json:"outputs"`
}

// Output is one output of a code cell.
type Output struct {
	OutputType string   `json:"output_type"` // stream, display_data, execute_result, error
	Name       string   `json:"name"`        // stdout or stderr, for a stream
	Text       text     `json:"text"`
	Ename      string   `json:"ename"`
	Evalue     string   `json:"evalue"`
	Traceback  []string `json:"traceback"`
}

// text is a multi-line string, which nbformat stores either as a string or as a list of lines.
type text string

func (t *text) UnmarshalJSON(raw []byte) error {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		*t = text(s)
		return nil
	}
	var lines []string
	if err := json.Unmarshal(raw, &lines); err != nil {
		return fmt.Errorf("want a string or a list of strings: %w", err)
	}
	*t = text(strings.Join(lines, ""))
	return nil
}

// stderrRule recognises one kind of failure in a stderr stream.
type stderrRule struct {
	kind    string
	pattern *regexp.Regexp
}

// stderrRules lists what marks a failure on stderr. They match whole lines, so that a program
// that merely mentions "panic" in a warning does not fail its notebook.
func stderrRules() []stderrRule {
	return []stderrRule{
		{KindPanic, regexp.MustCompile(`(?m)^(panic: |fatal error: ).*$`)},
		{KindExit, regexp.MustCompile(`(?m)^exit status [1-9][0-9]*\s*$`)},
		{KindSignal, regexp.MustCompile(`(?m)^signal: [a-z ]+\s*$`)},
	}
}

// LoadNotebook reads an executed notebook.
func LoadNotebook(path string) (*Notebook, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var nb Notebook
	if err := json.Unmarshal(raw, &nb); err != nil {
		return nil, fmt.Errorf("%s: not a notebook: %w", path, err)
	}
	return &nb, nil
}

// Check returns the failures of an executed notebook, in cell order; name labels them.
func Check(name string, nb *Notebook) []Failure {
	var out []Failure
	rules := stderrRules()
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		fail := func(kind, evidence string) {
			out = append(out, Failure{Notebook: name, Cell: i, Kind: kind, Evidence: strings.TrimSpace(evidence)})
		}
		if c.ExecutionCount == nil && strings.TrimSpace(string(c.Source)) != "" {
			fail(KindNotRun, firstLine(string(c.Source)))
		}
		for _, o := range c.Outputs {
			switch {
			case o.OutputType == "error":
				fail(KindError, firstLines(o.Ename+": "+o.Evalue, 6))
			case o.OutputType == "stream" && o.Name == "stderr":
				for _, r := range rules {
					if m := r.pattern.FindStringIndex(string(o.Text)); m != nil {
						fail(r.kind, context(string(o.Text), m[0], m[1]))
					}
				}
			}
		}
	}
	return out
}

// context returns the matched line with the line before it, which for log.Fatal or a failing
// shell command holds the message.
func context(s string, start, end int) string {
	before := strings.LastIndex(strings.TrimRight(s[:start], "\n"), "\n")
	return s[before+1 : end]
}

func firstLine(s string) string { return firstLines(s, 1) }

// firstLines returns the first n lines of s.
func firstLines(s string, n int) string {
	lines := strings.SplitN(strings.TrimSpace(s), "\n", n+1)
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return strings.Join(lines, "\n")
}

// CheckPlanted compares a planted notebook's failures with its metadata's expectation and
// returns a description of the mismatch, or "" when the checker judged it as planted.
func CheckPlanted(name string, nb *Notebook) string {
	failures := Check(name, nb)
	switch expect := nb.Metadata.Tooltune.Expect; expect {
	case "failure":
		if len(failures) == 0 {
			return fmt.Sprintf("%s: planted to fail, but the checker found no failure", name)
		}
	case "success":
		if len(failures) > 0 {
			return fmt.Sprintf("%s: planted to pass, but the checker found: %v", name, failures)
		}
	default:
		return fmt.Sprintf("%s: metadata.tooltune.expect is %q, want \"failure\" or \"success\"", name, expect)
	}
	return ""
}
