package fastcpu

import (
	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// reduceExecutor returns the executor of one reduction kind for float32 and float64 operands
// reduced over adjacent axes.
func reduceExecutor(kind reduceKind) fastExecutor {
	return func(b *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, _ []bool, _ KernelName) (*simplego.Buffer, bool, error) {
		axes, ok := nodeAxes(node)
		if !ok {
			return nil, false, nil
		}
		inShape, err := b.BufferShape(inputs[0])
		if err != nil {
			return nil, true, err
		}
		outer, reduced, inner, ok := reduceLayout(inShape.Dimensions, axes)
		if !ok {
			return nil, false, nil
		}
		in, err := b.BufferData(inputs[0])
		if err != nil {
			return nil, true, err
		}
		switch in := in.(type) {
		case []float32:
			return runOp(b, nodeShape(node), func(out []float32) { reduceRows(in, out, outer, reduced, inner, kind, defaultWorkers()) })
		case []float64:
			return runOp(b, nodeShape(node), func(out []float64) { reduceRows(in, out, outer, reduced, inner, kind, defaultWorkers()) })
		}
		return nil, false, nil
	}
}

// execBroadcastInDim broadcasts float32, float64, int32, int64 and bool operands.
func execBroadcastInDim(b *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, _ []bool, _ KernelName) (*simplego.Buffer, bool, error) {
	axes, ok := nodeAxes(node)
	outShape := nodeShape(node)
	if !ok || outShape.Rank() == 0 {
		return nil, false, nil
	}
	inShape, err := b.BufferShape(inputs[0])
	if err != nil {
		return nil, true, err
	}
	plan := newBroadcastPlan(inShape.Dimensions, outShape.Dimensions, axes)
	in, err := b.BufferData(inputs[0])
	if err != nil {
		return nil, true, err
	}
	switch in := in.(type) {
	case []float32:
		return runOp(b, outShape, func(out []float32) { broadcastInto(in, out, plan, defaultWorkers()) })
	case []float64:
		return runOp(b, outShape, func(out []float64) { broadcastInto(in, out, plan, defaultWorkers()) })
	case []int32:
		return runOp(b, outShape, func(out []int32) { broadcastInto(in, out, plan, defaultWorkers()) })
	case []int64:
		return runOp(b, outShape, func(out []int64) { broadcastInto(in, out, plan, defaultWorkers()) })
	case []bool:
		return runOp(b, outShape, func(out []bool) { broadcastInto(in, out, plan, defaultWorkers()) })
	}
	return nil, false, nil
}

// runOp allocates the output buffer of shape and lets fill write it.
func runOp[T any](b *simplego.Backend, shape shapes.Shape, fill func(out []T)) (*simplego.Buffer, bool, error) {
	out := b.NewBuffer(shape)
	flat, err := b.BufferData(out)
	if err != nil {
		return nil, true, err
	}
	o, ok := flat.([]T)
	if !ok {
		_ = b.BufferFinalize(out)
		return nil, false, nil
	}
	fill(o)
	return out, true, nil
}

// binaryExecutor returns the executor of one elementwise arithmetic op for float32 and
// float64. Like simplego, it writes into an owned input of the output's shape instead of
// allocating.
func binaryExecutor(kind binaryKind) fastExecutor {
	return func(b *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, owned []bool, _ KernelName) (*simplego.Buffer, bool, error) {
		outShape := nodeShape(node)
		xShape, errX := b.BufferShape(inputs[0])
		yShape, errY := b.BufferShape(inputs[1])
		if errX != nil || errY != nil || outShape.Rank() == 0 {
			return nil, false, nil
		}
		plan, ok := newBinaryPlan(xShape.Dimensions, yShape.Dimensions, outShape.Dimensions)
		if !ok {
			return nil, false, nil
		}
		x, errX := b.BufferData(inputs[0])
		y, errY := b.BufferData(inputs[1])
		if errX != nil || errY != nil {
			return nil, false, nil
		}
		out, reused := reusableOutput(b, inputs, owned, outShape)
		flat, err := b.BufferData(out)
		if err != nil {
			return nil, true, err
		}
		switch o := flat.(type) {
		case []float32:
			applyBinary(kind, x.([]float32), y.([]float32), o, plan, defaultWorkers())
		case []float64:
			applyBinary(kind, x.([]float64), y.([]float64), o, plan, defaultWorkers())
		default:
			if reused < 0 {
				_ = b.BufferFinalize(out)
			}
			return nil, false, nil
		}
		if reused >= 0 {
			inputs[reused] = nil
		}
		return out, true, nil
	}
}

// reusableOutput returns an owned input with the output's shape (and its index), or a new
// buffer (and -1).
func reusableOutput(b *simplego.Backend, inputs []*simplego.Buffer, owned []bool, shape shapes.Shape) (*simplego.Buffer, int) {
	for i, in := range inputs {
		if s, err := b.BufferShape(in); err == nil && i < len(owned) && owned[i] && s.Equal(shape) {
			return in, i
		}
	}
	return b.NewBuffer(shape), -1
}

// unaryExecutor returns the executor of one elementwise function for float32 and float64,
// writing into the input when simplego hands it over.
func unaryExecutor(kind unaryKind) fastExecutor {
	return func(b *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, owned []bool, _ KernelName) (*simplego.Buffer, bool, error) {
		x, err := b.BufferData(inputs[0])
		if err != nil {
			return nil, false, nil
		}
		switch x := x.(type) {
		case []float32:
			return unaryInto(b, node, inputs, owned, func(out []float32) { applyUnary(kind, x, out, defaultWorkers()) })
		case []float64:
			return unaryInto(b, node, inputs, owned, func(out []float64) { applyUnary(kind, x, out, defaultWorkers()) })
		}
		return nil, false, nil
	}
}

// unaryInto runs fill on the output buffer: the owned input itself, or a new buffer.
func unaryInto[T any](b *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, owned []bool, fill func(out []T)) (*simplego.Buffer, bool, error) {
	out, reused := reusableOutput(b, inputs[:1], owned, nodeShape(node))
	flat, err := b.BufferData(out)
	if err != nil {
		return nil, true, err
	}
	fill(flat.([]T))
	if reused >= 0 {
		inputs[reused] = nil
	}
	return out, true, nil
}
