package fastcpu

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// sgemmKernel12x32AVX512 computes a 12×32 float32 tile (24 zmm accumulators) whose A element
// (i, p) is a[i*lda+p*kstep]: a packed panel (lda 1, kstep 12) or rows read in place (lda,
// kstep 1). Implemented in kernel_amd64.s.
//
//go:noescape
func sgemmKernel12x32AVX512(k int, a *float32, lda, kstep int, b, c *float32, ldc, add int)

// sgemmKernel6x16AVX2 is the same for a 6×16 tile with 12 ymm accumulators. Implemented in
// kernel_amd64.s.
//
//go:noescape
func sgemmKernel6x16AVX2(k int, a *float32, lda, kstep int, b, c *float32, ldc, add int)

// hasAVX512 and hasAVX2 read the CPU features; both need the OS to save the wide registers,
// which x/sys/cpu already folds into the flags.
func hasAVX512() bool { return cpu.X86.HasAVX512F }
func hasAVX2() bool   { return cpu.X86.HasAVX2 && cpu.X86.HasFMA }

// bestAsmKernel returns the widest assembly kernel the CPU supports.
func bestAsmKernel() (kernel[float32], bool) {
	if k, ok := asmKernel(KernelAVX512); ok {
		return k, true
	}
	return asmKernel(KernelAVX2)
}

// asmKernel returns the named assembly kernel if the CPU supports it.
func asmKernel(name KernelName) (kernel[float32], bool) {
	switch {
	case name == KernelAVX512 && hasAVX512():
		return asmKernelOf(name, 12, 32, sgemmKernel12x32AVX512), true
	case name == KernelAVX2 && hasAVX2():
		return asmKernelOf(name, 6, 16, sgemmKernel6x16AVX2), true
	}
	return kernel[float32]{}, false
}

// asmKernelOf wraps an assembly kernel as both a packed-panel kernel (run) and an in-place
// one (runRows), checking slice bounds once per call so the assembly never reads or writes
// outside the panels and the tile. (With k = 0 the kernels read no panel and still write, or
// add, a zero tile.)
func asmKernelOf(name KernelName, mr, nr int, fn func(k int, a *float32, lda, kstep int, b, c *float32, ldc, add int)) kernel[float32] {
	return kernel[float32]{
		name: string(name), mr: mr, nr: nr,
		run: func(k int, a, b, c []float32, ldc int, add bool) {
			_ = a[mr*k : mr*k]
			_ = b[nr*k : nr*k]
			_ = c[(mr-1)*ldc+nr-1]
			fn(k, unsafe.SliceData(a), 1, mr, unsafe.SliceData(b), unsafe.SliceData(c), ldc, flag(add))
		},
		runRows: func(k int, a []float32, lda int, b, c []float32, ldc int, add bool) {
			if k > 0 {
				_ = a[(mr-1)*lda+k-1]
			}
			_ = b[nr*k : nr*k]
			_ = c[(mr-1)*ldc+nr-1]
			fn(k, unsafe.SliceData(a), lda, 1, unsafe.SliceData(b), unsafe.SliceData(c), ldc, flag(add))
		},
	}
}

// flag passes a bool to assembly as an int.
func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sdotAVX2 returns the dot product of the first n elements of x and y; n must be a multiple
// of 32. Implemented in kernel_amd64.s.
//
//go:noescape
func sdotAVX2(n int, x, y *float32) float32

// saxpyAVX2 adds alpha·x into y over the first n elements; n must be a multiple of 32.
// Implemented in kernel_amd64.s.
//
//go:noescape
func saxpyAVX2(n int, alpha float32, x, y *float32)

// vectorOps returns the float32 vector kernels for the products of few rows: AVX2 when the
// CPU has it, else portable Go.
func vectorOps32() vectorOps[float32] {
	if !hasAVX2() {
		return goVectorOps[float32]()
	}
	return vectorOps[float32]{
		dot: func(x, y []float32) float32 {
			n := len(x) &^ 31
			s := float32(0)
			if n > 0 {
				_ = y[n-1]
				s = sdotAVX2(n, unsafe.SliceData(x), unsafe.SliceData(y))
			}
			return s + goDot(x[n:], y[n:len(x)])
		},
		axpy: func(alpha float32, x, y []float32) {
			n := len(x) &^ 31
			if n > 0 {
				_ = y[n-1]
				saxpyAVX2(n, alpha, unsafe.SliceData(x), unsafe.SliceData(y))
			}
			goAxpy(alpha, x[n:], y[n:len(x)])
		},
	}
}

// Elementwise float32 kernels over the first n elements, n a multiple of 32: out = x ∘ y and
// out = x ∘ s. Implemented in kernel_amd64.s.
//
//go:noescape
func vaddAVX2(n int, x, y, out *float32)

//go:noescape
func vsubAVX2(n int, x, y, out *float32)

//go:noescape
func vmulAVX2(n int, x, y, out *float32)

//go:noescape
func vdivAVX2(n int, x, y, out *float32)

//go:noescape
func vaddsAVX2(n int, x *float32, s float32, out *float32)

//go:noescape
func vsubsAVX2(n int, x *float32, s float32, out *float32)

//go:noescape
func vmulsAVX2(n int, x *float32, s float32, out *float32)

//go:noescape
func vdivsAVX2(n int, x *float32, s float32, out *float32)

// binaryVec32 computes the leading multiple of 32 elements of out = x ∘ y (sy == 1) or
// out = x ∘ y[0] (sy == 0), x contiguous, with AVX2, and returns how many it computed (0
// without AVX2); the caller finishes the rest.
func binaryVec32(kind binaryKind, x, y, out []float32, sy int) int {
	n := len(out) &^ 31
	if n == 0 || !hasAVX2() {
		return 0
	}
	_ = x[n-1]
	px, po := unsafe.SliceData(x), unsafe.SliceData(out)
	if sy == 0 {
		scalarOps := [...]func(n int, x *float32, s float32, out *float32){vaddsAVX2, vsubsAVX2, vmulsAVX2, vdivsAVX2}
		scalarOps[kind](n, px, y[0], po)
		return n
	}
	_ = y[n-1]
	vectorOps := [...]func(n int, x, y, out *float32){vaddAVX2, vsubAVX2, vmulAVX2, vdivAVX2}
	vectorOps[kind](n, px, unsafe.SliceData(y), po)
	return n
}

// exp32AVX2 is exp32Go on four lanes at a time, out-of-range inputs included (see
// kernel_amd64.s).
//
//go:noescape
func exp32AVX2(n int, x, out *float32)

// exp32Vec computes the leading multiple of 4 elements of out = e^x (out may be x) with AVX2,
// exactly as exp32Go, and returns how many (0 without AVX2).
func exp32Vec(x, out []float32) int {
	n := len(x) &^ 3
	if n == 0 || !hasAVX2() {
		return 0
	}
	_ = out[n-1]
	exp32AVX2(n, unsafe.SliceData(x), unsafe.SliceData(out))
	return n
}

// whereAVX2 sets out[i] = cond[i] ? t[i] : f[i] for the first n elements, n a multiple of 8.
// Implemented in kernel_amd64.s.
//
//go:noescape
func whereAVX2(n int, cond *bool, t, f, out *float32)

// whereVec32 computes the leading multiple of 8 elements of a Where whose operands are all
// full float32 slices, with AVX2, and returns how many (0 without AVX2).
func whereVec32(cond []bool, t, f, out []float32) int {
	n := len(cond) &^ 7
	if n == 0 || !hasAVX2() || len(t) < n || len(f) < n {
		return 0
	}
	_ = out[n-1]
	whereAVX2(n, unsafe.SliceData(cond), unsafe.SliceData(t), unsafe.SliceData(f), unsafe.SliceData(out))
	return n
}
