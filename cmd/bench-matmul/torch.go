package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// torchResult is the part of torch_lora_bench.py's "RESULT {json}" line this command reads.
type torchResult struct {
	Result struct {
		TokPerSMedian float64 `json:"tok_per_s_median"`
		KVCache       struct {
			TokPerSMedian float64 `json:"tok_per_s_median"`
		} `json:"kv_cache"`
	} `json:"result"`
	Env struct {
		BLASLibs []string  `json:"blas_libs"`
		LoadAvg  []float64 `json:"loadavg"`
	} `json:"env"`
	raw json.RawMessage
}

// parseTorchResult finds the RESULT line in the script's output and decodes it.
func parseTorchResult(output []byte) (torchResult, error) {
	var res torchResult
	sc := bufio.NewScanner(bytes.NewReader(output))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "RESULT ")
		if !ok {
			continue
		}
		if err := json.Unmarshal([]byte(line), &res); err != nil {
			return res, fmt.Errorf("decoding RESULT line: %w", err)
		}
		var outer struct {
			Result json.RawMessage `json:"result"`
		}
		if err := json.Unmarshal([]byte(line), &outer); err != nil {
			return res, fmt.Errorf("decoding RESULT line: %w", err)
		}
		res.raw = outer.Result
		return res, nil
	}
	return res, errors.New("no RESULT line in the script's output")
}

// matmulGFlops returns the median GFLOP/s of an n³ product from a "matmul" result.
func (r torchResult) matmulGFlops(n int) (float64, bool) {
	var sizes map[string]struct {
		GFlopsMedian float64 `json:"gflops_median"`
	}
	if json.Unmarshal(r.raw, &sizes) != nil {
		return 0, false
	}
	s, ok := sizes[fmt.Sprint(n)]
	return s.GFlopsMedian, ok && s.GFlopsMedian > 0
}

// findTorchScript returns the configured script path or the first existing default location.
func findTorchScript(configured string) (string, error) {
	if configured != "" {
		return configured, nil
	}
	for _, p := range []string{"../shared/bench/torch_lora_bench.py", "/work/shared/bench/torch_lora_bench.py"} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("torch_lora_bench.py not found (use -torch-script)")
}

// runTorch runs one mode of the script with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed
// from its environment: they are set on some machines for old OpenBLAS builds and slow a
// current one down.
func runTorch(cfg config, script string, args ...string) (torchResult, error) {
	cmd := exec.Command(cfg.python, append([]string{script}, args...)...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OPENBLAS_CORETYPE=") && !strings.HasPrefix(kv, "OPENBLAS_L2_SIZE=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return torchResult{}, fmt.Errorf("%s %s: %w\n%s", cfg.python, strings.Join(args, " "), err, lastLines(out, 5))
	}
	return parseTorchResult(out)
}

func lastLines(out []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// measureTorch fills the PyTorch column of t.
func measureTorch(cfg config, t *table) error {
	script, err := findTorchScript(cfg.torchScript)
	if err != nil {
		return err
	}
	if cfg.measure["matmul"] {
		mm, err := runTorch(cfg, script, "matmul")
		if err != nil {
			return err
		}
		fmt.Printf("pytorch BLAS libraries: %s\n", strings.Join(mm.Env.BLASLibs, ", "))
		for _, n := range matmulSizes() {
			if v, ok := mm.matmulGFlops(n); ok {
				t.set(matmulRow(n), colTorch, v)
			}
		}
	}
	if cfg.measure["train"] {
		train, err := runTorch(cfg, script, "train", "--config", "small", "--steps", fmt.Sprint(max(cfg.reps, 3)))
		if err != nil {
			return err
		}
		t.set(rowTrain, colTorch, train.Result.TokPerSMedian)
	}
	if cfg.measure["decode"] {
		gen, err := runTorch(cfg, script, "gen", "--config", "small", "--gen-reps", fmt.Sprint(max(cfg.reps, 3)))
		if err != nil {
			return err
		}
		t.set(rowDecode, colTorch, gen.Result.KVCache.TokPerSMedian)
	}
	return nil
}
