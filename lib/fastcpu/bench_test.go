package fastcpu

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX graph code reads best with the dot import.
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// BenchmarkGraphMatMul measures an n³ float32 product through a compiled GoMLX graph on
// plain simplego and on the fast backend.
func BenchmarkGraphMatMul(b *testing.B) {
	for _, cfg := range []string{simplego.BackendName + ":parallelism=-1", DefaultConfig} {
		backend := newTestBackend(b, cfg)
		for _, n := range []int{256, 512, 1024} {
			b.Run(fmt.Sprintf("%s/%d", cfg, n), func(b *testing.B) {
				exec := MustNewExec(backend, func(x, y *Node) *Node { return Dot(x, y) })
				rng := rand.New(rand.NewPCG(5, 6))
				x := tensors.FromFlatDataAndDimensions(randomSlice[float32](rng, n*n), n, n)
				y := tensors.FromFlatDataAndDimensions(randomSlice[float32](rng, n*n), n, n)
				exec.MustExec(x, y)[0].FinalizeAll()
				for b.Loop() {
					exec.MustExec(x, y)[0].FinalizeAll()
				}
				b.ReportMetric(2*float64(n*n*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// BenchmarkRandomUniform draws the uniform numbers of one dropout mask the size of a LoRA
// step's MLP input (8×256 tokens × 688) on plain simplego and on the fast backend.
func BenchmarkRandomUniform(b *testing.B) {
	for _, cfg := range []string{simplego.BackendName, DefaultConfig} {
		backend := newTestBackend(b, cfg)
		b.Run(cfg, func(b *testing.B) {
			exec := MustNewExec(backend, func(state *Node) *Node {
				_, u := RandomUniform(state, shapes.Make(dtypes.Float32, 8*256, 688))
				return u
			})
			state, err := RNGStateFromSeed(1)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				exec.MustExec(state)[0].FinalizeAll()
			}
		})
	}
}
