package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// executedPlanted holds the planted notebooks as GoNB executed them (scripts/notebooks
// --update-fixtures refreshes them; scripts/notebooks also runs them live every time).
const executedPlanted = "../testdata/planted/executed"

func TestPlantedFixtures(t *testing.T) {
	tests := []struct {
		file string
		// kinds are the failures expected, in order; evidence must appear in the first one.
		kinds    []string
		evidence string
	}{
		{"compile_error.ipynb", []string{KindError}, `cannot use "not a number"`},
		{"panic.ipynb", []string{KindPanic, KindExit}, "panic: planted panic"},
		{"os_exit.ipynb", []string{KindExit}, "exit status 3"},
		{"log_fatal.ipynb", []string{KindExit}, "planted fatal error: 42\nexit status 1"},
		{"shell_failure.ipynb", []string{KindExit}, "No such file or directory\nexit status 2"},
		{"passes.ipynb", nil, ""},
	}
	paths, err := filepath.Glob(filepath.Join(executedPlanted, "*.ipynb"))
	if err != nil || len(paths) != len(tests) {
		t.Fatalf("found %d executed planted notebooks (%v), want %d", len(paths), err, len(tests))
	}
	var flagged []string
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			nb, err := LoadNotebook(filepath.Join(executedPlanted, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			failures := Check(tt.file, nb)
			var kinds []string
			for _, f := range failures {
				kinds = append(kinds, f.Kind)
				if f.Notebook != tt.file || f.Cell != 1 {
					t.Errorf("failure located at %s cell %d, want %s cell 1", f.Notebook, f.Cell, tt.file)
				}
			}
			if !reflect.DeepEqual(kinds, tt.kinds) {
				t.Errorf("failure kinds %q, want %q (failures: %v)", kinds, tt.kinds, failures)
			}
			if len(failures) > 0 {
				flagged = append(flagged, tt.file)
				if !strings.Contains(failures[0].Evidence, tt.evidence) {
					t.Errorf("evidence %q does not contain %q", failures[0].Evidence, tt.evidence)
				}
			}
			if want := map[bool]string{true: "failure", false: "success"}[len(tt.kinds) > 0]; nb.Metadata.Tooltune.Expect != want {
				t.Errorf("metadata expects %q, want %q", nb.Metadata.Tooltune.Expect, want)
			}
			if msg := CheckPlanted(tt.file, nb); msg != "" {
				t.Errorf("CheckPlanted: %s", msg)
			}
		})
	}
	slices.Sort(flagged)
	want := []string{"compile_error.ipynb", "log_fatal.ipynb", "os_exit.ipynb", "panic.ipynb", "shell_failure.ipynb"}
	if !reflect.DeepEqual(flagged, want) {
		t.Errorf("flagged %v, want exactly the five bad notebooks %v", flagged, want)
	}
}

// notebookJSON builds a one-code-cell notebook around the given outputs.
func notebookJSON(t *testing.T, executed bool, source string, outputs ...map[string]any) *Notebook {
	t.Helper()
	cell := map[string]any{"cell_type": "code", "source": source, "outputs": outputs, "metadata": map[string]any{}}
	if executed {
		cell["execution_count"] = 1
	} else {
		cell["execution_count"] = nil
	}
	raw, err := json.Marshal(map[string]any{
		"cells":    []any{map[string]any{"cell_type": "markdown", "source": []string{"# title"}}, cell},
		"metadata": map[string]any{},
	})
	if err != nil {
		t.Fatal(err)
	}
	var nb Notebook
	if err := json.Unmarshal(raw, &nb); err != nil {
		t.Fatal(err)
	}
	return &nb
}

func stream(name string, text any) map[string]any {
	return map[string]any{"output_type": "stream", "name": name, "text": text}
}

func TestCheckRules(t *testing.T) {
	tests := []struct {
		name     string
		executed bool
		source   string
		outputs  []map[string]any
		want     []string // kinds
	}{
		{"clean", true, "%%\nfmt.Println(1)", []map[string]any{stream("stdout", "1\n")}, nil},
		{"warnings on stderr are fine", true, "%%", []map[string]any{
			stream("stderr", "warning: this could panic: later\nretrying after exit status 1 of a child\n")}, nil},
		{"exit status 0 is success", true, "!true", []map[string]any{stream("stderr", "exit status 0\n")}, nil},
		{"failure text on stdout is ignored", true, "%%", []map[string]any{stream("stdout", "panic: just printing\nexit status 1\n")}, nil},
		{"stderr as a list of lines", true, "%%", []map[string]any{
			stream("stderr", []string{"boom\n", "exit status 4\n"})}, []string{KindExit}},
		{"runtime fatal error", true, "%%", []map[string]any{
			stream("stderr", "fatal error: all goroutines are asleep - deadlock!\n\nexit status 2\n")}, []string{KindPanic, KindExit}},
		{"killed", true, "%%", []map[string]any{stream("stderr", "signal: killed\n")}, []string{KindSignal}},
		{"error output", true, "%%", []map[string]any{{"output_type": "error", "ename": "ERROR", "evalue": "failed to run go build", "traceback": []string{}}}, []string{KindError}},
		{"not executed", false, "%%\nfmt.Println(1)", nil, []string{KindNotRun}},
		{"empty cell not executed", false, "  \n", nil, nil},
		{"rich output only", true, "%%", []map[string]any{{"output_type": "display_data", "data": map[string]any{"text/html": "<b>exit status 1</b>"}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var kinds []string
			for _, f := range Check("x.ipynb", notebookJSON(t, tt.executed, tt.source, tt.outputs...)) {
				kinds = append(kinds, f.Kind)
				if f.Cell != 1 {
					t.Errorf("failure in cell %d, want 1 (the code cell after the markdown one)", f.Cell)
				}
			}
			if !reflect.DeepEqual(kinds, tt.want) {
				t.Errorf("kinds %q, want %q", kinds, tt.want)
			}
		})
	}
}

func TestCheckPlantedMisjudged(t *testing.T) {
	tests := []struct {
		expect string
		nb     *Notebook
		want   string
	}{
		{"failure", notebookJSON(t, true, "%%"), "planted to fail, but the checker found no failure"},
		{"success", notebookJSON(t, true, "%%", stream("stderr", "exit status 1\n")), "planted to pass, but the checker found"},
		{"", notebookJSON(t, true, "%%"), `metadata.tooltune.expect is ""`},
	}
	for _, tt := range tests {
		tt.nb.Metadata.Tooltune.Expect = tt.expect
		if msg := CheckPlanted("n.ipynb", tt.nb); !strings.Contains(msg, tt.want) {
			t.Errorf("expect %q: %q, want it to contain %q", tt.expect, msg, tt.want)
		}
	}
}

func TestRun(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(executedPlanted, "*.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(&out, paths, true); err != nil {
		t.Errorf("planted mode: %v\n%s", err, out.String())
	}
	out.Reset()
	err = run(&out, paths, false)
	if err == nil || err.Error() != "5 of 6 notebooks failed" {
		t.Errorf("normal mode: error %v, want \"5 of 6 notebooks failed\"", err)
	}
	if !strings.Contains(out.String(), "ok   passes.ipynb") || !strings.Contains(out.String(), "FAIL panic.ipynb: cell 1: panic:") {
		t.Errorf("normal mode output lacks a verdict:\n%s", out.String())
	}
}

func TestLoadNotebookErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.ipynb")
	if err := os.WriteFile(bad, []byte(`{"cells": [{"source": 42}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadNotebook(bad); err == nil || !strings.Contains(err.Error(), "bad.ipynb: not a notebook") {
		t.Errorf("error %v, want one naming the file", err)
	}
	if _, err := LoadNotebook(filepath.Join(dir, "missing.ipynb")); err == nil {
		t.Errorf("a missing notebook loaded")
	}
}
