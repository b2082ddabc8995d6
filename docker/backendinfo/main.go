// Command backendinfo prints, as one JSON object, the GoMLX backend that ToolTune's model
// package picks on this machine (model.NewBackend: $GOMLX_BACKEND, else an installed XLA
// plugin, else the pure-Go backend), and proves the backend computes: it multiplies two
// matrices on it and compares every element with a float64 product computed in Go.
//
//	go run ./docker/backendinfo                 # what would run the models here
//	go run ./docker/backendinfo -require cuda   # exit 1 unless that is XLA on CUDA
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"

	"github.com/tooltune/tooltune/lib/model"
)

// Report is what the command prints.
type Report struct {
	Requested   string   `json:"requested"` // $GOMLX_BACKEND; "" means automatic selection
	Name        string   `json:"name"`      // Backend.Name(): "xla" or "SimpleGo (go)"
	Description string   `json:"description"`
	Devices     []string `json:"devices"`
	CUDA        bool     `json:"cuda"` // XLA running its CUDA plugin
	// MatMulMaxRelErr is the largest relative error of a [N,K]x[K,M] product computed on the
	// backend against float64 arithmetic; MatMulOK says it is within MatMulTolerance.
	MatMulMaxRelErr float64 `json:"matmul_max_rel_err"`
	MatMulTolerance float64 `json:"matmul_tolerance"`
	MatMulOK        bool    `json:"matmul_ok"`
}

// Sizes of the check product: not square, so a transposed operand would be caught.
const (
	checkN, checkK, checkM = 64, 96, 48
	// float32 accumulation over K=96 terms of size <= 1 stays far below this.
	matMulTolerance = 1e-4
	// XLA's CUDA plugin computes float32 products on TF32 tensor cores by default (inputs
	// rounded to 10-bit mantissas): 1.3e-4 was measured on an H200, and the decoder's logits
	// then differ from transformers' full-float32 ones by 8e-4 of the largest logit, with the
	// same top token everywhere. Ten times the TF32 unit roundoff still catches a wrong layout.
	matMulToleranceCUDA = 5e-3
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("backendinfo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	require := fs.String("require", "", `"cuda": exit 1 unless the backend is XLA on CUDA`)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *require != "" && *require != "cuda" {
		fmt.Fprintf(stderr, "backendinfo: -require accepts only cuda, got %q\n", *require)
		return 2
	}
	rep, err := inspect()
	if err != nil {
		fmt.Fprintln(stderr, "backendinfo:", err)
		return 1
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		fmt.Fprintln(stderr, "backendinfo:", err)
		return 1
	}
	switch {
	case !rep.MatMulOK:
		fmt.Fprintf(stderr, "backendinfo: matmul on %s is off by %g (relative)\n", rep.Description, rep.MatMulMaxRelErr)
		return 1
	case *require == "cuda" && !rep.CUDA:
		fmt.Fprintf(stderr, "backendinfo: want XLA on CUDA, got %s\n", rep.Description)
		return 1
	}
	return 0
}

func inspect() (*Report, error) {
	b, err := model.NewBackend()
	if err != nil {
		return nil, err
	}
	defer b.Finalize()
	rep := &Report{
		Requested:   os.Getenv(backends.ConfigEnvVar),
		Name:        b.Name(),
		Description: b.Description(),
	}
	for i := range b.NumDevices() {
		rep.Devices = append(rep.Devices, b.DeviceDescription(backends.DeviceNum(i)))
	}
	rep.CUDA = rep.Name == "xla" && strings.Contains(strings.ToLower(rep.Description), "cuda")
	rep.MatMulMaxRelErr, err = matMulError(b)
	if err != nil {
		return nil, err
	}
	rep.MatMulTolerance = matMulTolerance
	if rep.CUDA {
		rep.MatMulTolerance = matMulToleranceCUDA
	}
	rep.MatMulOK = rep.MatMulMaxRelErr <= rep.MatMulTolerance
	return rep, nil
}

// matMulError multiplies two fixed pseudo-random matrices on the backend and returns the
// largest relative error against a float64 product.
func matMulError(b backends.Backend) (float64, error) {
	x, y := checkMatrix(checkN, checkK, 1), checkMatrix(checkK, checkM, 2)
	out, err := graph.ExecOnce(b, func(a, c *graph.Node) *graph.Node { return graph.MatMul(a, c) },
		tensors.FromFlatDataAndDimensions(x, checkN, checkK), tensors.FromFlatDataAndDimensions(y, checkK, checkM))
	if err != nil {
		return 0, fmt.Errorf("matmul on the backend: %w", err)
	}
	got, err := tensors.CopyFlatData[float32](out)
	if err != nil {
		return 0, fmt.Errorf("reading the matmul result: %w", err)
	}
	worst := 0.0
	for i := range checkN {
		for j := range checkM {
			want, scale := 0.0, 0.0
			for k := range checkK {
				p := float64(x[i*checkK+k]) * float64(y[k*checkM+j])
				want += p
				scale += math.Abs(p)
			}
			worst = max(worst, math.Abs(float64(got[i*checkM+j])-want)/max(scale, 1e-30))
		}
	}
	return worst, nil
}

// checkMatrix fills a rows x cols matrix with values in [-1, 1) from a fixed linear
// congruential sequence, so every run checks the same numbers.
func checkMatrix(rows, cols int, seed uint32) []float32 {
	v := make([]float32, rows*cols)
	state := seed
	for i := range v {
		state = state*1664525 + 1013904223
		v[i] = float32(state>>8)/float32(1<<23) - 1
	}
	return v
}
