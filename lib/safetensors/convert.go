package safetensors

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/x448/float16"
)

// f16TableMinValues is the tensor size from which F16 decoding builds a lookup table.
const f16TableMinValues = 1 << 18

// decodeFloat32 converts little-endian raw elements of dtype d into out, which must hold
// exactly len(raw)/d.Size() values.
func decodeFloat32(d DType, raw []byte, out []float32) error {
	if !d.IsFloat() {
		return fmt.Errorf("dtype %s does not convert to float32", d)
	}
	if len(raw) != len(out)*d.Size() {
		return fmt.Errorf("%d bytes of %s for %d values", len(raw), d, len(out))
	}
	le := binary.LittleEndian
	switch d {
	case F32:
		if copyNativeFloat32(out, raw) {
			return nil
		}
		for i := range out {
			out[i] = math.Float32frombits(le.Uint32(raw[4*i:]))
		}
	case F16:
		if len(out) >= f16TableMinValues {
			// Converting through a table of all 65536 halves is ~3x faster than converting
			// each value; the table costs about as much as converting 65536 values once.
			table := make([]float32, 1<<16)
			for b := range table {
				table[b] = float16.Frombits(uint16(b)).Float32()
			}
			for i := range out {
				out[i] = table[le.Uint16(raw[2*i:])]
			}
			return nil
		}
		for i := range out {
			out[i] = float16.Frombits(le.Uint16(raw[2*i:])).Float32()
		}
	case BF16:
		// bfloat16 is the top half of a float32, so widening is a shift.
		for i := range out {
			out[i] = math.Float32frombits(uint32(le.Uint16(raw[2*i:])) << 16)
		}
	case F64:
		for i := range out {
			out[i] = float32(math.Float64frombits(le.Uint64(raw[8*i:])))
		}
	}
	return nil
}

// FromFloat32 builds a tensor of the given dtype (F32, F16, BF16 or F64) from float32 values.
// F16 and BF16 round to nearest, ties to even, as PyTorch's conversions do.
func FromFloat32(name string, shape []int, values []float32, dtype DType) (Tensor, error) {
	if !dtype.IsFloat() {
		return Tensor{}, fmt.Errorf("safetensors: tensor %q: cannot encode float32 values as %s", name, dtype)
	}
	t := Tensor{Name: name, DType: dtype, Shape: append([]int(nil), shape...)}
	want, err := byteSize(dtype, shape)
	if err != nil {
		return Tensor{}, fmt.Errorf("safetensors: tensor %q: %w", name, err)
	}
	if want != int64(len(values)*dtype.Size()) {
		return Tensor{}, fmt.Errorf("safetensors: tensor %q: shape %v needs %d values, got %d", name, shape, want/int64(dtype.Size()), len(values))
	}
	t.Data = make([]byte, want)
	le := binary.LittleEndian
	switch dtype {
	case F32:
		for i, v := range values {
			le.PutUint32(t.Data[4*i:], math.Float32bits(v))
		}
	case F16:
		for i, v := range values {
			le.PutUint16(t.Data[2*i:], float16.Fromfloat32(v).Bits())
		}
	case BF16:
		for i, v := range values {
			le.PutUint16(t.Data[2*i:], BFloat16Bits(v))
		}
	case F64:
		for i, v := range values {
			le.PutUint64(t.Data[8*i:], math.Float64bits(float64(v)))
		}
	}
	return t, nil
}

// BFloat16Bits rounds f to bfloat16 (nearest, ties to even) and returns its bits. NaNs stay
// NaNs (quiet, sign kept) rather than being rounded into infinities.
func BFloat16Bits(f float32) uint16 {
	bits := math.Float32bits(f)
	if f != f {
		return uint16(bits>>16) | 0x0040
	}
	// Adding 0x7FFF rounds halves down, and the extra lowest kept bit turns ties to even.
	bits += 0x7FFF + (bits>>16)&1
	return uint16(bits >> 16)
}
