// Package fastcpu makes GoMLX's pure-Go backend fast on CPUs.
//
// GoMLX's simplego backend spends most of a transformer training step in DotGeneral, whose
// blocked Go loops reach about 5-12 GFLOP/s on a 2-core machine where OpenBLAS reaches well
// over 100. This package registers a backend named "fastgo" (see BackendName) that is simplego
// in every respect except a few hot ops:
//
//   - DotGeneral on float32 and float64 runs a packed, register-tiled GEMM: panels of both
//     operands are copied into micro-kernel order once per cache block, and a micro-kernel
//     keeps a whole tile of the output in registers. On amd64 the float32 micro-kernel is Go
//     assembly (AVX-512 or AVX2+FMA, chosen at start-up with golang.org/x/sys/cpu);
//     elsewhere, or without those features, a portable Go kernel runs. Products with at most
//     four output rows (decoding) skip packing and use dot products or axpy sweeps.
//   - ReduceSum and ReduceMax over adjacent axes, BroadcastInDim, and Add/Sub/Mul/Div with
//     size-1 broadcasting, which simplego runs through per-element iterators, become loops
//     over contiguous runs (float32 Add/Sub/Mul/Div runs in AVX2 assembly where the CPU has
//     it, exact like Go's scalar arithmetic); they and Exp/Logistic are split across cores,
//     where simplego runs each op on one goroutine (a training step otherwise keeps one core
//     busy on average).
//   - Where, Abs and Transpose on float32 and float64, and RNGBitGenerator, whose simplego
//     versions walk one element (or, for random bits, one byte) per loop turn: together
//     they were 15% of a LoRA training step (dropout masks and attention transposes). They
//     give simplego's results bit for bit.
//
// simplego exposes no public hook to replace an op's executor, so the package swaps entries of
// simplego's per-op executor table (reached with go:linkname, see hook.go) for wrappers that
// check whether the executing backend was created by this package; every other simplego
// backend in the process keeps the original executors. The hook depends on simplego v0.26.0's
// internals; hook_test.go fails, and New returns an error, if an upgrade changes them.
package fastcpu
