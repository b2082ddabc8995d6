package fastcpu

import (
	"math"
	"slices"
)

// Faster executors for the two data-movement ops that dominate a LoRA training step once
// DotGeneral is fast: reductions over a run of adjacent axes (softmax, RMSNorm, the loss and
// the gradients of broadcasts) and BroadcastInDim. simplego runs both through a per-element
// multi-axis iterator; here the work is laid out as contiguous rows, and anything not of that
// form is left to simplego.

// reduceKind is a reduction this package implements.
type reduceKind int

const (
	reduceSum reduceKind = iota
	reduceMax
)

// reduceLayout views a reduction over a run of adjacent axes as [outer, reduced, inner].
// ok is false when the reduced axes are not adjacent.
func reduceLayout(dims, axes []int) (outer, reduced, inner int, ok bool) {
	if len(axes) == 0 {
		return 0, 0, 0, false
	}
	sorted := slices.Sorted(slices.Values(axes))
	for i := 1; i < len(sorted); i++ {
		if sorted[i] != sorted[i-1]+1 {
			return 0, 0, 0, false
		}
	}
	first, last := sorted[0], sorted[len(sorted)-1]
	return groupSize(rangeAxes(0, first), dims), groupSize(sorted, dims), groupSize(rangeAxes(last+1, len(dims)), dims), true
}

func rangeAxes(from, to int) []int {
	axes := make([]int, 0, max(0, to-from))
	for a := from; a < to; a++ {
		axes = append(axes, a)
	}
	return axes
}

// reduceRows reduces in, laid out as [outer, reduced, inner], into out [outer, inner], in
// parallel over outer when in is large.
func reduceRows[T float](in, out []T, outer, reduced, inner int, kind reduceKind, workers int) {
	parallelRanges(workers, outer, len(in), func(lo, hi int) {
		reduceBlock(in[lo*reduced*inner:hi*reduced*inner], out[lo*inner:hi*inner], hi-lo, reduced, inner, kind)
	})
}

// reduceBlock is reduceRows on one goroutine.
func reduceBlock[T float](in, out []T, outer, reduced, inner int, kind reduceKind) {
	init := T(0)
	if kind == reduceMax {
		init = T(math.Inf(-1))
	}
	for o := range outer {
		dst := out[o*inner : (o+1)*inner]
		block := in[o*reduced*inner : (o+1)*reduced*inner]
		if inner == 1 {
			dst[0] = reduceVector(block, init, kind)
			continue
		}
		for i := range dst {
			dst[i] = init
		}
		for r := range reduced {
			row := block[r*inner : (r+1)*inner]
			if kind == reduceMax {
				for i, v := range row {
					dst[i] = max(dst[i], v)
				}
				continue
			}
			for i, v := range row {
				dst[i] += v
			}
		}
	}
}

// reduceVector reduces one contiguous vector with four independent accumulators, so the
// additions overlap instead of waiting on each other.
func reduceVector[T float](v []T, init T, kind reduceKind) T {
	a0, a1, a2, a3 := init, init, init, init
	i := 0
	for ; i+4 <= len(v); i += 4 {
		if kind == reduceMax {
			a0, a1, a2, a3 = max(a0, v[i]), max(a1, v[i+1]), max(a2, v[i+2]), max(a3, v[i+3])
		} else {
			a0, a1, a2, a3 = a0+v[i], a1+v[i+1], a2+v[i+2], a3+v[i+3]
		}
	}
	for ; i < len(v); i++ {
		if kind == reduceMax {
			a0 = max(a0, v[i])
		} else {
			a0 += v[i]
		}
	}
	if kind == reduceMax {
		return max(max(a0, a1), max(a2, a3))
	}
	return (a0 + a1) + (a2 + a3)
}

// broadcastPlan describes BroadcastInDim as runs along the output's last merged axis, each a
// copy (stride 1), a fill (stride 0) or a strided gather, indexed by the outer merged axes.
type broadcastPlan struct {
	dims    []int // output dimensions after merging compatible trailing axes
	strides []int // operand stride per merged output axis (0 where broadcast)
}

// newBroadcastPlan maps every output axis to its operand stride (operand axis i is output
// axis axes[i]; size-1 operand axes broadcast) and merges neighbouring axes whose strides
// chain, so a run covers as much of the output as possible.
func newBroadcastPlan(operandDims, outDims, axes []int) broadcastPlan {
	opStrides := rowMajorStrides(operandDims)
	strides := make([]int, len(outDims))
	for i, a := range axes {
		if operandDims[i] != 1 {
			strides[a] = opStrides[i]
		}
	}
	return newGatherPlan(outDims, strides)
}

// newGatherPlan is the plan of an output whose axis a reads the operand strides[a] elements
// apart, with neighbouring axes merged where their strides chain. Broadcasts and transposes
// are both such gathers.
func newGatherPlan(outDims, strides []int) broadcastPlan {
	p := broadcastPlan{dims: []int{}, strides: []int{}}
	for a := range outDims {
		n := len(p.dims)
		if n > 0 && p.strides[n-1] == strides[a]*outDims[a] {
			p.dims[n-1] *= outDims[a]
			p.strides[n-1] = strides[a]
			continue
		}
		p.dims = append(p.dims, outDims[a])
		p.strides = append(p.strides, strides[a])
	}
	return p
}

// broadcastInto fills out according to plan, reading from in, in parallel over runs when out
// is large.
func broadcastInto[T any](in, out []T, plan broadcastPlan, workers int) {
	last := len(plan.dims) - 1
	run, step := plan.dims[last], plan.strides[last]
	parallelRanges(workers, len(out)/run, len(out), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			broadcastRun(in[plan.runOffset(r):], out[r*run:(r+1)*run], step)
		}
	})
}

// runOffset is the operand offset at the start of output run r.
func (p broadcastPlan) runOffset(r int) int {
	off := 0
	for a := len(p.dims) - 2; a >= 0; a-- {
		off += r % p.dims[a] * p.strides[a]
		r /= p.dims[a]
	}
	return off
}

// broadcastRun fills dst from in: a copy (step 1), a fill (step 0) or a strided gather.
func broadcastRun[T any](in, dst []T, step int) {
	switch step {
	case 0:
		v := in[0]
		for j := range dst {
			dst[j] = v
		}
	case 1:
		copy(dst, in[:len(dst)])
	default:
		for j := range dst {
			dst[j] = in[j*step]
		}
	}
}
