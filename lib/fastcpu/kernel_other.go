//go:build !amd64

package fastcpu

// bestAsmKernel reports that no assembly kernel exists on this architecture.
func bestAsmKernel() (kernel[float32], bool) { return kernel[float32]{}, false }

// asmKernel reports that no assembly kernel exists on this architecture.
func asmKernel(KernelName) (kernel[float32], bool) { return kernel[float32]{}, false }

// vectorOps32 returns the portable float32 vector kernels.
func vectorOps32() vectorOps[float32] { return goVectorOps[float32]() }

// binaryVec32 computes nothing without assembly: the caller's Go loops do all of it.
func binaryVec32(binaryKind, []float32, []float32, []float32, int) int { return 0 }

// exp32Vec computes nothing without assembly: exp32Go does all of it.
func exp32Vec(x, out []float32) int { return 0 }

// whereVec32 computes nothing without assembly: whereRun's Go loops do all of it.
func whereVec32(cond []bool, t, f, out []float32) int { return 0 }
