package fastcpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// naiveGEMM is the reference: the textbook triple loop, accumulated in float64.
func naiveGEMM[T float](p problem[T]) []T {
	out := make([]T, p.batch*p.m*p.n)
	for b := range p.batch {
		for i := range p.m {
			for j := range p.n {
				var s float64
				for q := range p.k {
					s += float64(p.a.data[p.a.at(b, i, q)]) * float64(p.b.data[p.b.at(b, q, j)])
				}
				out[(b*p.m+i)*p.n+j] = T(s)
			}
		}
	}
	return out
}

// relErr is ‖got-want‖/‖want‖ (‖got-want‖ when want is zero), +Inf when got holds a NaN, so
// that a comparison err > tolerance fails on it.
func relErr[T float](got, want []T) float64 {
	var num, den float64
	for i := range want {
		d := float64(got[i]) - float64(want[i])
		num += d * d
		den += float64(want[i]) * float64(want[i])
	}
	if math.IsNaN(num) {
		return math.Inf(1)
	}
	if den == 0 {
		return math.Sqrt(num)
	}
	return math.Sqrt(num / den)
}

func randomSlice[T float](rng *rand.Rand, n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = T(rng.Float64()*2 - 1)
	}
	return s
}

// newProblem lays out A and B row-major, or transposed (column-major) when asked, so the
// packing routines see both contiguous directions.
func newProblem[T float](rng *rand.Rand, batch, m, n, k int, aT, bT bool) problem[T] {
	a := operand[T]{data: randomSlice[T](rng, batch*m*k), bs: m * k, rs: k, cs: 1}
	if aT {
		a.rs, a.cs = 1, m
	}
	b := operand[T]{data: randomSlice[T](rng, batch*k*n), bs: k * n, rs: n, cs: 1}
	if bT {
		b.rs, b.cs = 1, k
	}
	return problem[T]{batch: batch, m: m, n: n, k: k, a: a, b: b, c: garbage[T](batch * m * n)}
}

// garbage returns n NaNs: an output buffer as the backend's pool hands it out, holding an
// earlier result, which every product must overwrite, never add to.
func garbage[T float](n int) []T {
	c := make([]T, n)
	for i := range c {
		c[i] = T(math.NaN())
	}
	return c
}

func availableKernels(t testing.TB) []KernelName {
	names := []KernelName{KernelGo}
	for _, n := range []KernelName{KernelAVX2, KernelAVX512, KernelOpenBLAS} {
		if _, err := newKernelSet(n); err == nil {
			names = append(names, n)
		} else {
			t.Logf("skipping kernel %s: %v", n, err)
		}
	}
	return names
}

func TestGEMMMatchesNaive(t *testing.T) {
	shapes := []struct{ batch, m, n, k int }{
		{1, 1, 1, 1}, {1, 3, 17, 5}, {2, 17, 3, 257}, {1, 13, 33, 7}, {3, 40, 70, 300},
		{1, 257, 65, 31}, {1, 1, 600, 64}, {1, 130, 1, 520}, {4, 25, 37, 0},
		{1, 29, 45, 512}, {3, 50, 70, 24}, // A rows 2 KiB apart; a batch that does not share out evenly
		{1, 37, 70, 1024},                 // float32 A rows 4 KiB apart: AVX-512 panels are staged (rowsAlias)
		{2, 30, 32, 300}, {3, 20, 16, 40}, // B exactly one micro-panel wide (AVX-512, AVX2)
	}
	for _, kn := range availableKernels(t) {
		set, err := newKernelSet(kn)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range shapes {
			for _, layout := range []struct{ aT, bT bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
				name := fmt.Sprintf("%s/b%d_m%d_n%d_k%d_aT%v_bT%v", kn, s.batch, s.m, s.n, s.k, layout.aT, layout.bT)
				t.Run(name, func(t *testing.T) {
					rng := rand.New(rand.NewPCG(uint64(s.m), uint64(s.n*1000+s.k)))
					p32 := newProblem[float32](rng, s.batch, s.m, s.n, s.k, layout.aT, layout.bT)
					gemm(p32, set.f32.kernel, 2, nil)
					if e := relErr(p32.c, naiveGEMM(p32)); e > 1e-6 {
						t.Errorf("float32 relative error %g > 1e-6", e)
					}
					p64 := newProblem[float64](rng, s.batch, s.m, s.n, s.k, layout.aT, layout.bT)
					gemm(p64, set.f64.kernel, 2, nil)
					if e := relErr(p64.c, naiveGEMM(p64)); e > 1e-13 {
						t.Errorf("float64 relative error %g > 1e-13", e)
					}
				})
			}
		}
	}
}

func BenchmarkGEMM(b *testing.B) {
	for _, kn := range availableKernels(b) {
		set, err := newKernelSet(kn)
		if err != nil {
			b.Fatal(err)
		}
		for _, n := range []int{256, 512, 1024} {
			b.Run(fmt.Sprintf("%s/%d", kn, n), func(b *testing.B) {
				rng := rand.New(rand.NewPCG(1, 2))
				p := newProblem[float32](rng, 1, n, n, n, false, false)
				for b.Loop() {
					gemm(p, set.f32.kernel, defaultWorkers(), nil)
				}
				b.ReportMetric(2*float64(n*n*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

func TestFewRowsMatchesNaive(t *testing.T) {
	shapes := []struct{ batch, m, n, k int }{
		{1, 1, 688, 256}, {1, 1, 1, 1}, {2, 3, 45, 33}, {1, 4, 100, 1}, {3, 2, 31, 70},
	}
	opsSets := []struct {
		name string
		ops  vectorOps[float32]
	}{{"go", goVectorOps[float32]()}, {"auto", vectorOps32()}}
	for _, o := range opsSets {
		for _, s := range shapes {
			for _, layout := range []struct{ aT, bT bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
				name := fmt.Sprintf("%s/b%d_m%d_n%d_k%d_aT%v_bT%v", o.name, s.batch, s.m, s.n, s.k, layout.aT, layout.bT)
				t.Run(name, func(t *testing.T) {
					rng := rand.New(rand.NewPCG(uint64(s.n), uint64(s.k)))
					p := newProblem[float32](rng, s.batch, s.m, s.n, s.k, layout.aT, layout.bT)
					if !fewRows(p, o.ops, 2, maxVectorRows, false) {
						t.Fatal("fewRows declined a product it should compute")
					}
					if e := relErr(p.c, naiveGEMM(p)); e > 1e-6 {
						t.Errorf("relative error %g > 1e-6", e)
					}
					p64 := newProblem[float64](rng, s.batch, s.m, s.n, s.k, layout.aT, layout.bT)
					if !fewRows(p64, goVectorOps[float64](), 2, maxVectorRows, false) {
						t.Fatal("fewRows declined a float64 product")
					}
					if e := relErr(p64.c, naiveGEMM(p64)); e > 1e-13 {
						t.Errorf("float64 relative error %g > 1e-13", e)
					}
				})
			}
		}
	}
	tall := newProblem[float32](rand.New(rand.NewPCG(1, 1)), 1, maxVectorRows+1, 8, 8, false, false)
	if fewRows(tall, goVectorOps[float32](), 1, maxVectorRows, false) {
		t.Error("fewRows took a product with more than maxVectorRows rows")
	}
}

// TestFewColumnsMatchesNaive checks products with few output columns (LoRA's rank-r
// products), computed as the transposed few-row product with a transposed output.
func TestFewColumnsMatchesNaive(t *testing.T) {
	set, err := newKernelSet(KernelAuto)
	if err != nil {
		t.Fatal(err)
	}
	shapes := []struct{ batch, m, n, k int }{{1, 300, 8, 256}, {2, 70, 3, 600}, {1, 688, 16, 100}, {1, 40, 1, 7}}
	for _, s := range shapes {
		for _, layout := range []struct{ aT, bT bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
			t.Run(fmt.Sprintf("b%d_m%d_n%d_k%d_aT%v_bT%v", s.batch, s.m, s.n, s.k, layout.aT, layout.bT), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(uint64(s.m), uint64(s.k)))
				p := newProblem[float32](rng, s.batch, s.m, s.n, s.k, layout.aT, layout.bT)
				set.f32.multiply(p)
				if e := relErr(p.c, naiveGEMM(p)); e > 1e-6 {
					t.Errorf("relative error %g > 1e-6", e)
				}
			})
		}
	}
}

func TestRowsAlias(t *testing.T) {
	cases := []struct {
		lda, mr   int
		f64, want bool
	}{
		{1024, 12, false, true}, // 4 KiB: all twelve rows in one set
		{2048, 12, false, true},
		{512, 12, false, false}, // 2 KiB: six rows per set
		{1024, 6, false, false}, // the AVX2 kernel's six rows fit the ways
		{1040, 12, false, false},
		{512, 12, true, true}, // float64: 4 KiB
		{1, 12, false, false},
	}
	for _, c := range cases {
		got := rowsAlias[float32](c.lda, c.mr)
		if c.f64 {
			got = rowsAlias[float64](c.lda, c.mr)
		}
		if got != c.want {
			t.Errorf("rowsAlias(lda %d, mr %d, float64 %v) = %v, want %v", c.lda, c.mr, c.f64, got, c.want)
		}
	}
}

// TestGEMMTallOperand covers an A taller than one band of packed rows (maxPackedA).
func TestGEMMTallOperand(t *testing.T) {
	set, err := newKernelSet(KernelAuto)
	if err != nil {
		t.Fatal(err)
	}
	blk := defaultBlocking(set.f32.kernel.mr, set.f32.kernel.nr)
	k := blk.kc + 1 // a full kc-deep block, then one more step
	m := maxPackedA/blk.kc + 30
	p := newProblem[float32](rand.New(rand.NewPCG(5, 5)), 1, m, 2, k, false, false)
	if ws := newWorkspace[float32](blk, set.f32.kernel, p.k, rect{0, m, 0, p.n}, false, nil); ws.band >= m {
		t.Fatalf("band %d covers all %d rows: the case does not test banding", ws.band, m)
	}
	gemm(p, set.f32.kernel, 2, nil)
	if e := relErr(p.c, naiveGEMM(p)); e > 1e-6 {
		t.Errorf("relative error %g > 1e-6", e)
	}
}

// TestBinaryVec32IsExact: the AVX2 elementwise kernels give Go's float32 arithmetic bit for
// bit, for every op, same-shape and scalar second operands, and lengths around the 32-element
// blocks (the Go loop finishes the tail).
func TestBinaryVec32IsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, kind := range []binaryKind{binaryAdd, binarySub, binaryMul, binaryDiv} {
		for _, n := range []int{0, 1, 31, 32, 33, 64, 100, 1000} {
			for _, sy := range []int{0, 1} {
				x, y := randomSlice[float32](rng, n), randomSlice[float32](rng, max(n, 1))
				got, want := make([]float32, n), make([]float32, n)
				binaryRun(kind, x, y, got, 1, sy)
				for i := range want {
					want[i] = binaryOp(kind, x[i], y[i*sy])
				}
				for i := range want {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
						t.Fatalf("kind %d, n %d, sy %d: element %d is %g, want %g", kind, n, sy, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// TestWhereVec32IsExact: whereRun (AVX2 for full float32 operands, Go loops for the tail and
// for scalar operands) picks exactly the elements a plain loop picks, for lengths around the
// 8-lane blocks.
func TestWhereVec32IsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 7, 8, 9, 16, 33, 1000} {
		for _, form := range []struct{ tFull, fFull bool }{{true, true}, {true, false}, {false, true}, {false, false}} {
			cond := make([]bool, n)
			for i := range cond {
				cond[i] = rng.IntN(2) == 1
			}
			onTrue, onFalse := randomSlice[float32](rng, n), randomSlice[float32](rng, n)
			if !form.tFull {
				onTrue = onTrue[:1]
			}
			if !form.fFull {
				onFalse = onFalse[:1]
			}
			got := make([]float32, n)
			whereRun(cond, onTrue, onFalse, got)
			for i, c := range cond {
				want := onFalse[min(i, len(onFalse)-1)]
				if c {
					want = onTrue[min(i, len(onTrue)-1)]
				}
				if math.Float32bits(got[i]) != math.Float32bits(want) {
					t.Fatalf("n %d, full %+v: element %d is %g, want %g", n, form, i, got[i], want)
				}
			}
		}
	}
}
