package fastcpu

import (
	"github.com/gomlx/gomlx/backends/simplego"
)

// execTranspose is simplego's Transpose for float32 and float64 as a gather (see
// newGatherPlan): output axes whose input strides chain are merged, and each run along the
// innermost merged axis is one copy when it is contiguous in the input too, as for the
// [B, T, H, D] <-> [B, H, T, D] transposes of attention, split across cores. simplego walks
// every element with a per-element iterator.
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
	inStrides := rowMajorStrides(inShape.Dimensions)
	outDims, strides := make([]int, len(perm)), make([]int, len(perm))
	for i, axis := range perm {
		outDims[i], strides[i] = inShape.Dimensions[axis], inStrides[axis]
	}
	plan := newGatherPlan(outDims, strides)
	switch x := in.(type) {
	case []float32:
		return runOp(b, nodeShape(node), func(out []float32) { broadcastInto(x, out, plan, defaultWorkers()) })
	case []float64:
		return runOp(b, nodeShape(node), func(out []float64) { broadcastInto(x, out, plan, defaultWorkers()) })
	}
	return nil, false, nil
}
