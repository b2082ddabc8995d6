package fastcpu

import (
	"encoding/binary"
	"math/rand/v2"
	"reflect"
	"unsafe"

	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// multiExecutor has the signature of simplego's executors of ops with several outputs.
type multiExecutor func(backend *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, inputsOwned []bool) ([]*simplego.Buffer, error)

// nodeMultiShapesField is the simplego.Node field with the output shapes of multi-output ops.
const nodeMultiShapesField = "multiOutputsShapes"

// rngBitGenerator is simplego's RNGBitGenerator with the same output and state: a PCG seeded
// with state[0] and state[1] fills the output's bytes eight at a time, least significant
// byte first. simplego writes one byte per loop turn; for the dropout masks of LoRA training
// that loop took 7% of a step. handled is false for output types it does not cover.
func rngBitGenerator(b *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, owned []bool) (out []*simplego.Buffer, handled bool, err error) {
	outShapes, ok := nodeMultiShapes(node)
	if !ok || len(outShapes) != 2 {
		return nil, false, nil
	}
	stateData, err := b.BufferData(inputs[0])
	state, ok := stateData.([]uint64)
	if err != nil || !ok || len(state) < 2 {
		return nil, false, nil
	}
	values := b.NewBuffer(outShapes[1])
	flat, err := b.BufferData(values)
	if err != nil {
		return nil, true, err
	}
	bytes, ok := rawBytes(flat)
	if !ok {
		_ = b.BufferFinalize(values)
		return nil, false, nil
	}
	rng := rand.NewPCG(state[0], state[1])
	whole := len(bytes) / 8 * 8
	for i := 0; i < whole; i += 8 {
		binary.LittleEndian.PutUint64(bytes[i:], rng.Uint64())
	}
	if whole < len(bytes) {
		bits := rng.Uint64()
		for i := whole; i < len(bytes); i++ {
			bytes[i] = byte(bits)
			bits >>= 8
		}
	}
	next, err := rng.MarshalBinary() // "pcg:" and the state, read back as simplego does
	if err != nil {
		return nil, true, err
	}
	newState := inputs[0]
	if owned[0] {
		inputs[0] = nil
	} else {
		newState = b.NewBuffer(outShapes[0])
	}
	data, err := b.BufferData(newState)
	if err != nil {
		return nil, true, err
	}
	// Only the two words PCG uses change. simplego leaves the rest of a fresh state buffer as
	// the pool hands it over; here it carries the input's words, so a state never picks up
	// another buffer's leftovers.
	words := data.([]uint64)
	copy(words, state)
	words[0] = binary.LittleEndian.Uint64(next[4:12])
	words[1] = binary.LittleEndian.Uint64(next[12:20])
	return []*simplego.Buffer{newState, values}, true, nil
}

// rawBytes views the integer slices random bits are drawn into as bytes.
func rawBytes(flat any) ([]byte, bool) {
	switch s := flat.(type) {
	case []uint32:
		return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), 4*len(s)), true
	case []uint64:
		return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), 8*len(s)), true
	}
	return nil, false
}

// nodeMultiShapes reads the output shapes simplego's builder stored on a multi-output node.
func nodeMultiShapes(node *simplego.Node) ([]shapes.Shape, bool) {
	v := reflect.ValueOf(node).Elem().FieldByName(nodeMultiShapesField)
	if !v.IsValid() || v.Type() != reflect.TypeFor[[]shapes.Shape]() {
		return nil, false
	}
	return reflect.NewAt(v.Type(), v.Addr().UnsafePointer()).Elem().Interface().([]shapes.Shape), true
}
