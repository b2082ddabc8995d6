package safetensors

import (
	"encoding/binary"
	"unsafe"
)

// copyNativeFloat32 copies little-endian float32 bytes into out with one memory copy, which is
// valid when the host is little-endian and raw is 4-byte aligned (the usual case: the data
// section starts 8-aligned and writers order tensors widest-first). It reports whether it did.
func copyNativeFloat32(out []float32, raw []byte) bool {
	if len(out) == 0 || len(raw) != 4*len(out) {
		return false
	}
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 || uintptr(unsafe.Pointer(&raw[0]))%4 != 0 {
		return false
	}
	copy(out, unsafe.Slice((*float32)(unsafe.Pointer(&raw[0])), len(out)))
	return true
}
