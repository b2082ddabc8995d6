package fastcpu

// Elementwise Add, Sub, Mul and Div on float32 and float64, split across cores. simplego runs
// each op on one goroutine, walking broadcast operands with a per-element iterator; in a
// training step these ops are most of the time not spent in matrix products, and they leave
// the second core idle.

// binaryKind is an elementwise arithmetic op.
type binaryKind int

const (
	binaryAdd binaryKind = iota
	binarySub
	binaryMul
	binaryDiv
)

// minParallelElements is the output size below which an elementwise op stays on one goroutine.
const minParallelElements = 1 << 15

// binaryPlan walks the output as an odometer over merged outer axes with one run per step;
// xs and ys are each operand's stride per merged axis (0 where it is broadcast).
type binaryPlan struct {
	dims, xs, ys []int
}

// newBinaryPlan maps both operands onto the output (same rank with dimensions equal or 1,
// or a single element) and merges neighbouring axes whose strides chain in both operands.
func newBinaryPlan(xDims, yDims, outDims []int) (binaryPlan, bool) {
	xs, okX := stridesInOutput(xDims, outDims)
	ys, okY := stridesInOutput(yDims, outDims)
	if !okX || !okY {
		return binaryPlan{}, false
	}
	p := binaryPlan{}
	for a, d := range outDims {
		n := len(p.dims)
		if n > 0 && p.xs[n-1] == xs[a]*d && p.ys[n-1] == ys[a]*d {
			p.dims[n-1] *= d
			p.xs[n-1], p.ys[n-1] = xs[a], ys[a]
			continue
		}
		p.dims, p.xs, p.ys = append(p.dims, d), append(p.xs, xs[a]), append(p.ys, ys[a])
	}
	return p, len(p.dims) > 0
}

// stridesInOutput returns an operand's stride along each output axis, or false when its
// shape does not broadcast to the output by size-1 axes alone.
func stridesInOutput(dims, outDims []int) ([]int, bool) {
	strides := make([]int, len(outDims))
	if groupSize(rangeAxes(0, len(dims)), dims) == 1 {
		return strides, true
	}
	if len(dims) != len(outDims) {
		return nil, false
	}
	own := rowMajorStrides(dims)
	for a, d := range dims {
		switch d {
		case outDims[a]:
			strides[a] = own[a]
		case 1:
		default:
			return nil, false
		}
	}
	return strides, true
}

// applyBinary computes out = x ∘ y over the plan, in parallel over runs when out is large.
func applyBinary[T float](kind binaryKind, x, y, out []T, p binaryPlan, workers int) {
	last := len(p.dims) - 1
	run := p.dims[last]
	parallelRanges(workers, len(out)/run, len(out), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			xo, yo := p.outerOffsets(r)
			binaryRun(kind, x[xo:], y[yo:], out[r*run:(r+1)*run], p.xs[last], p.ys[last])
		}
	})
}

// outerOffsets returns the operand offsets at the start of run r.
func (p binaryPlan) outerOffsets(r int) (xo, yo int) {
	for a := len(p.dims) - 2; a >= 0; a-- {
		i := r % p.dims[a]
		r /= p.dims[a]
		xo += i * p.xs[a]
		yo += i * p.ys[a]
	}
	return xo, yo
}

// binaryRun computes one contiguous run of the output; x and y advance by sx and sy.
func binaryRun[T float](kind binaryKind, x, y, out []T, sx, sy int) {
	if x32, ok := any(x).([]float32); ok && sx == 1 && sy <= 1 {
		done := binaryVec32(kind, x32, any(y).([]float32), any(out).([]float32), sy)
		x, out = x[done:], out[done:]
		if sy == 1 {
			y = y[done:]
		}
	}
	switch {
	case sx == 1 && sy == 1:
		x, y = x[:len(out)], y[:len(out)]
		switch kind {
		case binaryAdd:
			for i := range out {
				out[i] = x[i] + y[i]
			}
		case binarySub:
			for i := range out {
				out[i] = x[i] - y[i]
			}
		case binaryMul:
			for i := range out {
				out[i] = x[i] * y[i]
			}
		case binaryDiv:
			for i := range out {
				out[i] = x[i] / y[i]
			}
		}
	case sx == 1 && sy == 0:
		x, v := x[:len(out)], y[0]
		switch kind {
		case binaryAdd:
			for i := range out {
				out[i] = x[i] + v
			}
		case binarySub:
			for i := range out {
				out[i] = x[i] - v
			}
		case binaryMul:
			for i := range out {
				out[i] = x[i] * v
			}
		case binaryDiv:
			for i := range out {
				out[i] = x[i] / v
			}
		}
	default:
		for i := range out {
			out[i] = binaryOp(kind, x[i*sx], y[i*sy])
		}
	}
}

func binaryOp[T float](kind binaryKind, a, b T) T {
	switch kind {
	case binaryAdd:
		return a + b
	case binarySub:
		return a - b
	case binaryMul:
		return a * b
	}
	return a / b
}
