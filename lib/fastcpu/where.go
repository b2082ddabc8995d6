package fastcpu

import (
	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// execWhere is simplego's Where for float32 and float64 when the condition has the output's
// shape and each value operand has it too or is a scalar (dropout's Where(keep, x/(1-p), 0)
// and attention masks), split across cores; other forms go back to simplego. Like simplego it
// writes into an owned value operand of the output's shape.
func execWhere(b *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, owned []bool, _ KernelName) (*simplego.Buffer, bool, error) {
	outShape := nodeShape(node)
	condData, err := b.BufferData(inputs[0])
	cond, ok := condData.([]bool)
	if err != nil || !ok || len(cond) != outShape.Size() || outShape.Size() <= 1 {
		return nil, false, nil
	}
	onTrue, errT := b.BufferData(inputs[1])
	onFalse, errF := b.BufferData(inputs[2])
	if errT != nil || errF != nil {
		return nil, false, nil
	}
	switch t := onTrue.(type) {
	case []float32:
		if f, ok := onFalse.([]float32); ok {
			return whereInto(b, inputs, owned, outShape, cond, t, f)
		}
	case []float64:
		if f, ok := onFalse.([]float64); ok {
			return whereInto(b, inputs, owned, outShape, cond, t, f)
		}
	}
	return nil, false, nil
}

func whereInto[T float](b *simplego.Backend, inputs []*simplego.Buffer, owned []bool, outShape shapes.Shape, cond []bool, onTrue, onFalse []T) (*simplego.Buffer, bool, error) {
	n := outShape.Size()
	if (len(onTrue) != n && len(onTrue) != 1) || (len(onFalse) != n && len(onFalse) != 1) {
		return nil, false, nil
	}
	var out *simplego.Buffer
	reused := -1
	for i, values := range [][]T{onTrue, onFalse} {
		if len(values) == n && owned[i+1] {
			out, reused = inputs[i+1], i+1
			break
		}
	}
	if out == nil {
		out = b.NewBuffer(outShape)
	}
	flat, err := b.BufferData(out)
	if err != nil {
		return nil, true, err
	}
	o := flat.([]T)
	parallelRanges(defaultWorkers(), n, n, func(lo, hi int) {
		whereRun(cond[lo:hi], pick(onTrue, lo, hi), pick(onFalse, lo, hi), o[lo:hi])
	})
	if reused >= 0 {
		inputs[reused] = nil
	}
	return out, true, nil
}

// pick returns values[lo:hi], or the one value of a scalar operand.
func pick[T float](values []T, lo, hi int) []T {
	if len(values) == 1 {
		return values
	}
	return values[lo:hi]
}

// whereRun sets out[i] to onTrue[i] or onFalse[i] by cond[i]; an operand of length 1 is a
// scalar. Each form has its own loop, so the only branch per element is the condition.
func whereRun[T float](cond []bool, onTrue, onFalse, out []T) {
	out = out[:len(cond)]
	switch {
	case len(onTrue) > 1 && len(onFalse) > 1:
		onTrue, onFalse = onTrue[:len(cond)], onFalse[:len(cond)]
		done := 0
		if t32, ok := any(onTrue).([]float32); ok { // float32: AVX2 for all but the tail
			done = whereVec32(cond, t32, any(onFalse).([]float32), any(out).([]float32))
		}
		for i := done; i < len(cond); i++ {
			v := onFalse[i]
			if cond[i] {
				v = onTrue[i]
			}
			out[i] = v
		}
	case len(onTrue) > 1:
		onTrue, f := onTrue[:len(cond)], onFalse[0]
		for i, c := range cond {
			v := f
			if c {
				v = onTrue[i]
			}
			out[i] = v
		}
	case len(onFalse) > 1:
		t, onFalse := onTrue[0], onFalse[:len(cond)]
		for i, c := range cond {
			v := onFalse[i]
			if c {
				v = t
			}
			out[i] = v
		}
	default:
		t, f := onTrue[0], onFalse[0]
		for i, c := range cond {
			v := f
			if c {
				v = t
			}
			out[i] = v
		}
	}
}
