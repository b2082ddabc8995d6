package fastcpu

import "math"

// Exp and Logistic (the sigmoid inside SiLU) on float32 and float64, split across cores.
// The formulas are simplego's, so results are identical; only the single goroutine is gone.

// unaryKind is an elementwise function.
type unaryKind int

const (
	unaryExp unaryKind = iota
	unaryLogistic
)

// applyUnary computes out[i] = f(x[i]), in parallel over chunks when x is large.
func applyUnary[T float](kind unaryKind, x, out []T, workers int) {
	if len(x) < minParallelElements {
		workers = 1
	}
	chunk := max(1, (len(x)+2*workers-1)/(2*workers))
	parallelFor(workers, (len(x)+chunk-1)/chunk, func(_, c int) {
		lo, hi := c*chunk, min(len(x), (c+1)*chunk)
		unaryRun(kind, x[lo:hi], out[lo:hi])
	})
}

func unaryRun[T float](kind unaryKind, x, out []T) {
	out = out[:len(x)]
	if kind == unaryExp {
		for i, v := range x {
			out[i] = T(math.Exp(float64(v)))
		}
		return
	}
	for i, v := range x {
		if v >= 0 {
			out[i] = T(1.0 / (1.0 + math.Exp(-float64(v))))
		} else {
			e := math.Exp(float64(v))
			out[i] = T(e / (1.0 + e))
		}
	}
}
