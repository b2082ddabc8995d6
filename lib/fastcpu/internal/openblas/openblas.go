//go:build openblas && cgo

package openblas

/*
#cgo LDFLAGS: -lopenblas
#include <cblas.h>
*/
import "C"

import "unsafe"

// GEMM computes C = op(A)·op(B) (row-major, beta = 0) for float32 or float64 slices a, b, c
// starting at their first element; transA/transB say the operand is stored transposed.
func GEMM[T float32 | float64](transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T) {
	ta, tb := trans(transA), trans(transB)
	pa, pb, pc := unsafe.Pointer(unsafe.SliceData(a)), unsafe.Pointer(unsafe.SliceData(b)), unsafe.Pointer(unsafe.SliceData(c))
	switch any(c).(type) {
	case []float32:
		C.cblas_sgemm(C.CblasRowMajor, ta, tb, C.blasint(m), C.blasint(n), C.blasint(k), 1,
			(*C.float)(pa), C.blasint(lda), (*C.float)(pb), C.blasint(ldb), 0, (*C.float)(pc), C.blasint(n))
	case []float64:
		C.cblas_dgemm(C.CblasRowMajor, ta, tb, C.blasint(m), C.blasint(n), C.blasint(k), 1,
			(*C.double)(pa), C.blasint(lda), (*C.double)(pb), C.blasint(ldb), 0, (*C.double)(pc), C.blasint(n))
	}
}

func trans(t bool) C.enum_CBLAS_TRANSPOSE {
	if t {
		return C.CblasTrans
	}
	return C.CblasNoTrans
}
