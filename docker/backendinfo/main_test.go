package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/model"
)

func TestRun(t *testing.T) {
	// The pure-Go backend is on every machine; naming it keeps a GPU machine's plugin out.
	t.Setenv("GOMLX_BACKEND", model.SafeSimpleGoConfig)
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantReport bool
		wantErr    string
	}{
		{name: "report", wantCode: 0, wantReport: true},
		{name: "require cuda on the pure-Go backend", args: []string{"-require", "cuda"}, wantCode: 1, wantReport: true, wantErr: "want XLA on CUDA"},
		{name: "unknown requirement", args: []string{"-require", "tpu"}, wantCode: 2, wantErr: "accepts only cuda"},
		{name: "unknown flag", args: []string{"-bogus"}, wantCode: 2, wantErr: "flag provided but not defined"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			if code := run(tc.args, &stdout, &stderr); code != tc.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.wantCode, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.wantErr) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tc.wantErr)
			}
			if !tc.wantReport {
				if stdout.Len() != 0 {
					t.Errorf("printed a report on bad usage: %s", stdout.String())
				}
				return
			}
			var rep Report
			if err := json.Unmarshal([]byte(stdout.String()), &rep); err != nil {
				t.Fatalf("output is not a report: %v\n%s", err, stdout.String())
			}
			if rep.Requested != model.SafeSimpleGoConfig || rep.CUDA || len(rep.Devices) != 1 {
				t.Errorf("report %+v: want the pure-Go backend, one device, no CUDA", rep)
			}
			if !rep.MatMulOK || rep.MatMulMaxRelErr > matMulTolerance || rep.MatMulTolerance != matMulTolerance {
				t.Errorf("matmul check failed on the pure-Go backend: %g", rep.MatMulMaxRelErr)
			}
		})
	}
}

// TestCheckMatrix pins the check's inputs: a fixed sequence in [-1, 1), the same every run.
func TestCheckMatrix(t *testing.T) {
	a, b := checkMatrix(3, 5, 1), checkMatrix(3, 5, 1)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("element %d differs between runs: %g vs %g", i, a[i], b[i])
		}
		if a[i] < -1 || a[i] >= 1 {
			t.Errorf("element %d = %g, outside [-1, 1)", i, a[i])
		}
	}
	if c := checkMatrix(3, 5, 2); c[0] == a[0] && c[1] == a[1] {
		t.Errorf("seeds 1 and 2 give the same matrix")
	}
}
