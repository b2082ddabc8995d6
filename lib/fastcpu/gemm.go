package fastcpu

import (
	"runtime"
	"sync"
	"sync/atomic"
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
// of rows handed to a goroutine at a time.
func defaultBlocking(mr, nr int) blocking {
	return blocking{mc: roundUp(120, mr), kc: 256, nc: roundUp(512, nr)}
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
// p.c must be zeroed: the micro-kernels accumulate into it. Batches with at least as many
// entries as workers hand whole entries to goroutines; otherwise the goroutines share each
// entry's packed operands and split its micro-tiles among themselves.
func gemm[T float](p problem[T], k kernel[T], workers int) {
	if p.batch == 0 || p.m == 0 || p.n == 0 || p.k == 0 {
		return
	}
	if 2*p.batch*p.m*p.n*p.k < minParallelFlops {
		workers = 1
	}
	blk := defaultBlocking(k.mr, k.nr)
	if workers == 1 || p.batch >= workers {
		wss := make([]*workspace[T], min(workers, p.batch))
		parallelFor(len(wss), p.batch, func(w, b int) {
			if wss[w] == nil {
				wss[w] = newWorkspace(blk, k, p, 1)
			}
			computeEntry(p, b, k, blk, wss[w])
		})
		return
	}
	ws := newWorkspace(blk, k, p, workers)
	for b := range p.batch {
		computeEntry(p, b, k, blk, ws)
	}
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

// parallelFor calls fn(worker, i) for every i in [0, n) on up to workers goroutines (the
// caller's included); worker identifies the goroutine, so fn may use per-worker scratch space.
func parallelFor(workers, n int, fn func(worker, i int)) {
	workers = min(workers, n)
	var next atomic.Int64
	loop := func(w int) {
		for {
			i := int(next.Add(1)) - 1
			if i >= n {
				return
			}
			fn(w, i)
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			loop(w)
		}()
	}
	loop(0)
	wg.Wait()
}

// workspace holds the packed operands of one batch entry and, per worker, a scratch tile for
// ragged edges.
type workspace[T float] struct {
	a, b  []T
	edges [][]T
	band  int // rows of A packed at a time
}

func newWorkspace[T float](blk blocking, k kernel[T], p problem[T], workers int) *workspace[T] {
	kc := min(blk.kc, p.k)
	nc := min(blk.nc, roundUp(p.n, k.nr))
	band := roundUp(p.m, k.mr)
	if band*kc > maxPackedA {
		band = max(blk.mc, maxPackedA/kc/blk.mc*blk.mc)
	}
	ws := &workspace[T]{a: make([]T, band*kc), b: make([]T, kc*nc), band: band}
	for range workers {
		ws.edges = append(ws.edges, make([]T, k.mr*k.nr))
	}
	return ws
}

// computeEntry computes batch entry b with len(ws.edges) workers. For each band of rows and
// kc-deep slice it packs A once; for each nc-wide column block it packs B (sized to stay in
// L2) and splits the block into units of rows × columns, enough to keep every worker busy.
// Packing is shared out by micro-panel.
func computeEntry[T float](p problem[T], b int, k kernel[T], blk blocking, ws *workspace[T]) {
	workers := len(ws.edges)
	for r0 := 0; r0 < p.m; r0 += ws.band {
		rows := min(ws.band, p.m-r0)
		for pc := 0; pc < p.k; pc += blk.kc {
			kcb := min(blk.kc, p.k-pc)
			parallelFor(workers, (rows+k.mr-1)/k.mr, func(_, i int) {
				packA(ws.a, p.a, b, r0, pc, i*k.mr, min(rows, (i+1)*k.mr), kcb, k.mr)
			})
			for jc := 0; jc < p.n; jc += blk.nc {
				ncb := min(blk.nc, p.n-jc)
				parallelFor(workers, (ncb+k.nr-1)/k.nr, func(_, i int) {
					packB(ws.b, p.b, b, pc, jc, i*k.nr, kcb, min(ncb, (i+1)*k.nr), k.nr)
				})
				units := splitUnits(rows, ncb, blk.mc, k.nr, 2*workers)
				parallelFor(workers, len(units), func(w, i int) {
					u := units[i]
					c := p.c[p.outOffset(b, r0+u.ic, jc):]
					macroKernel(k, ws.a[u.ic*kcb:], ws.b, c, ws.edges[w], p.n, u.mcb, u.j0, u.j1, kcb)
				})
			}
		}
	}
}

// outOffset is the offset of output element (b, i, j).
func (p problem[T]) outOffset(b, i, j int) int { return (b*p.m+i)*p.n + j }

// unit is a piece of one packed block given to a goroutine: rows [ic, ic+mcb) of the block
// times its columns [j0, j1).
type unit struct{ ic, mcb, j0, j1 int }

// splitUnits cuts an m×ncb output block into row blocks of mc and, when that gives fewer than
// want units, also into column ranges that are multiples of nr.
func splitUnits(m, ncb, mc, nr, want int) []unit {
	rowBlocks := (m + mc - 1) / mc
	colSplits := max(1, (want+rowBlocks-1)/rowBlocks)
	colChunk := roundUp(max(1, (ncb+colSplits-1)/colSplits), nr)
	units := make([]unit, 0, rowBlocks*colSplits)
	for ic := 0; ic < m; ic += mc {
		for j0 := 0; j0 < ncb; j0 += colChunk {
			units = append(units, unit{ic: ic, mcb: min(mc, m-ic), j0: j0, j1: min(ncb, j0+colChunk)})
		}
	}
	return units
}

// macroKernel multiplies mcb rows of packed A (starting at a) by columns [j0, j1) of a packed
// kcb×ncb block of B (bp) into c, whose top-left element is the block's (0, 0). An A
// micro-panel (mr×kcb) is reused across every B micro-panel while it sits in L1.
func macroKernel[T float](k kernel[T], a, bp, c, edge []T, ldc, mcb, j0, j1, kcb int) {
	for ir := 0; ir < mcb; ir += k.mr {
		rows := min(k.mr, mcb-ir)
		aPanel := a[ir*kcb : (ir+k.mr)*kcb]
		for jr := j0; jr < j1; jr += k.nr {
			cols := min(k.nr, j1-jr)
			bPanel := bp[jr*kcb : (jr+k.nr)*kcb]
			cTile := c[ir*ldc+jr:]
			if rows == k.mr && cols == k.nr {
				k.run(kcb, aPanel, bPanel, cTile, ldc)
				continue
			}
			clear(edge)
			k.run(kcb, aPanel, bPanel, edge, k.nr)
			addTile(cTile, ldc, edge, k.nr, rows, cols)
		}
	}
}

// addTile adds the rows×cols top-left corner of src (row stride lds) into dst (row stride ldd).
func addTile[T float](dst []T, ldd int, src []T, lds, rows, cols int) {
	for i := range rows {
		d := dst[i*ldd : i*ldd+cols]
		s := src[i*lds : i*lds+cols]
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
