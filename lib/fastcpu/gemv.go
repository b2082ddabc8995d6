package fastcpu

// Products with very few output rows (decoding one token: x[1, in]·Wᵀ) or columns (the rank-r
// products of LoRA: x·Aᵀ and its gradients) are matrix-vector-like: packing would copy a whole
// operand for a handful of uses, which costs as much as the product itself. They are computed
// directly with dot products or axpy sweeps.

// maxVectorRows is the largest number of output rows computed without packing, and
// maxVectorCols the largest number of output columns (16 covers LoRA ranks up to 16). Few
// rows pay less: each B element is used m times by the packed kernel, and above 4 the
// packing is worth it (measured on AVX-512: 8×256×2048 packed 0.29 ms, unpacked 0.46 ms).
const (
	maxVectorRows = 4
	maxVectorCols = 16
)

// vectorOps are the vector kernels for few-row products.
type vectorOps[T float] struct {
	dot  func(x, y []T) T
	axpy func(alpha T, x, y []T)
}

func goVectorOps[T float]() vectorOps[T] { return vectorOps[T]{dot: goDot[T], axpy: goAxpy[T]} }

func goDot[T float](x, y []T) T {
	y = y[:len(x)]
	var s0, s1, s2, s3 T
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func goAxpy[T float](alpha T, x, y []T) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += alpha * v
	}
}

// fewRows computes p without packing when it has at most maxRows rows and B is
// contiguous along k (dot products) or along n (axpy sweeps); it reports false otherwise.
// With transposedOut, output element (i, j) of batch entry b is stored at (b, j, i) of an
// [n, m] matrix: that is how few-column products run as few-row ones (see multiply).
// Columns are shared out among workers.
func fewRows[T float](p problem[T], ops vectorOps[T], workers, maxRows int, transposedOut bool) bool {
	if p.m > maxRows || (p.b.rs != 1 && p.b.cs != 1) {
		return false
	}
	if 2*p.batch*p.m*p.n*p.k < minParallelFlops {
		workers = 1
	}
	chunk := roundUp(max(1, (p.n+2*workers-1)/(2*workers)), 32)
	chunk = min(chunk, 512) // keeps the m output rows of a chunk in L1 for the axpy sweep
	chunks := (p.n + chunk - 1) / chunk
	aRows := make([][]T, p.batch*p.m)
	for b := range p.batch {
		for i := range p.m {
			aRows[b*p.m+i] = contiguousRow(p.a, b, i, p.k)
		}
	}
	parallelFor(workers, p.batch*chunks, func(_, t int) {
		b, j0 := t/chunks, t%chunks*chunk
		j1 := min(p.n, j0+chunk)
		rows := make([][]T, p.m)
		for i := range rows {
			if transposedOut {
				rows[i] = make([]T, j1-j0)
			} else {
				rows[i] = p.c[p.outOffset(b, i, j0):p.outOffset(b, i, j1)]
				clear(rows[i]) // the axpy sweep accumulates; p.c may hold anything
			}
		}
		a := aRows[b*p.m : (b+1)*p.m]
		if p.b.rs == 1 {
			for j := j0; j < j1; j++ {
				start := p.b.at(b, 0, j)
				col := p.b.data[start : start+p.k]
				for i, row := range rows {
					row[j-j0] = ops.dot(a[i], col)
				}
			}
		} else {
			for q := range p.k {
				start := p.b.at(b, q, j0)
				bRow := p.b.data[start : start+j1-j0]
				for i, row := range rows {
					ops.axpy(a[i][q], bRow, row)
				}
			}
		}
		if transposedOut {
			for i, row := range rows {
				for j, v := range row {
					p.c[(b*p.n+j0+j)*p.m+i] = v
				}
			}
		}
	})
	return true
}

// transposed returns the product Bᵀ·Aᵀ, whose output is the transpose of p's.
func (p problem[T]) transposed() problem[T] {
	return problem[T]{
		batch: p.batch, m: p.n, n: p.m, k: p.k,
		a: operand[T]{data: p.b.data, off: p.b.off, bs: p.b.bs, rs: p.b.cs, cs: p.b.rs},
		b: operand[T]{data: p.a.data, off: p.a.off, bs: p.a.bs, rs: p.a.cs, cs: p.a.rs},
		c: p.c,
	}
}

// contiguousRow returns row i of batch entry b of o as a contiguous slice of length k,
// copying only when the row is strided.
func contiguousRow[T float](o operand[T], b, i, k int) []T {
	start := o.at(b, i, 0)
	if o.cs == 1 || k == 1 {
		return o.data[start : start+k]
	}
	row := make([]T, k)
	for q := range row {
		row[q] = o.data[start+q*o.cs]
	}
	return row
}
