package dockertest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gpuCheckReport is the JSON scripts/gpu-check writes.
type gpuCheckReport struct {
	Status string         `json:"status"`
	Counts map[string]int `json:"counts"`
	Checks []struct {
		Name    string  `json:"name"`
		Status  string  `json:"status"`
		Seconds float64 `json:"seconds"`
		Detail  string  `json:"detail"`
		LogTail string  `json:"log_tail"`
	} `json:"checks"`
}

func (r *gpuCheckReport) statuses() map[string]string {
	m := map[string]string{}
	for _, c := range r.Checks {
		m[c.Name] = c.Status
	}
	return m
}

func (r *gpuCheckReport) detail(name string) string {
	for _, c := range r.Checks {
		if c.Name == name {
			return c.Detail + "\n" + c.LogTail
		}
	}
	return ""
}

// fakeGo stands in for the go command: it logs each call as "GOMLX_BACKEND|args" and answers
// as the real subcommands would, in the way FAKE_TEST_EXIT, FAKE_TRAIN and FAKE_BACKEND say.
const fakeGo = `echo "${GOMLX_BACKEND-unset}|$*" >> "$FAKE_CALLS"
case "$1 $2" in
"run ./docker/backendinfo")
  if [ "$FAKE_BACKEND" = go ]; then
    printf '{\n  "description": "Simple Go Portable Backend",\n  "cuda": false\n}\n'; exit 1
  fi
  printf '{\n  "description": "xla:cuda - PJRT cuda plugin [1 device(s)]",\n  "cuda": true\n}\n' ;;
"test -count=1")
  if [ "${FAKE_TEST_EXIT:-0}" != 0 ]; then echo "--- FAIL: TestLogitsMatchFixtures"; fi
  echo "ok or not"; exit "${FAKE_TEST_EXIT:-0}" ;;
"run ./cmd/tool_using")
  case "$FAKE_TRAIN" in
  notbuilt) echo "tool_using: training: LoRA fine-tuning is not built yet" >&2; exit 1 ;;
  fail) echo "panic: out of memory" >&2; exit 2 ;;
  nockpt) exit 0 ;;
  ok)
    out=""; prev=""
    for a in "$@"; do [ "$prev" = --output_dir ] && out="$a"; prev="$a"; done
    mkdir -p "$out/checkpoint-8" && : > "$out/checkpoint-8/adapter_model.safetensors" ;;
  esac ;;
"run ./docker/modellogits")
  echo "modellogits: logits [1 16 96]" >&2 ;;
*) echo "fake go: unexpected call: $*" >&2; exit 3 ;;
esac`

// fakePython stands in for python3: "import numpy, torch, transformers" succeeds when
// FAKE_TRANSFORMERS=1, and compare_logits.py passes unless FAKE_COMPARE=differs.
const fakePython = `case "$1" in
-c) [ "$FAKE_TRANSFORMERS" = 1 ] ;;
docker/compare_logits.py)
  if [ "$FAKE_COMPARE" = differs ]; then echo '{"rel_diff": 0.3, "ok": false}'; exit 1; fi
  printf '{\n  "rel_diff": 2e-07,\n  "ok": true\n}\n' ;;
*) echo "fake python3: unexpected call: $*" >&2; exit 3 ;;
esac`

func TestGPUCheck(t *testing.T) {
	searchPath, _ := pluginDir(t)
	modelDir := t.TempDir()
	writeFile(t, modelDir, "config.json", `{"model_type": "llama"}`)
	allGPU := []string{"nvidia-smi", "cuda-plugin", "backend-auto", "backend-xla-cuda", "model-tests"}
	tests := []struct {
		name        string
		noGPU       bool
		pjrtPath    string
		env         map[string]string
		args        []string
		wantCode    int
		wantStatus  string
		want        map[string]string // check name -> status
		wantDetails map[string]string // check name -> text its detail or log tail has
		wantCalls   []string          // go calls, in order, as "GOMLX_BACKEND|args" prefixes
	}{
		{
			name: "no GPU", noGPU: true, wantCode: 2, wantStatus: "no-gpu",
			want: map[string]string{"nvidia-smi": "fail", "cuda-plugin": "skip", "model-tests": "skip", "lora-train": "skip", "logits-transformers": "skip"},
		},
		{
			name: "training not built yet", env: map[string]string{"FAKE_TRAIN": "notbuilt"}, args: []string{"--model", modelDir},
			wantCode: 0, wantStatus: "pass",
			want:        withAll(allGPU, "pass", map[string]string{"lora-train": "pending", "logits-transformers": "skip"}),
			wantDetails: map[string]string{"lora-train": "lib/lora, lib/train", "nvidia-smi": "NVIDIA H100", "backend-auto": "xla:cuda"},
			wantCalls: []string{"|run ./docker/backendinfo -require cuda", "xla:cuda|run ./docker/backendinfo -require cuda",
				"xla:cuda|test -count=1 ./lib/model/...", "xla:cuda|run ./cmd/tool_using --model_name " + modelDir},
		},
		{
			name: "training writes checkpoints", env: map[string]string{"FAKE_TRAIN": "ok"}, args: []string{"--model", modelDir},
			wantCode: 0, wantStatus: "pass", want: withAll(allGPU, "pass", map[string]string{"lora-train": "pass"}),
		},
		{
			name: "training exits 0 without a checkpoint", env: map[string]string{"FAKE_TRAIN": "nockpt"}, args: []string{"--model", modelDir},
			wantCode: 1, wantStatus: "fail", want: map[string]string{"lora-train": "fail"},
			wantDetails: map[string]string{"lora-train": "wrote no checkpoint"},
		},
		{
			name: "training crashes", env: map[string]string{"FAKE_TRAIN": "fail"}, args: []string{"--model", modelDir},
			wantCode: 1, wantStatus: "fail", want: map[string]string{"lora-train": "fail"},
			wantDetails: map[string]string{"lora-train": "panic: out of memory"},
		},
		{
			name: "model tests fail on the GPU", env: map[string]string{"FAKE_TRAIN": "notbuilt", "FAKE_TEST_EXIT": "1"}, args: []string{"--model", modelDir},
			wantCode: 1, wantStatus: "fail", want: map[string]string{"model-tests": "fail", "backend-auto": "pass"},
			wantDetails: map[string]string{"model-tests": "--- FAIL: TestLogitsMatchFixtures"},
		},
		{
			name: "backend is not CUDA", env: map[string]string{"FAKE_TRAIN": "notbuilt", "FAKE_BACKEND": "go"}, args: []string{"--model", modelDir},
			wantCode: 1, wantStatus: "fail", want: map[string]string{"backend-auto": "fail", "backend-xla-cuda": "fail"},
			wantDetails: map[string]string{"backend-auto": "Simple Go Portable Backend"},
		},
		{
			name: "no CUDA plugin", pjrtPath: t.TempDir(), wantCode: 1, wantStatus: "fail",
			want: map[string]string{"nvidia-smi": "pass", "cuda-plugin": "fail", "backend-auto": "skip", "lora-train": "skip"},
		},
		{
			name: "logits agree with transformers", env: map[string]string{"FAKE_TRAIN": "notbuilt", "FAKE_TRANSFORMERS": "1"},
			args: []string{"--model", modelDir}, wantCode: 0, wantStatus: "pass", want: map[string]string{"logits-transformers": "pass"},
			wantDetails: map[string]string{"logits-transformers": ": \"rel_diff\":2e-07; "},
		},
		{
			name: "logits differ from transformers", env: map[string]string{"FAKE_TRAIN": "notbuilt", "FAKE_TRANSFORMERS": "1", "FAKE_COMPARE": "differs"},
			args: []string{"--model", modelDir}, wantCode: 1, wantStatus: "fail", want: map[string]string{"logits-transformers": "fail"},
			wantDetails: map[string]string{"logits-transformers": "differs from transformers"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSandbox(t)
			if !tc.noGPU {
				s.fake("nvidia-smi", `echo "NVIDIA H100 80GB HBM3, 81559 MiB, 560.35.03"`)
			}
			s.fake("go", fakeGo)
			s.fake("python3", fakePython)
			calls := filepath.Join(t.TempDir(), "calls")
			out := filepath.Join(t.TempDir(), "gpu-check.json")
			env := map[string]string{"FAKE_CALLS": calls, "PJRT_PLUGIN_LIBRARY_PATH": searchPath}
			if tc.pjrtPath != "" {
				env["PJRT_PLUGIN_LIBRARY_PATH"] = tc.pjrtPath
			}
			for k, v := range tc.env {
				env[k] = v
			}
			args := append([]string{filepath.Join(repoRoot(t), "scripts", "gpu-check"), "--out", out}, tc.args...)
			res := s.run(t.TempDir(), env, args...)
			if res.code != tc.wantCode {
				t.Errorf("exit %d, want %d\n%s", res.code, tc.wantCode, res.output())
			}
			rep := readReport(t, out)
			if rep.Status != tc.wantStatus {
				t.Errorf("status %q, want %q", rep.Status, tc.wantStatus)
			}
			if len(rep.Checks) != 7 {
				t.Errorf("%d checks recorded, want all 7: %v", len(rep.Checks), rep.statuses())
			}
			got := rep.statuses()
			for name, want := range tc.want {
				if got[name] != want {
					t.Errorf("check %s: %q, want %q (%s)", name, got[name], want, rep.detail(name))
				}
			}
			for name, text := range tc.wantDetails {
				if !strings.Contains(rep.detail(name), text) {
					t.Errorf("check %s: detail and log %q lack %q", name, rep.detail(name), text)
				}
			}
			total := 0
			for _, n := range rep.Counts {
				total += n
			}
			if total != len(rep.Checks) {
				t.Errorf("counts %v do not add up to %d checks", rep.Counts, len(rep.Checks))
			}
			checkCalls(t, calls, tc.wantCalls)
		})
	}
}

func TestGPUCheckRejectsBadUsage(t *testing.T) {
	s := newSandbox(t)
	for _, args := range [][]string{{"--bogus"}, {"--out"}, {"--timeout", "soon"}} {
		res := s.run(t.TempDir(), nil, append([]string{filepath.Join(repoRoot(t), "scripts", "gpu-check")}, args...)...)
		if res.code != 64 || !strings.Contains(res.stderr, "Usage: scripts/gpu-check") {
			t.Errorf("%q: exit %d, want 64 with the usage\n%s", args, res.code, res.output())
		}
	}
}

// withAll maps every name to status, then applies the overrides.
func withAll(names []string, status string, overrides map[string]string) map[string]string {
	m := map[string]string{}
	for _, n := range names {
		m[n] = status
	}
	for k, v := range overrides {
		m[k] = v
	}
	return m
}

func readReport(t *testing.T, path string) *gpuCheckReport {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no report: %v", err)
	}
	var rep gpuCheckReport
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("report is not valid JSON: %v\n%s", err, data)
	}
	return &rep
}

// checkCalls compares the fake go's call log with the wanted prefixes, in order.
func checkCalls(t *testing.T, path string, want []string) {
	t.Helper()
	if want == nil {
		return
	}
	data, _ := os.ReadFile(path)
	got := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(got) != len(want) {
		t.Fatalf("go was called %d times, want %d:\n%s", len(got), len(want), data)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("go call %d = %q, want it to start with %q", i, got[i], want[i])
		}
	}
}
