// Package openblas is the cgo binding fastcpu uses for its optional OpenBLAS kernel
// (build tag "openblas"; needs cgo and Debian's libopenblas-dev). It lives apart from fastcpu
// because Go does not allow cgo and Go assembly in one package. Without the tag it is empty.
package openblas
