package fastcpu

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX graph code reads best with the dot import.
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// opCase is a graph of one input to run on both backends.
type opCase struct {
	name string
	dims []int
	fn   func(x *Node) *Node
}

// opCases cover the reductions and broadcasts the fast executors take over (adjacent axes,
// leading, middle and trailing, size-1 axes) and forms they leave to simplego (non-adjacent
// axes), plus softmax, which combines them.
func opCases() []opCase {
	return []opCase{
		{"sum_last", []int{3, 17, 257}, func(x *Node) *Node { return ReduceSum(x, -1) }},
		{"sum_first", []int{17, 3, 5}, func(x *Node) *Node { return ReduceSum(x, 0) }},
		{"sum_middle_two", []int{3, 4, 5, 6}, func(x *Node) *Node { return ReduceSum(x, 1, 2) }},
		{"sum_all", []int{3, 17}, func(x *Node) *Node { return ReduceAllSum(x) }},
		{"sum_non_adjacent", []int{3, 4, 5}, func(x *Node) *Node { return ReduceSum(x, 0, 2) }},
		{"sum_size_one", []int{1, 7, 1}, func(x *Node) *Node { return ReduceSum(x, 2) }},
		{"max_last", []int{4, 257}, func(x *Node) *Node { return ReduceMax(x, -1) }},
		{"max_first", []int{17, 6}, func(x *Node) *Node { return ReduceMax(x, 0) }},
		{"sum_last_large", []int{300, 257}, func(x *Node) *Node { return ReduceSum(x, -1) }},
		{"sum_middle_large", []int{40, 30, 65}, func(x *Node) *Node { return ReduceSum(x, 1) }},
		{"broadcast_large", []int{70, 1, 33}, func(x *Node) *Node { return BroadcastToDims(x, 70, 40, 33) }},
		{"broadcast_prefix", []int{5, 3}, func(x *Node) *Node { return BroadcastPrefix(x, 4, 2) }},
		{"broadcast_trailing", []int{5, 1}, func(x *Node) *Node { return BroadcastToDims(x, 5, 17) }},
		{"broadcast_middle", []int{3, 1, 4}, func(x *Node) *Node { return BroadcastToDims(x, 3, 6, 4) }},
		{"broadcast_scalar", []int{}, func(x *Node) *Node { return BroadcastToDims(x, 3, 2) }},
		{"expand_middle_axis", []int{3, 4}, func(x *Node) *Node {
			return ExpandAndBroadcast(x, []int{3, 5, 4}, []int{1})
		}},
		{"softmax", []int{2, 3, 17}, func(x *Node) *Node { return Softmax(x, -1) }},
		{"add_same_shape_large", []int{64, 600}, func(x *Node) *Node { return Add(x, Square(x)) }},
		{"sub_row_broadcast", []int{64, 600}, func(x *Node) *Node { return Sub(x, ReduceAndKeep(x, ReduceMax, -1)) }},
		{"div_column_broadcast", []int{70, 513}, func(x *Node) *Node { return Div(x, AddScalar(ReduceAndKeep(Abs(x), ReduceSum, 0), 1)) }},
		{"mul_middle_broadcast", []int{4, 9, 5}, func(x *Node) *Node { return Mul(x, ReduceAndKeep(x, ReduceSum, 1)) }},
		{"mul_scalar_left", []int{3, 7}, func(x *Node) *Node { return Mul(Scalar(x.Graph(), x.DType(), 3), x) }},
		{"add_self", []int{5, 6}, func(x *Node) *Node { return Add(x, x) }},
		{"exp_large", []int{80, 500}, func(x *Node) *Node { return Exp(x) }},
		{"silu_large", []int{80, 500}, func(x *Node) *Node { return Mul(x, Sigmoid(MulScalar(x, 8))) }},
		{"exp_small", []int{3}, func(x *Node) *Node { return Exp(Neg(x)) }},
		{"abs_large", []int{80, 500}, func(x *Node) *Node { return Abs(x) }},
		{"abs_negative_zero", []int{4}, func(x *Node) *Node { return Abs(MulScalar(x, 0)) }},
		{"where_same_shape_large", []int{80, 500}, func(x *Node) *Node {
			return Where(GreaterOrEqual(x, Scalar(x.Graph(), x.DType(), 0.1)), MulScalar(x, 3), Square(x))
		}},
		{"where_scalar_branch", []int{70, 513}, func(x *Node) *Node {
			return Where(GreaterOrEqual(x, ZerosLike(x)), x, ZerosLike(x))
		}},
		{"where_both_scalar", []int{5, 7}, func(x *Node) *Node {
			return Where(GreaterOrEqual(x, ZerosLike(x)), Scalar(x.Graph(), x.DType(), 2), Scalar(x.Graph(), x.DType(), -1))
		}},
		{"where_broadcast_condition", []int{6, 7}, func(x *Node) *Node {
			return Where(GreaterOrEqual(ReduceSum(x, 1), Scalar(x.Graph(), x.DType(), 0)), x, Neg(x)) // condition [6]: left to simplego
		}},
		{"transpose_heads", []int{2, 40, 4, 64}, func(x *Node) *Node { return TransposeAllDims(x, 0, 2, 1, 3) }},
		{"transpose_last_two", []int{3, 70, 513}, func(x *Node) *Node { return TransposeAllDims(x, 0, 2, 1) }},
		{"transpose_reverse", []int{2, 3, 4, 5}, func(x *Node) *Node { return TransposeAllDims(x, 3, 2, 1, 0) }},
		{"transpose_size_one_axes", []int{1, 6, 1, 7}, func(x *Node) *Node { return TransposeAllDims(x, 2, 3, 0, 1) }},
		{"transpose_identity", []int{4, 5}, func(x *Node) *Node { return TransposeAllDims(x, 0, 1) }},
		{"rms_norm_like", []int{2, 5, 8}, func(x *Node) *Node {
			return Div(x, Sqrt(ReduceAndKeep(Square(x), ReduceMean, -1)))
		}},
	}
}

func TestOpsMatchSimpleGo(t *testing.T) {
	ref := newTestBackend(t, simplego.BackendName)
	fast := newTestBackend(t, BackendName)
	for _, c := range opCases() {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, uint64(size(c.dims))))
			x32 := randomSlice[float32](rng, size(c.dims))
			if e := relErr(runOp1(t, fast, c, x32), runOp1(t, ref, c, x32)); e > 1e-6 {
				t.Errorf("float32: relative error %g vs simplego > 1e-6", e)
			}
			x64 := randomSlice[float64](rng, size(c.dims))
			if e := relErr(runOp1(t, fast, c, x64), runOp1(t, ref, c, x64)); e > 1e-14 {
				t.Errorf("float64: relative error %g vs simplego > 1e-14", e)
			}
		})
	}
}

func TestBroadcastIntegersAndBools(t *testing.T) {
	ref := newTestBackend(t, simplego.BackendName)
	fast := newTestBackend(t, BackendName)
	build := func(x *Node) *Node { return ExpandAndBroadcast(x, []int{3, 2, 4}, []int{1}) }
	inputs := []any{
		[]int32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
		[]int64{-1, 2, -3, 4, -5, 6, -7, 8, -9, 10, -11, 12},
		[]bool{true, false, true, true, false, false, true, false, true, false, false, true},
	}
	for _, in := range inputs {
		t.Run(fmt.Sprintf("%T", in), func(t *testing.T) {
			newInput := func() *tensors.Tensor {
				switch in := in.(type) {
				case []int32:
					return tensors.FromFlatDataAndDimensions(in, 3, 4)
				case []int64:
					return tensors.FromFlatDataAndDimensions(in, 3, 4)
				default:
					return tensors.FromFlatDataAndDimensions(in.([]bool), 3, 4)
				}
			}
			got := MustNewExec(fast, build).MustExec(newInput())[0].Value()
			want := MustNewExec(ref, build).MustExec(newInput())[0].Value()
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

func runOp1[T float32 | float64](t *testing.T, b backends.Backend, c opCase, x []T) []T {
	t.Helper()
	exec := MustNewExec(b, c.fn)
	var in *tensors.Tensor
	if len(c.dims) == 0 {
		in = tensors.FromScalar(x[0])
	} else {
		in = tensors.FromFlatDataAndDimensions(x, c.dims...)
	}
	return tensors.MustCopyFlatData[T](exec.MustExec(in)[0])
}

// TestGradientsMatchSimpleGo runs a small attention-and-MLP block's loss and its gradients
// (autodiff builds broadcasts, reductions, transposed products and elementwise ops) on both
// backends.
func TestGradientsMatchSimpleGo(t *testing.T) {
	ref := newTestBackend(t, simplego.BackendName)
	fast := newTestBackend(t, BackendName)
	const tokens, d, hidden = 40, 24, 56
	build := func(x, wq, wk, w1, w2 *Node) []*Node {
		q := Dot(x, wq)
		k := Dot(x, wk)
		att := Softmax(DotGeneral(q, []int{1}, nil, k, []int{1}, nil), -1) // [tokens, tokens]
		h := Dot(att, x)
		mlp := Dot(Mul(Dot(h, w1), Sigmoid(Dot(h, w1))), w2)
		loss := ReduceAllSum(Square(Add(mlp, h)))
		return append([]*Node{loss}, Gradient(loss, wq, wk, w1, w2)...)
	}
	rng := rand.New(rand.NewPCG(21, 22))
	inputs := [][]float32{
		randomSlice[float32](rng, tokens*d), randomSlice[float32](rng, d*d), randomSlice[float32](rng, d*d),
		randomSlice[float32](rng, d*hidden), randomSlice[float32](rng, hidden*d),
	}
	dims := [][]int{{tokens, d}, {d, d}, {d, d}, {d, hidden}, {hidden, d}}
	run := func(b backends.Backend) [][]float32 {
		var args []any
		for i, in := range inputs {
			args = append(args, tensors.FromFlatDataAndDimensions(in, dims[i]...))
		}
		var out [][]float32
		for _, o := range MustNewExec(b, build).MustExec(args...) {
			out = append(out, tensors.MustCopyFlatData[float32](o))
		}
		return out
	}
	got, want := run(fast), run(ref)
	for i := range want {
		if e := relErr(got[i], want[i]); e > 1e-5 {
			t.Errorf("output %d (0 = loss, then gradients): relative error %g vs simplego > 1e-5", i, e)
		}
	}
}

// TestRandomBitsMatchSimpleGo: the fast RNGBitGenerator gives simplego's random values and
// next state (the two words PCG uses) bit for bit, for sizes that fill whole 8-byte draws and
// sizes that end in part of one, and over consecutive draws that thread the state.
func TestRandomBitsMatchSimpleGo(t *testing.T) {
	ref := newTestBackend(t, simplego.BackendName)
	fast := newTestBackend(t, BackendName)
	for _, dims := range [][]int{{3}, {4}, {7, 5}, {64, 257}} {
		t.Run(fmt.Sprint(dims), func(t *testing.T) {
			draw := func(b backends.Backend) []any {
				exec := MustNewExec(b, func(state *Node) []*Node {
					s, u32 := RandomUniform(state, shapes.Make(dtypes.Float32, dims...))
					s, u64 := RandomUniform(s, shapes.Make(dtypes.Float64, dims...))
					return []*Node{s, u32, u64}
				})
				state, err := RNGStateFromSeed(int64(len(dims)*1000 + dims[0]))
				if err != nil {
					t.Fatal(err)
				}
				in := state.Value().([]uint64)
				var out []any
				for _, o := range exec.MustExec(state) {
					out = append(out, o.Value())
				}
				// The state's words past the two PCG uses are undefined in simplego (a pooled
				// buffer's leftovers), so only those two are compared; fastgo carries the
				// input's.
				next := out[0].([]uint64)
				if b == fast && next[2] != in[2] {
					t.Errorf("state word 2: got %d, want the input's %d", next[2], in[2])
				}
				out[0] = next[:2]
				return out
			}
			got, want := draw(fast), draw(ref)
			for i := range want {
				if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
					t.Errorf("output %d differs:\n got %.200v\nwant %.200v", i, got[i], want[i])
				}
			}
		})
	}
}
