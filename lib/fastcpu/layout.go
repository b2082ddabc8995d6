package fastcpu

// Reading DotGeneral operands in place.
//
// DotGeneral sees each operand as [batch, cross, contracting] after grouping its axes. When
// every group's axes sit in memory as one evenly strided run (true for plain, transposed and
// batched matrices), the operand is read in place through strides; otherwise it is first
// copied into that normalized order.

// axisGroups are an operand's axes by role, in the order DotGeneral flattens them: batch and
// contracting axes as given, cross axes in increasing order.
type axisGroups struct {
	batch, cross, contracting []int
}

func newAxisGroups(rank int, contracting, batch []int) axisGroups {
	role := make([]bool, rank)
	for _, a := range contracting {
		role[a] = true
	}
	for _, a := range batch {
		role[a] = true
	}
	g := axisGroups{batch: batch, contracting: contracting}
	for a := range rank {
		if !role[a] {
			g.cross = append(g.cross, a)
		}
	}
	return g
}

// rowMajorStrides returns the element strides of a contiguous row-major array of dims.
func rowMajorStrides(dims []int) []int {
	strides := make([]int, len(dims))
	s := 1
	for a := len(dims) - 1; a >= 0; a-- {
		strides[a] = s
		s *= dims[a]
	}
	return strides
}

// groupStride returns the stride of a group of axes flattened in the given order, and false
// when the flattened index is not an evenly strided run of memory. Axes of size 1 never
// matter; a group of no axes (or only size-1 axes) has stride 0.
func groupStride(axes, dims, strides []int) (int, bool) {
	stride, prev := 0, -1
	for _, a := range axes {
		if dims[a] == 1 {
			continue
		}
		if prev >= 0 && strides[prev] != strides[a]*dims[a] {
			return 0, false
		}
		prev, stride = a, strides[a]
	}
	return stride, true
}

// operandView returns the operand as [batch, cross, contracting] strides (batch, cross,
// contracting), copying it into that order when it cannot be read in place.
func operandView[T float](data []T, dims []int, g axisGroups) (view []T, bs, xs, ks int) {
	strides := rowMajorStrides(dims)
	bs, okB := groupStride(g.batch, dims, strides)
	xs, okX := groupStride(g.cross, dims, strides)
	ks, okK := groupStride(g.contracting, dims, strides)
	if okB && okX && okK {
		return data, bs, xs, ks
	}
	cross, contracting := groupSize(g.cross, dims), groupSize(g.contracting, dims)
	return normalizedCopy(data, dims, strides, g), cross * contracting, contracting, 1
}

func groupSize(axes, dims []int) int {
	n := 1
	for _, a := range axes {
		n *= dims[a]
	}
	return n
}

// normalizedCopy copies data into a new contiguous [batch, cross, contracting] array by
// walking the source with an odometer over the axes in normalized order.
func normalizedCopy[T float](data []T, dims, strides []int, g axisGroups) []T {
	order := make([]int, 0, len(dims))
	order = append(append(append(order, g.batch...), g.cross...), g.contracting...)
	out := make([]T, len(data))
	idx := make([]int, len(order))
	off := 0
	for o := range out {
		out[o] = data[off]
		for i := len(order) - 1; i >= 0; i-- {
			a := order[i]
			idx[i]++
			off += strides[a]
			if idx[i] < dims[a] {
				break
			}
			off -= strides[a] * dims[a]
			idx[i] = 0
		}
	}
	return out
}

// dotGeneralSpec is what the executor needs to know about one DotGeneral node.
type dotGeneralSpec struct {
	lhsContracting, lhsBatch, rhsContracting, rhsBatch []int
	batch, lhsCross, rhsCross, contracting             int
}

// dotGeneral computes spec on row-major operands lhs (dims lhsDims) and rhs into out, a
// contiguous [batch, lhsCross, rhsCross] slice whose contents it overwrites.
func dotGeneral[T float](spec dotGeneralSpec, lhs []T, lhsDims []int, rhs []T, rhsDims []int, out []T, e engine[T]) {
	la, lbs, lxs, lks := operandView(lhs, lhsDims, newAxisGroups(len(lhsDims), spec.lhsContracting, spec.lhsBatch))
	rb, rbs, rxs, rks := operandView(rhs, rhsDims, newAxisGroups(len(rhsDims), spec.rhsContracting, spec.rhsBatch))
	p := problem[T]{
		batch: spec.batch, m: spec.lhsCross, n: spec.rhsCross, k: spec.contracting,
		a: operand[T]{data: la, bs: lbs, rs: lxs, cs: lks},
		b: operand[T]{data: rb, bs: rbs, rs: rks, cs: rxs},
		c: out,
	}
	e.multiply(p)
}
