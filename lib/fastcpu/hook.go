package fastcpu

import (
	"fmt"
	"reflect"
	_ "unsafe" // for go:linkname

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// nodeExecutor has the signature of simplego's (unexported) per-op executor type.
type nodeExecutor func(backend *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, inputsOwned []bool) (*simplego.Buffer, error)

// simplegoExecutors is simplego's table of op executors, which it reads at every op it runs.
// simplego v0.26.0 offers no public way to register an executor, so this is the one place
// the package reaches into its internals.
//
//go:linkname simplegoExecutors github.com/gomlx/gomlx/backends/simplego.nodeExecutors
var simplegoExecutors [backends.OpTypeLast]nodeExecutor

// simplegoMultiExecutors is simplego's table of executors of ops with several outputs.
//
//go:linkname simplegoMultiExecutors github.com/gomlx/gomlx/backends/simplego.multiOutputsNodeExecutors
var simplegoMultiExecutors [backends.OpTypeLast]multiExecutor

// The simplego field names read by reflection (read-only, except modeField, see setMode).
const (
	nodeDataField  = "data"
	nodeShapeField = "shape"
	modeField      = "dotGeneralForceProblemSize"
)

// modeBase marks a simplego backend as created by this package. The value is stored in the
// backend's dotGeneralForceProblemSize field, which simplego only consults inside its own
// DotGeneral executor (replaced here), so the mark lives with the backend and needs no table.
const modeBase = 0x66617374 // "fast"

// kernelModes lists the kernels by the mode offset that selects them.
func kernelModes() []KernelName {
	return []KernelName{KernelGo, KernelAVX2, KernelAVX512, KernelOpenBLAS}
}

// fastExecutor runs one op on a fast backend; handled is false when the op's form or dtype
// is not covered and simplego's own executor should run it.
//
// inputsOwned follows simplego's convention: an owned input may become the output, in which
// case the executor sets its entry of inputs to nil.
type fastExecutor func(b *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, inputsOwned []bool, kernelName KernelName) (out *simplego.Buffer, handled bool, err error)

// fastExecutors lists the ops this package takes over.
func fastExecutors() map[backends.OpType]fastExecutor {
	return map[backends.OpType]fastExecutor{
		backends.OpTypeDotGeneral:     execDotGeneral,
		backends.OpTypeReduceSum:      reduceExecutor(reduceSum),
		backends.OpTypeReduceMax:      reduceExecutor(reduceMax),
		backends.OpTypeBroadcastInDim: execBroadcastInDim,
		backends.OpTypeAdd:            binaryExecutor(binaryAdd),
		backends.OpTypeSub:            binaryExecutor(binarySub),
		backends.OpTypeMul:            binaryExecutor(binaryMul),
		backends.OpTypeDiv:            binaryExecutor(binaryDiv),
		backends.OpTypeExp:            unaryExecutor(unaryExp),
		backends.OpTypeLogistic:       unaryExecutor(unaryLogistic),
		backends.OpTypeAbs:            unaryExecutor(unaryAbs),
		backends.OpTypeWhere:          execWhere,
		backends.OpTypeTranspose:      execTranspose,
	}
}

func init() {
	if checkInternals() != nil {
		// An unexpected simplego: leave it alone; New reports the reason.
		return
	}
	for op, fast := range fastExecutors() {
		original := simplegoExecutors[op]
		if original == nil {
			continue
		}
		simplegoExecutors[op] = func(b *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, owned []bool) (*simplego.Buffer, error) {
			if kernelName, ok := backendKernel(b); ok {
				if out, handled, err := fast(b, node, inputs, owned, kernelName); handled {
					return out, err
				}
			}
			return original(b, node, inputs, owned)
		}
	}
	if original := simplegoMultiExecutors[backends.OpTypeRNGBitGenerator]; original != nil {
		simplegoMultiExecutors[backends.OpTypeRNGBitGenerator] = func(b *simplego.Backend, node *simplego.Node, inputs []*simplego.Buffer, owned []bool) ([]*simplego.Buffer, error) {
			if _, ok := backendKernel(b); ok {
				if out, handled, err := rngBitGenerator(b, node, inputs, owned); handled {
					return out, err
				}
			}
			return original(b, node, inputs, owned)
		}
	}
}

// hooked reports whether simplego's executors could be replaced.
func hooked() bool {
	return checkInternals() == nil && simplegoExecutors[backends.OpTypeDotGeneral] != nil
}

// checkInternals verifies that simplego's types still have the unexported fields this package
// relies on, with the expected kinds, so an upgrade disables the fast path instead of
// misreading memory.
func checkInternals() error {
	backendT := reflect.TypeFor[simplego.Backend]()
	if f, ok := backendT.FieldByName(modeField); !ok || f.Type.Kind() != reflect.Int {
		return fmt.Errorf("fastcpu: simplego.Backend has no int field %q (gomlx version changed?)", modeField)
	}
	nodeT := reflect.TypeFor[simplego.Node]()
	if f, ok := nodeT.FieldByName(nodeDataField); !ok || f.Type.Kind() != reflect.Interface {
		return fmt.Errorf("fastcpu: simplego.Node has no interface field %q (gomlx version changed?)", nodeDataField)
	}
	if f, ok := nodeT.FieldByName(nodeShapeField); !ok || f.Type != reflect.TypeFor[shapes.Shape]() {
		return fmt.Errorf("fastcpu: simplego.Node has no shapes.Shape field %q (gomlx version changed?)", nodeShapeField)
	}
	if f, ok := nodeT.FieldByName(nodeMultiShapesField); !ok || f.Type != reflect.TypeFor[[]shapes.Shape]() {
		return fmt.Errorf("fastcpu: simplego.Node has no []shapes.Shape field %q (gomlx version changed?)", nodeMultiShapesField)
	}
	return nil
}

// setMode marks b as a fast backend using the named kernel.
func setMode(b *simplego.Backend, kernelName KernelName) error {
	for i, name := range kernelModes() {
		if name == kernelName {
			f := reflect.ValueOf(b).Elem().FieldByName(modeField)
			reflect.NewAt(f.Type(), f.Addr().UnsafePointer()).Elem().SetInt(int64(modeBase + i))
			return nil
		}
	}
	return fmt.Errorf("fastcpu: no mode for kernel %q", kernelName)
}

// backendKernel returns the kernel a fast backend was created with, or false for any other
// simplego backend.
func backendKernel(b *simplego.Backend) (KernelName, bool) {
	mode := int(reflect.ValueOf(b).Elem().FieldByName(modeField).Int()) - modeBase
	names := kernelModes()
	if mode < 0 || mode >= len(names) {
		return "", false
	}
	return names[mode], true
}

// nodeShape reads the output shape simplego's builder computed for node.
func nodeShape(node *simplego.Node) shapes.Shape {
	v := reflect.ValueOf(node).Elem().FieldByName(nodeShapeField)
	dimsV := v.FieldByName("Dimensions")
	dims := make([]int, dimsV.Len())
	for i := range dims {
		dims[i] = int(dimsV.Index(i).Int())
	}
	return shapes.Make(dtypes.DType(v.FieldByName("DType").Int()), dims...)
}

// nodeAxes reads the []int parameter (reduced or broadcast axes) simplego stores on
// Reduce* and BroadcastInDim nodes; ok is false if the node holds something else.
func nodeAxes(node *simplego.Node) ([]int, bool) {
	v := reflect.ValueOf(node).Elem().FieldByName(nodeDataField).Elem()
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().Elem().Kind() != reflect.Int {
		return nil, false
	}
	axes := make([]int, v.Len())
	for i := range axes {
		axes[i] = int(v.Index(i).Int())
	}
	return axes, true
}

// nodeSpec reads the DotGeneral parameters simplego's builder stored on the node.
func nodeSpec(node *simplego.Node) (spec dotGeneralSpec, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("fastcpu: reading DotGeneral node parameters: %v", r)
		}
	}()
	data := reflect.ValueOf(node).Elem().FieldByName(nodeDataField).Elem().Elem()
	ints := func(name string) []int {
		v := data.FieldByName(name)
		out := make([]int, v.Len())
		for i := range out {
			out[i] = int(v.Index(i).Int())
		}
		return out
	}
	num := func(name string) int { return int(data.FieldByName(name).Int()) }
	return dotGeneralSpec{
		lhsContracting: ints("lhsContractingAxes"), lhsBatch: ints("lhsBatchAxes"),
		rhsContracting: ints("rhsContractingAxes"), rhsBatch: ints("rhsBatchAxes"),
		batch: num("batchSize"), lhsCross: num("lhsCrossSize"),
		rhsCross: num("rhsCrossSize"), contracting: num("contractingSize"),
	}, nil
}
