package main

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/gomlx/gomlx/backends"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX graph code reads best with the dot import.
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// matmulGFlops times an n×n by n×n float32 product through a compiled graph for about budget
// (at least 5 runs, after 2 warm-up runs) and returns the median rate.
func matmulGFlops(b backends.Backend, n int, budget time.Duration) (gflops float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("matmul %d: %v", n, r)
		}
	}()
	exec := MustNewExec(b, func(x, y *Node) *Node { return Dot(x, y) })
	defer exec.Finalize()
	rng := rand.New(rand.NewPCG(uint64(n), 1))
	x := tensors.FromFlatDataAndDimensions(randomFloats(rng, n*n), n, n)
	y := tensors.FromFlatDataAndDimensions(randomFloats(rng, n*n), n, n)
	once := func() time.Duration {
		start := time.Now()
		out := exec.MustExec(x, y)[0]
		elapsed := time.Since(start)
		out.MustFinalizeAll()
		return elapsed
	}
	once()
	once()
	var rates []float64
	deadline := time.Now().Add(budget)
	for len(rates) < 5 || time.Now().Before(deadline) {
		rates = append(rates, 2*float64(n*n*n)/once().Seconds()/1e9)
	}
	return median(rates), nil
}

func randomFloats(rng *rand.Rand, n int) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(rng.NormFloat64())
	}
	return out
}
