package fastcpu

import (
	"github.com/gomlx/gomlx/backends/simplego"
)

// execTranspose is simplego's Transpose for float32 and float64, as contiguous runs split
// across cores: output axes whose input strides chain are merged, and the innermost merged
// axis is copied as one run (a plain copy when it is contiguous in the input too, as for the
// [B, T, H, D] <-> [B, H, T, D] transposes of attention). simplego walks every element with a
// per-element iterator.
func execTranspose(b *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, _ []bool, _ KernelName) (*simplego.Buffer, bool, error) {
	perm, ok := nodeAxes(node)
	inShape, err := b.BufferShape(inputs[0])
	if !ok || err != nil || len(perm) != inShape.Rank() || inShape.Rank() == 0 {
		return nil, false, nil
	}
	in, err := b.BufferData(inputs[0])
	if err != nil {
		return nil, false, nil
	}
	plan := newTransposePlan(inShape.Dimensions, perm)
	switch x := in.(type) {
	case []float32:
		return runOp(b, nodeShape(node), func(out []float32) { transposeInto(x, out, plan, defaultWorkers()) })
	case []float64:
		return runOp(b, nodeShape(node), func(out []float64) { transposeInto(x, out, plan, defaultWorkers()) })
	}
	return nil, false, nil
}

// transposePlan walks the output in row-major order over merged axes: dims[k] output
// positions along merged axis k, each strides[k] apart in the input.
type transposePlan struct {
	dims, strides []int
}

func newTransposePlan(inDims, perm []int) transposePlan {
	inStrides := rowMajorStrides(inDims)
	p := transposePlan{}
	for _, axis := range perm {
		d, s := inDims[axis], inStrides[axis]
		if d == 1 {
			continue
		}
		if n := len(p.dims); n > 0 && p.strides[n-1] == s*d {
			p.dims[n-1] *= d
			p.strides[n-1] = s
			continue
		}
		p.dims, p.strides = append(p.dims, d), append(p.strides, s)
	}
	if len(p.dims) == 0 { // every axis has size 1
		p.dims, p.strides = []int{1}, []int{1}
	}
	return p
}

// transposeInto fills out (the whole output) from in following plan.
func transposeInto[T any](in, out []T, plan transposePlan, workers int) {
	last := len(plan.dims) - 1
	runLen, runStride := plan.dims[last], plan.strides[last]
	runs := len(out) / runLen
	if len(out) < minParallelElements {
		workers = 1
	}
	chunk := max(1, (runs+2*workers-1)/(2*workers))
	parallelFor(workers, (runs+chunk-1)/chunk, func(_, c int) {
		for r := c * chunk; r < min(runs, (c+1)*chunk); r++ {
			// Input offset of run r: its index decomposed over the outer merged axes.
			offset, rest := 0, r
			for k := last - 1; k >= 0; k-- {
				offset += rest % plan.dims[k] * plan.strides[k]
				rest /= plan.dims[k]
			}
			dst := out[r*runLen : (r+1)*runLen]
			if runStride == 1 {
				copy(dst, in[offset:offset+runLen])
				continue
			}
			for i := range dst {
				dst[i] = in[offset+i*runStride]
			}
		}
	})
}
