//go:build !(openblas && cgo)

package fastcpu

// openBLASAvailable reports whether this build links OpenBLAS (build tag "openblas").
const openBLASAvailable = false

// blasGEMM is unavailable without the "openblas" build tag.
func blasGEMM[T float](problem[T]) bool { return false }
