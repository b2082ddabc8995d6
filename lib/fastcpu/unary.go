package fastcpu

import "math"

// Exp and Logistic (the sigmoid inside SiLU) on float32 and float64, split across cores.
//
// float64 uses simplego's formulas (math.Exp), so its results are identical. float32 uses
// exp32, which is within one float32 ulp of float32(math.Exp(x)) and several times faster:
// math.Exp was 13% of a tiny model's training step (the attention softmax, the vocabulary
// softmax of the loss and SiLU each take an Exp per element).

// unaryKind is an elementwise function.
type unaryKind int

const (
	unaryExp unaryKind = iota
	unaryLogistic
	// unaryAbs is simplego's Abs (v < 0 ? -v : v, so -0 stays -0): dropout masks take an Abs
	// of every uniform number they draw.
	unaryAbs
)

// applyUnary computes out[i] = f(x[i]), in parallel over chunks when x is large.
func applyUnary[T float](kind unaryKind, x, out []T, workers int) {
	parallelRanges(workers, len(x), len(x), func(lo, hi int) {
		unaryRun(kind, x[lo:hi], out[lo:hi])
	})
}

func unaryRun[T float](kind unaryKind, x, out []T) {
	out = out[:len(x)]
	if kind == unaryAbs {
		for i, v := range x {
			if v < 0 {
				v = -v
			}
			out[i] = v
		}
		return
	}
	if x32, ok := any(x).([]float32); ok {
		unaryRun32(kind, x32, any(out).([]float32))
		return
	}
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

func unaryRun32(kind unaryKind, x, out []float32) {
	if kind == unaryExp {
		exp32Slice(x, out)
		return
	}
	// σ(v) = 1/(1+e) for v >= 0 and e/(1+e) otherwise, with e = exp(-|v|) <= 1: never overflows.
	// out may be x, so the exponentials go through a small buffer, a block at a time.
	var e [256]float32
	for lo := 0; lo < len(x); lo += len(e) {
		block := x[lo:min(len(x), lo+len(e))]
		for i, v := range block {
			e[i] = -float32(math.Abs(float64(v)))
		}
		exp32Slice(e[:len(block)], e[:len(block)])
		for i, v := range block {
			if ei := float64(e[i]); v >= 0 {
				out[lo+i] = float32(1 / (1 + ei))
			} else {
				out[lo+i] = float32(ei / (1 + ei))
			}
		}
	}
}

// Range limits of exp32Slice: above expOverflow32 the float32 result is +Inf, below
// expUnderflow32 it rounds to 0.
const (
	expOverflow32  = 88.72284
	expUnderflow32 = -103.97209
)

// exp32Shifter rounds a float64 to an integer when added and subtracted (1.5·2^52).
const exp32Shifter = 0x1.8p52

// exp32Slice sets out[i] = e^x[i] (out may be x): exp32Go's values, four at a time in AVX2
// assembly where the CPU has it (the same operations and roundings, so the same bits).
func exp32Slice(x, out []float32) {
	out = out[:len(x)]
	done := exp32Vec(x, out)
	exp32Go(x[done:], out[done:])
}

// exp32Go sets out[i] = e^x[i]. Each is computed in float64 but only as accurately as a float32
// result needs: x = n·ln2 + r with |r| <= ln2/2, e^r from its Taylor series to degree 7
// (truncation error below 6e-9 relative, a tenth of a float32 ulp), and 2^n set in the
// exponent bits directly. n is rounded by adding and subtracting exp32Shifter (math.Floor is a
// function call on baseline amd64). The result is float32(math.Exp(x)) or a neighbour one ulp
// away. The body is written in the loop because a function this size is not inlined, and the
// call would cost as much as the arithmetic.
func exp32Go(x, out []float32) {
	out = out[:len(x)]
	for i, v := range x {
		if !(v <= expOverflow32 && v >= expUnderflow32) {
			out[i] = exp32Outside(v)
			continue
		}
		xd := float64(v)
		t := xd*math.Log2E + exp32Shifter
		n := t - exp32Shifter
		r := xd - n*math.Ln2
		p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720+r*(1.0/5040)))))))
		k := int64(math.Float64bits(t) - math.Float64bits(exp32Shifter)) // n as an integer
		out[i] = float32(p * math.Float64frombits(uint64(k+1023)<<52))
	}
}

// exp32Outside is e^x for NaN and for x beyond the float32 range limits.
func exp32Outside(x float32) float32 {
	switch {
	case x != x:
		return x
	case x > 0:
		return float32(math.Inf(1))
	}
	return 0
}
