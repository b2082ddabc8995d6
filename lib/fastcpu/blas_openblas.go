//go:build openblas && cgo

package fastcpu

import "github.com/tooltune/tooltune/lib/fastcpu/internal/openblas"

// openBLASAvailable reports whether this build links OpenBLAS (build tag "openblas").
const openBLASAvailable = true

// blasOrientation returns how cblas should read o as a rows×cols row-major matrix: as is
// (unit column stride) or transposed (unit row stride), with its leading dimension; ok is
// false when neither stride is 1. Strides of size-1 groups are 0, hence the max.
func blasOrientation[T float](o operand[T], rows, cols int) (trans bool, ld int, ok bool) {
	switch {
	case o.cs == 1 || cols == 1 && o.rs != 1:
		return false, max(o.rs, cols, 1), true
	case o.rs == 1 || rows == 1:
		return true, max(o.cs, rows, 1), true
	}
	return false, 0, false
}

// blasGEMM computes p with OpenBLAS, one call per batch entry, and reports false (computing
// nothing) when an operand's layout needs a copy first.
func blasGEMM[T float](p problem[T]) bool {
	ta, lda, okA := blasOrientation(p.a, p.m, p.k)
	tb, ldb, okB := blasOrientation(p.b, p.k, p.n)
	if !okA || !okB {
		return false
	}
	for b := range p.batch {
		a := p.a.data[p.a.off+b*p.a.bs:]
		bm := p.b.data[p.b.off+b*p.b.bs:]
		c := p.c[b*p.m*p.n:]
		switch any(p.c).(type) {
		case []float32:
			openblas.GEMM(ta, tb, p.m, p.n, p.k, any(a).([]float32), lda, any(bm).([]float32), ldb, any(c).([]float32))
		case []float64:
			openblas.GEMM(ta, tb, p.m, p.n, p.k, any(a).([]float64), lda, any(bm).([]float64), ldb, any(c).([]float64))
		}
	}
	return true
}
