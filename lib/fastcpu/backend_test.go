package fastcpu

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/dtypes/bfloat16"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX graph code reads best with the dot import.
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// dotCase is one DotGeneral to run on both backends.
type dotCase struct {
	name                  string
	lhsDims, rhsDims      []int
	lhsContract, lhsBatch []int
	rhsContract, rhsBatch []int
}

// dotCases covers plain, transposed and batched products, batch and contracting axes in
// unusual positions, several contracting axes, and the odd sizes 1, 3, 17 and 257.
func dotCases() []dotCase {
	return []dotCase{
		{"matmul", []int{17, 33}, []int{33, 3}, []int{1}, nil, []int{0}, nil},
		{"matmul_257", []int{257, 65}, []int{65, 257}, []int{1}, nil, []int{0}, nil},
		{"ones", []int{1, 1}, []int{1, 1}, []int{1}, nil, []int{0}, nil},
		{"vector_dot", []int{257}, []int{257}, []int{0}, nil, []int{0}, nil},
		{"matvec", []int{3, 257}, []int{257}, []int{1}, nil, []int{0}, nil},
		{"lhs_transposed", []int{65, 17}, []int{65, 40}, []int{0}, nil, []int{0}, nil},
		{"rhs_transposed", []int{40, 65}, []int{17, 65}, []int{1}, nil, []int{1}, nil},
		{"both_transposed", []int{65, 3}, []int{17, 65}, []int{0}, nil, []int{1}, nil},
		{"batched", []int{3, 17, 33}, []int{3, 33, 40}, []int{2}, []int{0}, []int{1}, []int{0}},
		{"batched_attention_scores", []int{2, 3, 17, 16}, []int{2, 3, 19, 16}, []int{3}, []int{0, 1}, []int{3}, []int{0, 1}},
		{"batch_axis_last", []int{17, 33, 3}, []int{33, 5, 3}, []int{1}, []int{2}, []int{0}, []int{2}},
		{"batch_axis_middle", []int{17, 3, 33}, []int{3, 33, 20}, []int{2}, []int{1}, []int{1}, []int{0}},
		{"two_contracting", []int{5, 7, 11}, []int{11, 7, 13}, []int{1, 2}, nil, []int{1, 0}, nil},
		{"two_cross", []int{4, 5, 33}, []int{33, 6, 7}, []int{2}, nil, []int{0}, nil},
		{"lora_grad_b", []int{2, 64, 8}, []int{2, 64, 48}, []int{0, 1}, nil, []int{0, 1}, nil},
		{"decode_projection", []int{1, 256}, []int{688, 256}, []int{1}, nil, []int{1}, nil},
		{"decode_rows_contiguous_rhs", []int{2, 300}, []int{300, 97}, []int{1}, nil, []int{0}, nil},
		{"large_parallel", []int{300, 140}, []int{140, 260}, []int{1}, nil, []int{0}, nil},
		{"batched_small_batch_large", []int{1, 200, 130}, []int{1, 130, 210}, []int{2}, []int{0}, []int{1}, []int{0}},
	}
}

func newTestBackend(t testing.TB, config string) backends.Backend {
	t.Helper()
	b, err := backends.NewWithConfig(config)
	if err != nil {
		t.Fatalf("backend %q: %v", config, err)
	}
	t.Cleanup(b.Finalize)
	return b
}

func runDot[T float32 | float64](t *testing.T, b backends.Backend, c dotCase, lhs, rhs []T) []T {
	t.Helper()
	exec := MustNewExec(b, func(l, r *Node) *Node {
		return DotGeneral(l, c.lhsContract, c.lhsBatch, r, c.rhsContract, c.rhsBatch)
	})
	out := exec.MustExec(tensors.FromFlatDataAndDimensions(lhs, c.lhsDims...), tensors.FromFlatDataAndDimensions(rhs, c.rhsDims...))[0]
	return tensors.MustCopyFlatData[T](out)
}

func size(dims []int) int {
	n := 1
	for _, d := range dims {
		n *= d
	}
	return n
}

// fastConfigs are the fast backend variants to check: every kernel the CPU can run.
func fastConfigs(t testing.TB) []string {
	var out []string
	for _, k := range availableKernels(t) {
		out = append(out, fmt.Sprintf("%s:kernel=%s", BackendName, k))
	}
	return out
}

func TestDotGeneralMatchesSimpleGo(t *testing.T) {
	ref := newTestBackend(t, simplego.BackendName)
	for _, cfg := range fastConfigs(t) {
		fast := newTestBackend(t, cfg)
		for _, c := range dotCases() {
			t.Run(cfg+"/"+c.name, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(7, uint64(size(c.lhsDims))))
				l32, r32 := randomSlice[float32](rng, size(c.lhsDims)), randomSlice[float32](rng, size(c.rhsDims))
				if e := relErr(runDot(t, fast, c, l32, r32), runDot(t, ref, c, l32, r32)); e > 1e-5 {
					t.Errorf("float32: relative error %g vs simplego > 1e-5", e)
				}
				l64, r64 := randomSlice[float64](rng, size(c.lhsDims)), randomSlice[float64](rng, size(c.rhsDims))
				if e := relErr(runDot(t, fast, c, l64, r64), runDot(t, ref, c, l64, r64)); e > 1e-12 {
					t.Errorf("float64: relative error %g vs simplego > 1e-12", e)
				}
			})
		}
	}
}

func TestKernelOfAndConfig(t *testing.T) {
	tests := []struct {
		config  string
		wantErr bool
	}{
		{BackendName, false},
		{DefaultConfig, false},
		{BackendName + ":kernel=go", false},
		{BackendName + ":kernel=nonsense", true},
		{BackendName + ":dotgeneral_small", true},
		{BackendName + ":bogus_option", true},
	}
	for _, tc := range tests {
		t.Run(tc.config, func(t *testing.T) {
			b, err := backends.NewWithConfig(tc.config)
			if tc.wantErr {
				if err == nil {
					b.Finalize()
					t.Fatalf("NewWithConfig(%q) succeeded, want an error", tc.config)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer b.Finalize()
			if _, ok := KernelOf(b); !ok {
				t.Errorf("KernelOf(%q) = false, want a fast backend", tc.config)
			}
		})
	}
	plain := newTestBackend(t, simplego.BackendName)
	if k, ok := KernelOf(plain); ok {
		t.Errorf("KernelOf(plain simplego) = %q, want not a fast backend", k)
	}
}

// TestFastPathRuns proves the fast executors replace simplego's on a fast backend: they sum
// in a different order, so on long contractions the float32 results differ in the last bits
// while agreeing to rounding. (Were the hook inactive, they would be bit-for-bit equal.)
func TestFastPathRuns(t *testing.T) {
	ref := newTestBackend(t, simplego.BackendName)
	fast := newTestBackend(t, BackendName)
	c := dotCase{"matmul", []int{64, 1000}, []int{1000, 48}, []int{1}, nil, []int{0}, nil}
	rng := rand.New(rand.NewPCG(9, 9))
	l, r := randomSlice[float32](rng, size(c.lhsDims)), randomSlice[float32](rng, size(c.rhsDims))
	got, want := runDot(t, fast, c, l, r), runDot(t, ref, c, l, r)
	if e := relErr(got, want); e == 0 || e > 1e-5 {
		t.Errorf("relative error vs simplego = %g, want in (0, 1e-5]: zero means simplego's DotGeneral ran", e)
	}
}

// TestDotGeneralOtherDTypes checks bfloat16 against simplego (both accumulate in float32 and
// round once, so they agree to bfloat16 precision) and that unsupported dtypes fail with an
// error instead of a wrong result.
func TestDotGeneralOtherDTypes(t *testing.T) {
	ref := newTestBackend(t, simplego.BackendName)
	fast := newTestBackend(t, BackendName)
	build := func(l, r *Node) *Node { return Dot(l, r) }
	rng := rand.New(rand.NewPCG(3, 3))
	newBF16 := func(n int) []bfloat16.BFloat16 {
		out := make([]bfloat16.BFloat16, n)
		for i := range out {
			out[i] = bfloat16.FromFloat32(float32(rng.Float64()*2 - 1))
		}
		return out
	}
	l, r := newBF16(17*40), newBF16(40*9)
	run := func(b backends.Backend) []float32 {
		out := MustNewExec(b, build).MustExec(tensors.FromFlatDataAndDimensions(l, 17, 40), tensors.FromFlatDataAndDimensions(r, 40, 9))[0]
		return bf16ToF32(tensors.MustCopyFlatData[bfloat16.BFloat16](out))
	}
	if e := relErr(run(fast), run(ref)); e > 1e-2 {
		t.Errorf("bfloat16: relative error %g vs simplego > 1e-2", e)
	}
	ints := []int32{1, 2, 3, 4}
	exec := MustNewExec(fast, build)
	if _, err := exec.Exec(tensors.FromFlatDataAndDimensions(ints, 2, 2), tensors.FromFlatDataAndDimensions(ints, 2, 2)); err == nil {
		t.Error("int32 DotGeneral on fastgo succeeded, want an error naming the dtype")
	}
}
