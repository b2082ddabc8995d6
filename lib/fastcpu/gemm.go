package fastcpu

import (
	"runtime"
	"unsafe"
)

// float is the element type the GEMM handles.
type float interface{ ~float32 | ~float64 }

// operand is a batch of strided matrices over one flat slice: element (b, i, j) lies at
// data[off + b*bs + i*rs + j*cs]. Strides let transposed and batched layouts be read in place.
type operand[T float] struct {
	data       []T
	off        int
	bs, rs, cs int
}

// at returns the offset of element (b, i, j).
func (o operand[T]) at(b, i, j int) int { return o.off + b*o.bs + i*o.rs + j*o.cs }

// blocking holds the cache-block sizes of the GEMM loops (in elements).
type blocking struct {
	mc, kc, nc int
}

// defaultBlocking sizes blocks so a packed B block (kc×nc, 512 KiB of float32) stays in L2
// while one A micro-panel (mr×kc) stays in L1 and B micro-panels stream by; mc is the number
// of rows handed to a goroutine at a time. A deep kc halves the passes over C (each kc-deep
// block reads and writes every output tile once) at the price of narrower B blocks: measured
// with bench-matmul, kc 512 / nc 256 against 256 / 512 in alternating runs, 512³ 219 and 219
// GFLOP/s against 207 and 188, 1024³ 211 and 204 against 204 and 161, LoRA step 4873 and
// 4746 tokens/s against 4871 and 4282.
func defaultBlocking(mr, nr int) blocking {
	return blocking{mc: roundUp(120, mr), kc: 512, nc: roundUp(256, nr)}
}

func roundUp(n, multiple int) int { return (n + multiple - 1) / multiple * multiple }

// problem is C[b] = A[b]·B[b] for every batch entry b, with A m×k, B k×n and C a contiguous
// row-major [batch, m, n] slice.
type problem[T float] struct {
	batch, m, n, k int
	a, b           operand[T]
	c              []T
}

// minParallelFlops is the size below which a product runs on one goroutine: starting and
// joining goroutines costs a few microseconds, more than such a product takes.
const minParallelFlops = 1 << 21

// maxPackedA bounds the packed copy of A (in elements, 16 MiB of float32): taller operands
// are processed in bands of rows.
const maxPackedA = 1 << 22

// gemm computes p with kernel k, using up to workers goroutines.
//
// p.c is overwritten: the first kc-deep block of each output tile writes it, later ones add
// to it. The work is cut into tasks that each own a rectangle of one batch entry's output and
// pack their own operands, so a product starts and joins its goroutines once: no goroutine
// waits for another's packing, and each core packs into the buffers its own caches hold
// (every core has its own L2). Batches whose entries share out evenly give whole entries to
// the tasks; otherwise every entry is cut into rectangles.
func gemm[T float](p problem[T], k kernel[T], workers int, scratch scratchFunc[T]) {
	if p.k == 0 {
		clear(p.c[:p.batch*p.m*p.n])
	}
	if p.batch == 0 || p.m == 0 || p.n == 0 || p.k == 0 {
		return
	}
	if 2*p.batch*p.m*p.n*p.k < minParallelFlops {
		workers = 1
	}
	blk := defaultBlocking(k.mr, k.nr)
	rects := []rect{{0, p.m, 0, p.n}}
	if workers > 1 && p.batch%workers != 0 && p.batch < 4*workers {
		switch {
		case readsInPlace(k, p.a) && p.n >= 2*workers*k.nr:
			// A needs no packing, so bands of columns pack nothing twice: each task packs
			// only its own columns of B, where bands of rows would each pack all of it
			// (256³: 185 -> 200 GFLOP/s).
			rects = splitCols(p.m, p.n, k.nr, workers)
		case p.k <= blk.kc && p.n <= blk.nc:
			// B is one packed block, which a worker packs once and keeps for all its tasks:
			// smaller tasks then cost nothing extra and let the caller's goroutine take over
			// the work of a helper that starts late.
			rects = splitRects(p.m, p.n, k.mr, k.nr, 4*workers)
		default:
			rects = splitRects(p.m, p.n, k.mr, k.nr, workers)
		}
	}
	tasks := p.batch * len(rects)
	wss := make([]*workspace[T], min(workers, tasks))
	parallelFor(len(wss), tasks, func(w, t int) {
		if wss[w] == nil {
			wss[w] = newWorkspace(blk, k, p.k, rects[0], readsInPlace(k, p.a), scratch)
		}
		computeRect(p, t/len(rects), rects[t%len(rects)], k, blk, wss[w])
	})
	for _, ws := range wss {
		if ws != nil {
			ws.release()
		}
	}
}

// scratchFunc lends a slice of n elements, not necessarily zeroed, and a function that takes
// it back. The backend lends its pooled buffers, so a training step's products reuse the same
// packing space step after step instead of allocating (and the runtime zeroing) it each time.
type scratchFunc[T float] func(n int) (buf []T, release func())

// makeScratch is the scratchFunc of plain allocation.
func makeScratch[T float](n int) ([]T, func()) { return make([]T, n), func() {} }

// rect is the rows [r0, r1) × columns [c0, c1) of an output matrix.
type rect struct{ r0, r1, c0, c1 int }

// splitRects cuts an m×n output into parts equal rectangles, as bands of whole micro-panel
// rows when there are enough rows for every part to get a few, else as bands of columns.
func splitRects(m, n, mr, nr, parts int) []rect {
	if panels := (m + mr - 1) / mr; panels >= 2*parts || n < parts*nr {
		var out []rect
		per := (panels + parts - 1) / parts * mr
		for r := 0; r < m; r += per {
			out = append(out, rect{r, min(m, r+per), 0, n})
		}
		return out
	}
	return splitCols(m, n, nr, parts)
}

// splitCols cuts an m×n output into parts bands of columns, multiples of nr wide.
func splitCols(m, n, nr, parts int) []rect {
	var out []rect
	per := roundUp((n+parts-1)/parts, nr)
	for c := 0; c < n; c += per {
		out = append(out, rect{0, m, c, min(n, c+per)})
	}
	return out
}

// defaultWorkers is the number of goroutines a product may use: one per usable core.
func defaultWorkers() int { return runtime.GOMAXPROCS(0) }

// parallelRanges splits [0, count) into about two ranges per worker and calls fn(lo, hi) for
// each on up to workers goroutines; work of fewer than minParallelElements elements (size)
// stays on one goroutine, where starting others would cost more than it saves.
func parallelRanges(workers, count, size int, fn func(lo, hi int)) {
	if size < minParallelElements {
		workers = 1
	}
	chunk := max(1, (count+2*workers-1)/(2*workers))
	parallelFor(workers, (count+chunk-1)/chunk, func(_, c int) {
		fn(c*chunk, min(count, (c+1)*chunk))
	})
}

// workspace holds one task's packed operands and a scratch tile for ragged edges, all in one
// lent slice.
type workspace[T float] struct {
	a, b, edge []T
	band       int       // rows of A packed at a time
	packedB    packedKey // which block b holds
	release    func()    // gives the slice back
}

// packedKey names a packed block of B: batch entry, first row (depth), first column, columns.
type packedKey struct{ b, pc, jc, cols int }

// newWorkspace sizes a workspace for rectangles no larger than r (the first of a split is the
// largest) of a product k deep. When the kernel reads A in place, only a ragged last panel of
// A is ever packed.
func newWorkspace[T float](blk blocking, k kernel[T], depth int, r rect, aInPlace bool, scratch scratchFunc[T]) *workspace[T] {
	kc := min(blk.kc, depth)
	nc := min(blk.nc, roundUp(r.c1-r.c0, k.nr))
	band := roundUp(r.r1-r.r0, k.mr)
	if band*kc > maxPackedA {
		band = max(blk.mc, maxPackedA/kc/blk.mc*blk.mc)
	}
	if scratch == nil {
		scratch = makeScratch[T]
	}
	na, nb := band*kc, kc*nc
	if aInPlace {
		na = k.mr*kc + k.mr*stagedStride(kc) // a ragged last panel, then a staged one
	}
	buf, release := scratch(na + nb + k.mr*k.nr)
	return &workspace[T]{a: buf[:na], b: buf[na : na+nb], edge: buf[na+nb:], band: band, packedB: packedKey{b: -1}, release: release}
}

// computeRect computes rectangle r of batch entry b. For each band of rows and kc-deep slice
// it packs A once (or only its ragged last panel, when the kernel reads A in place); for each
// nc-wide column block it packs B (sized to stay in L2) and runs the micro-kernels over the
// band, an A micro-panel at a time.
func computeRect[T float](p problem[T], b int, r rect, k kernel[T], blk blocking, ws *workspace[T]) {
	stage := rowsAlias[T](p.a.rs, k.mr)
	for r0 := r.r0; r0 < r.r1; r0 += ws.band {
		rows := min(ws.band, r.r1-r0)
		inPlace := 0
		if readsInPlace(k, p.a) {
			inPlace = rows / k.mr * k.mr
		}
		for pc := 0; pc < p.k; pc += blk.kc {
			kcb := min(blk.kc, p.k-pc)
			a := panelsA[T]{packed: ws.a, data: p.a.data, off: p.a.at(b, r0, pc), lda: p.a.rs, inPlace: inPlace}
			if inPlace > 0 && stage {
				a.staged = ws.a[k.mr*kcb:] // after the ragged panel packA may have written
			}
			packA(ws.a, p.a, b, r0+inPlace, pc, 0, rows-inPlace, kcb, k.mr)
			for jc := r.c0; jc < r.c1; jc += blk.nc {
				ncb := min(blk.nc, r.c1-jc)
				if key := (packedKey{b, pc, jc, ncb}); ws.packedB != key {
					packB(ws.b, p.b, b, pc, jc, 0, kcb, ncb, k.nr)
					ws.packedB = key
				}
				macroKernel(k, a, ws.b, p.c[p.outOffset(b, r0, jc):], ws.edge, p.n, rows, ncb, kcb, pc > 0)
			}
		}
	}
}

// outOffset is the offset of output element (b, i, j).
func (p problem[T]) outOffset(b, i, j int) int { return (b*p.m+i)*p.n + j }

// readsInPlace reports whether k reads full panels of a without packing them, which needs a
// contiguous along k. (Rows 4 KiB apart are staged instead, see rowsAlias; packing them into
// column order measured slower than either: 1024³ 173 GFLOP/s against 179 in place.)
func readsInPlace[T float](k kernel[T], a operand[T]) bool {
	return k.runRows != nil && a.cs == 1
}

// panelsA says where the macro-kernel finds A's micro-panels: the first inPlace rows in place
// (row i at data[off+i*lda:]), the others packed (packed[(i-inPlace)*kcb:]). When staged is
// set, each in-place panel is first copied there, its rows stagedStride(kcb) apart.
type panelsA[T float] struct {
	packed, data, staged []T
	off, lda, inPlace    int
}

// rows returns the in-place panel of mr rows starting at row ir, kcb deep, and its row stride:
// in place, or staged first when a.staged is set.
func (a panelsA[T]) rows(ir, mr, kcb int) ([]T, int) {
	src := a.data[a.off+ir*a.lda:]
	if a.staged == nil {
		return src, a.lda
	}
	lda := stagedStride(kcb)
	for i := range mr {
		copy(a.staged[i*lda:i*lda+kcb], src[i*a.lda:i*a.lda+kcb])
	}
	return a.staged, lda
}

// stagingPad is the padding, in elements, between the rows of a staged A panel.
const stagingPad = 16

// l1Ways is the associativity of the L1 data cache of the CPUs this package is tuned for
// (8 on AMD Zen and older Intel cores; Intel's newer 12-way caches only make staging rarer).
const l1Ways = 8

// rowsAlias reports whether the mr rows of an in-place A panel, lda elements apart, would
// crowd more than l1Ways lines into one L1 set. The set of a line comes from address bits
// 6-11, so rows whose starts are 4 KiB apart land in one set: the AVX-512 kernel reads 12
// such rows at every step of k and they evict one another all through the product. Such
// panels are staged: copied into a small buffer whose rows are stagingPad elements longer
// than kcb, a plain copy far cheaper than packing A into column order. Measured with
// BenchmarkGEMM/avx512/1024 (lda 4 KiB), three alternating runs: 196 GFLOP/s staged against
// 185 in place (one core: 101 against 96); at 512 (lda 2 KiB, six rows per set) and for the
// 6-row AVX2 kernel staging does not help.
func rowsAlias[T float](lda, mr int) bool {
	var zero T
	bytes := lda * int(unsafe.Sizeof(zero))
	offsets := 4096 / gcd(bytes, 4096) // distinct page offsets among the rows
	return (mr+offsets-1)/offsets > l1Ways
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// stagedStride is the row stride of a staged panel kcb deep.
func stagedStride(kcb int) int { return kcb + stagingPad }

// macroKernel multiplies rows rows of A by the ncb columns of a packed kcb×ncb block of B
// (bp) into c, whose top-left element is the block's (0, 0), adding to c when add is set and
// overwriting it otherwise. An A micro-panel (mr×kcb) is reused across every B micro-panel
// while it sits in L1.
func macroKernel[T float](k kernel[T], a panelsA[T], bp, c, edge []T, ldc, rows, ncb, kcb int, add bool) {
	for ir := 0; ir < rows; ir += k.mr {
		panelRows := min(k.mr, rows-ir)
		var rowsA []T // the panel's rows and their stride, when it is read in place
		var lda int
		if ir < a.inPlace {
			rowsA, lda = a.rows(ir, k.mr, kcb)
		}
		for jr := 0; jr < ncb; jr += k.nr {
			cols := min(k.nr, ncb-jr)
			bPanel := bp[jr*kcb : (jr+k.nr)*kcb]
			cTile := c[ir*ldc+jr:]
			full := panelRows == k.mr && cols == k.nr
			dst, ldd := cTile, ldc
			if !full { // ragged edge: compute the whole tile aside, then store its corner
				dst, ldd = edge, k.nr
			}
			if ir < a.inPlace {
				k.runRows(kcb, rowsA, lda, bPanel, dst, ldd, add && full)
			} else {
				k.run(kcb, a.packed[(ir-a.inPlace)*kcb:(ir-a.inPlace+k.mr)*kcb], bPanel, dst, ldd, add && full)
			}
			if !full {
				storeTile(cTile, ldc, edge, k.nr, panelRows, cols, add)
			}
		}
	}
}

// storeTile adds the rows×cols top-left corner of src (row stride lds) into dst (row stride
// ldd), or copies it there when add is not set.
func storeTile[T float](dst []T, ldd int, src []T, lds, rows, cols int, add bool) {
	for i := range rows {
		d := dst[i*ldd : i*ldd+cols]
		s := src[i*lds : i*lds+cols]
		if !add {
			copy(d, s)
			continue
		}
		for j := range d {
			d[j] += s[j]
		}
	}
}

// packA copies rows [i0+r0, i0+r1) × columns [p0, p0+depth) of batch entry b of a into dst
// as mr-row micro-panels stored column by column (dst[p*mr+i]), padding a last partial panel
// with zeros. r0 is a multiple of mr; the panel of block row r lands at dst[r*depth:], so
// disjoint ranges can be packed in parallel.
func packA[T float](dst []T, a operand[T], b, i0, p0, r0, r1, depth, mr int) {
	for panel := r0; panel < r1; panel += mr {
		out := dst[panel*depth : (panel+mr)*depth]
		n := min(mr, r1-panel)
		packPanel(out, a, b, i0+panel, p0, n, depth, mr, a.rs, a.cs)
	}
}

// packB copies rows [p0, p0+depth) × columns [j0+c0, j0+c1) of batch entry b of bm into dst
// as nr-column micro-panels stored row by row (dst[p*nr+j]); c0 is a multiple of nr, and the
// panel for block column c lands at dst[c*depth:], so disjoint ranges can be packed in parallel.
func packB[T float](dst []T, bm operand[T], b, p0, j0, c0, depth, c1, nr int) {
	for panel := c0; panel < c1; panel += nr {
		out := dst[panel*depth : (panel+nr)*depth]
		n := min(nr, c1-panel)
		packPanel(out, bm, b, j0+panel, p0, n, depth, nr, bm.cs, bm.rs)
	}
}

// packPanel writes out[p*width+l] = src element at (lane l0+l, depth p0+p) for l < lanes, and
// zero for lanes ≥ lanes. laneStride and depthStride are the source strides of the lane and
// depth directions; the loop order follows whichever direction is contiguous in the source.
func packPanel[T float](out []T, src operand[T], b, l0, p0, lanes, depth, width, laneStride, depthStride int) {
	base := src.off + b*src.bs + l0*laneStride + p0*depthStride
	if lanes < width {
		clear(out)
	}
	if depthStride == 1 && lanes <= maxPanelWidth {
		packTransposed(out, src.data, base, lanes, depth, width, laneStride)
		return
	}
	for p := range depth {
		start := base + p*depthStride
		dst := out[p*width : p*width+lanes]
		if laneStride == 1 {
			copy(dst, src.data[start:start+lanes])
			continue
		}
		for l := range dst {
			dst[l] = src.data[start+l*laneStride]
		}
	}
}

// maxPanelWidth is the widest micro-panel of any kernel (the AVX-512 kernel's 32 columns).
const maxPanelWidth = 32

// packTransposed packs lanes source rows (each contiguous along depth, laneStride apart) into
// out[p*width+l]. It walks the output in order, four lanes at a time, so every store lands
// next to the previous one while the rows are read as parallel sequential streams.
func packTransposed[T float](out, data []T, base, lanes, depth, width, laneStride int) {
	var rows [maxPanelWidth][]T
	for l := range lanes {
		rows[l] = data[base+l*laneStride : base+l*laneStride+depth]
	}
	for p := range depth {
		o := out[p*width : p*width+lanes]
		l := 0
		for ; l+4 <= len(o); l += 4 {
			o[l], o[l+1], o[l+2], o[l+3] = rows[l][p], rows[l+1][p], rows[l+2][p], rows[l+3][p]
		}
		for ; l < len(o); l++ {
			o[l] = rows[l][p]
		}
	}
}
