package fastcpu

import "fmt"

// kernel is a micro-kernel: run computes A·B for the mr×nr tile c (row stride ldc) and adds it
// into c when add is set, or overwrites c (whatever it held) when it is not; a is an mr-row
// panel stored column by column (a[p*mr+i]) and b an nr-column panel stored row by row
// (b[p*nr+j]), both k deep. Overwriting lets the first k-block of a product write its output
// without the output being zeroed first.
//
// runRows, when a kernel has it, does the same with A read in place: a full mr-row panel whose
// row i is a[i*lda : i*lda+k].
type kernel[T float] struct {
	name    string
	mr, nr  int
	run     func(k int, a, b, c []T, ldc int, add bool)
	runRows func(k int, a []T, lda int, b, c []T, ldc int, add bool)
}

// KernelName names a micro-kernel implementation.
type KernelName string

// The micro-kernels. KernelAuto picks the fastest the CPU supports.
const (
	KernelAuto   KernelName = "auto"
	KernelGo     KernelName = "go"
	KernelAVX2   KernelName = "avx2"
	KernelAVX512 KernelName = "avx512"
	// KernelOpenBLAS hands whole products to OpenBLAS (cgo, build tag "openblas", not the
	// default); layouts it cannot read in place use the best assembly kernel.
	KernelOpenBLAS KernelName = "openblas"
)

// engine is everything one product of dtype T runs with.
type engine[T float] struct {
	kernel  kernel[T]
	vec     vectorOps[T]
	useBLAS bool
	workers int
	scratch scratchFunc[T] // packing space; nil: allocate
}

// multiply computes p, overwriting p.c: OpenBLAS when asked and the layout allows, the
// unpacked path for products of few rows or (transposed) few columns, else the packed GEMM.
func (e engine[T]) multiply(p problem[T]) {
	switch {
	case e.useBLAS && blasGEMM(p): // (beta = 0: it overwrites p.c too)
	case fewRows(p, e.vec, e.workers, maxVectorRows, false):
	case p.n < p.m && fewRows(p.transposed(), e.vec, e.workers, maxVectorCols, true):
	default:
		gemm(p, e.kernel, e.workers, e.scratch)
	}
}

// kernelSet is what one backend computes products with, for float32 and float64.
type kernelSet struct {
	name KernelName
	f32  engine[float32]
	f64  engine[float64]
}

// newKernelSet returns the kernels for name, or an error when the CPU cannot run them.
func newKernelSet(name KernelName) (kernelSet, error) {
	workers := defaultWorkers()
	set := kernelSet{
		name: name,
		f32:  engine[float32]{kernel: goKernel[float32](), vec: goVectorOps[float32](), workers: workers},
		f64:  engine[float64]{kernel: goKernel[float64](), vec: goVectorOps[float64](), workers: workers},
	}
	switch name {
	case KernelGo:
		return set, nil
	case KernelAuto, KernelOpenBLAS:
		set.f32.vec = vectorOps32()
		if k, ok := bestAsmKernel(); ok {
			set.f32.kernel = k
		}
		if name == KernelAuto {
			set.name = KernelName(set.f32.kernel.name)
			return set, nil
		}
		if !openBLASAvailable {
			return kernelSet{}, fmt.Errorf("fastcpu: kernel %q needs a build with -tags openblas (and cgo, libopenblas-dev)", name)
		}
		set.f32.useBLAS, set.f64.useBLAS = true, true
		return set, nil
	case KernelAVX2, KernelAVX512:
		k, ok := asmKernel(name)
		if !ok {
			return kernelSet{}, fmt.Errorf("fastcpu: kernel %q is not supported by this CPU or architecture", name)
		}
		set.f32.kernel, set.f32.vec = k, vectorOps32()
		return set, nil
	}
	return kernelSet{}, fmt.Errorf("fastcpu: unknown kernel %q (want %q, %q, %q, %q or %q)", name, KernelAuto, KernelGo, KernelAVX2, KernelAVX512, KernelOpenBLAS)
}

// goKernel is the portable 4×4 micro-kernel: sixteen scalar accumulators, few enough for the
// Go compiler to keep in registers on amd64 and arm64.
func goKernel[T float]() kernel[T] {
	return kernel[T]{name: string(KernelGo), mr: 4, nr: 4, run: goKernel4x4[T]}
}

func goKernel4x4[T float](k int, a, b, c []T, ldc int, add bool) {
	var c00, c01, c02, c03, c10, c11, c12, c13 T
	var c20, c21, c22, c23, c30, c31, c32, c33 T
	a = a[:4*k]
	b = b[:4*k]
	for p := 0; p < 4*k; p += 4 {
		av := a[p : p+4 : p+4]
		bv := b[p : p+4 : p+4]
		a0, a1, a2, a3 := av[0], av[1], av[2], av[3]
		b0, b1, b2, b3 := bv[0], bv[1], bv[2], bv[3]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
		c20 += a2 * b0
		c21 += a2 * b1
		c22 += a2 * b2
		c23 += a2 * b3
		c30 += a3 * b0
		c31 += a3 * b1
		c32 += a3 * b2
		c33 += a3 * b3
	}
	storeRow4(c[0:4], add, c00, c01, c02, c03)
	storeRow4(c[ldc:ldc+4], add, c10, c11, c12, c13)
	storeRow4(c[2*ldc:2*ldc+4], add, c20, c21, c22, c23)
	storeRow4(c[3*ldc:3*ldc+4], add, c30, c31, c32, c33)
}

// storeRow4 adds v0..v3 into row[0:4], or writes them there when add is not set.
func storeRow4[T float](row []T, add bool, v0, v1, v2, v3 T) {
	row = row[:4]
	if add {
		v0, v1, v2, v3 = v0+row[0], v1+row[1], v2+row[2], v3+row[3]
	}
	row[0], row[1], row[2], row[3] = v0, v1, v2, v3
}
