package fastcpu

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/dtypes/bfloat16"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// BackendName is the name to use in GOMLX_BACKEND (or backends.NewWithConfig) for the fast
// backend, e.g. "fastgo" or "fastgo:ops_sequential,kernel=avx2".
const BackendName = "fastgo"

// DefaultConfig is the recommended configuration: ops run one at a time, each spread over
// all cores by this package. simplego's concurrent op scheduling adds nothing then (measured:
// LoRA step 1.35-1.41x faster than with "parallelism=-1"), and it avoids the training stall
// and the data race lib/model saw in simplego's scheduler.
const DefaultConfig = BackendName + ":ops_sequential"

func init() {
	backends.Register(BackendName, New)
}

// New creates a fast backend. config takes simplego's options (parallelism=N, ops_sequential,
// ops_parallel) plus kernel=auto|go|avx2|avx512|openblas to force a kernel; simplego's
// dotgeneral_* options are rejected because DotGeneral is what this backend replaces.
func New(config string) (backends.Backend, error) {
	if err := checkInternals(); err != nil {
		return nil, err
	}
	if !hooked() {
		return nil, fmt.Errorf("fastcpu: simplego's DotGeneral executor could not be replaced")
	}
	kernelName, rest, err := parseConfig(config)
	if err != nil {
		return nil, err
	}
	kernels, err := newKernelSet(kernelName)
	if err != nil {
		return nil, err
	}
	inner, err := simplego.New(rest)
	if err != nil {
		return nil, fmt.Errorf("fastcpu: creating simplego backend: %w", err)
	}
	b, ok := inner.(*simplego.Backend)
	if !ok {
		return nil, fmt.Errorf("fastcpu: simplego.New returned %T", inner)
	}
	if err := setMode(b, kernels.name); err != nil {
		return nil, err
	}
	return b, nil
}

// parseConfig splits the kernel option from the options passed on to simplego.
func parseConfig(config string) (KernelName, string, error) {
	kernelName := KernelAuto
	var rest []string
	for _, part := range strings.Split(config, ",") {
		key, value, _ := strings.Cut(part, "=")
		switch {
		case key == "kernel":
			kernelName = KernelName(value)
		case strings.HasPrefix(key, "dotgeneral_"):
			return "", "", fmt.Errorf("fastcpu: option %q is not supported: %s replaces simplego's DotGeneral", part, BackendName)
		case part != "":
			rest = append(rest, part)
		}
	}
	return kernelName, strings.Join(rest, ","), nil
}

// KernelOf reports the kernel a backend created by New uses, or false when b is
// not such a backend.
func KernelOf(b backends.Backend) (KernelName, bool) {
	sb, ok := b.(*simplego.Backend)
	if !ok {
		return "", false
	}
	return backendKernel(sb)
}

// execDotGeneral runs a DotGeneral node with the packed GEMM. handled is false for dtypes it
// does not cover (which simplego's own executor then runs).
func execDotGeneral(b *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, _ []bool, kernelName KernelName) (out *simplego.Buffer, handled bool, err error) {
	lhsShape, err := b.BufferShape(inputs[0])
	if err != nil {
		return nil, true, err
	}
	dtype := lhsShape.DType
	if dtype != dtypes.Float32 && dtype != dtypes.Float64 && dtype != dtypes.BFloat16 {
		// simplego's own executor cannot run here: the backend's mark sits in the field it
		// reads to pick its algorithm.
		return nil, true, fmt.Errorf("fastcpu: DotGeneral on %s is not supported by %s (float32, float64 and bfloat16 are); use the %q backend", dtype, BackendName, simplego.BackendName)
	}
	rhsShape, err := b.BufferShape(inputs[1])
	if err != nil {
		return nil, true, err
	}
	spec, err := nodeSpec(node)
	if err != nil {
		return nil, true, err
	}
	kernels, err := newKernelSet(kernelName)
	if err != nil {
		return nil, true, err
	}
	kernels.f32.scratch, kernels.f64.scratch = backendScratch[float32](b), backendScratch[float64](b)
	out = b.NewBuffer(shapes.Make(dtype, spec.batch, spec.lhsCross, spec.rhsCross))
	lhs, err := b.BufferData(inputs[0])
	if err != nil {
		return nil, true, err
	}
	rhs, err := b.BufferData(inputs[1])
	if err != nil {
		return nil, true, err
	}
	outFlat, err := b.BufferData(out)
	if err != nil {
		return nil, true, err
	}
	switch dtype {
	case dtypes.Float32:
		// The pooled output buffer may hold an earlier result: the products overwrite it.
		dotGeneral(spec, lhs.([]float32), lhsShape.Dimensions, rhs.([]float32), rhsShape.Dimensions, outFlat.([]float32), kernels.f32)
	case dtypes.Float64:
		dotGeneral(spec, lhs.([]float64), lhsShape.Dimensions, rhs.([]float64), rhsShape.Dimensions, outFlat.([]float64), kernels.f64)
	case dtypes.BFloat16:
		// Like simplego: accumulate in float32, round the result to bfloat16 once.
		o := make([]float32, spec.batch*spec.lhsCross*spec.rhsCross)
		dotGeneral(spec, bf16ToF32(lhs.([]bfloat16.BFloat16)), lhsShape.Dimensions, bf16ToF32(rhs.([]bfloat16.BFloat16)), rhsShape.Dimensions, o, kernels.f32)
		for i, v := range o {
			outFlat.([]bfloat16.BFloat16)[i] = bfloat16.FromFloat32(v)
		}
	}
	return out, true, nil
}

// backendScratch lends buffers from b's pool (see scratchFunc).
func backendScratch[T float](b *simplego.Backend) scratchFunc[T] {
	dtype := dtypes.FromGoType(reflect.TypeFor[T]())
	return func(n int) ([]T, func()) {
		buf := b.NewBuffer(shapes.Make(dtype, n))
		flat, err := b.BufferData(buf)
		if err != nil { // cannot happen for a buffer just made; allocate rather than fail
			return make([]T, n), func() {}
		}
		return flat.([]T), func() { _ = b.BufferFinalize(buf) }
	}
}

func bf16ToF32(x []bfloat16.BFloat16) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = v.Float32()
	}
	return out
}
