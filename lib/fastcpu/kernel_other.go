//go:build !amd64

package fastcpu

// bestAsmKernel reports that no assembly kernel exists on this architecture.
func bestAsmKernel() (kernel[float32], bool) { return kernel[float32]{}, false }

// asmKernel reports that no assembly kernel exists on this architecture.
func asmKernel(KernelName) (kernel[float32], bool) { return kernel[float32]{}, false }

// vectorOps32 returns the portable float32 vector kernels.
func vectorOps32() vectorOps[float32] { return goVectorOps[float32]() }
