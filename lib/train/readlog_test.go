package train

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestReadLog(t *testing.T) {
	tests := []struct {
		name, content string
		steps         []int // steps of the records read
		err           string
	}{
		{"complete", `{"step":1,"epoch":0.1,"loss":2.5}` + "\n" + `{"step":1,"epoch":0.1,"eval_loss":2.4}` + "\n", []int{1, 1}, ""},
		{"last line being written", `{"step":1,"epoch":0.1,"loss":2.5}` + "\n" + `{"step":2,"ep`, []int{1}, ""},
		{"nothing yet", ``, nil, ""},
		{"blank lines", "\n" + `{"step":3,"epoch":0.3,"loss":2.5}` + "\n\n", []int{3}, ""},
		{"corrupt line", `{"step":1}` + "\n" + `not json` + "\n" + `{"step":3}` + "\n", nil, "line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), LogFile)
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			entries, err := ReadLog(path)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), path) {
					t.Fatalf("err = %v, want one naming %s and %q", err, path, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var steps []int
			for _, e := range entries {
				steps = append(steps, e.Step)
			}
			if !reflect.DeepEqual(steps, tt.steps) {
				t.Errorf("steps %v, want %v", steps, tt.steps)
			}
		})
	}
	if _, err := ReadLog(filepath.Join(t.TempDir(), "missing.jsonl")); err == nil {
		t.Error("no error for a missing log")
	}
}
