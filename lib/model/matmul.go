package model

import (
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX graph code reads best with the dot import.
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// Matrix products with hand-written gradients.
//
// GoMLX v0.26 differentiates DotGeneral by broadcasting both operands to a [M, K, N] tensor,
// multiplying and reducing: a 512³ product's gradient then costs 1.8 GB and runs at under
// 1 GFLOP/s on the pure-Go backend. The functions here compute the product on gradient-stopped
// operands and route the gradients through identity nodes whose custom gradients are again
// plain matrix products (dA = dOut·Bᵀ, dB = Aᵀ·dOut). Gradients of operands that need none
// (frozen weights, constants) are never built, because autodiff only visits identity nodes
// that lie on a path to a trainable variable.
//
// How the output gradient reaches the operand identities: the product's output passes through
// an identity whose gradient function records the incoming gradient dOut and passes it on
// unchanged; a zero-valued term (0·(a₀ + b₀), the first element of each operand identity)
// adds a dependency from the output on both operand identities, so autodiff visits them
// afterwards (it processes nodes in reverse creation order, and the output identity is created
// last), and their gradient functions ignore the (zero) gradient arriving through that term and
// return the products with dOut. The forward product reads the operands themselves and stops
// the gradient at its output, so no further copies of the operands are made; the term reads
// one element of each (summing whole operands was 5% of a LoRA step).
//
// The identities copy their operands where the operand has other readers after them (weights
// always): negligible next to a training step's products, but as costly as the product itself
// when decoding one token.
// So the decoder uses these functions only in training graphs (context.IsTraining, set by
// GoMLX's trainer) and plain DotGeneral elsewhere; gradients of other graphs remain correct,
// computed by GoMLX's slower default rule.

// MatMulT returns x·wᵀ over the last axis of x: x is [..., in] and w is [out, in] (the layout of
// Hugging Face / PyTorch Linear weights); the result is [..., out].
func MatMulT(x, w *Node) *Node { return matMulT(x, w, true) }

// MatMulTFor is MatMulT in training graphs of ctx (ctx.IsTraining) and a plain DotGeneral in
// the others, where the gradient machinery would only cost time: what Model.Linear uses, and
// what an adapter's own products should use.
func MatMulTFor(ctx *context.Context, x, w *Node) *Node {
	return matMulT(x, w, ctx.IsTraining(x.Graph()))
}

// matMulT is MatMulT, with the hand-written gradient only when customGrad is set.
func matMulT(x, w *Node, customGrad bool) *Node {
	dims := x.Shape().Dimensions
	in := dims[len(dims)-1]
	flat := Reshape(x, -1, in)
	y := batchedMatMul(flat, w, 0, true, customGrad)
	outDims := append(append([]int(nil), dims[:len(dims)-1]...), w.Shape().Dimensions[0])
	return Reshape(y, outDims...)
}

// BatchMatMul multiplies the last two axes of a and b, treating all leading axes as batch axes
// (which must match): a is [..., M, K]; b is [..., K, N], or [..., N, K] when bTransposed.
func BatchMatMul(a, b *Node, bTransposed bool) *Node {
	return batchedMatMul(a, b, a.Rank()-2, bTransposed, true)
}

// batchedMatMul implements MatMulT and BatchMatMul: a has batchRank leading batch axes then
// [M, K]; b has the same batch axes then [K, N] (or [N, K] when bTransposed). Without
// customGrad it is a plain DotGeneral.
func batchedMatMul(a, b *Node, batchRank int, bTransposed, customGrad bool) *Node {
	batch := axesRange(0, batchRank)
	m, k := batchRank, batchRank+1
	bK, bN := batchRank, batchRank+1
	if bTransposed {
		bK, bN = bN, bK
	}
	if !customGrad {
		return DotGeneral(a, []int{k}, batch, b, []int{bK}, batch)
	}
	// The forward product comes first, so that it is not the operands' last reader: the pure-Go
	// backend then hands an operand's buffer to its identity instead of copying it, when
	// nothing later reads the operand itself. The gradients read the identities, not the
	// operands, for the same reason.
	y := StopGradient(DotGeneral(a, []int{k}, batch, b, []int{bK}, batch))
	var dOut *Node // set by the output identity's gradient function, read by the operands'.
	var aID, bID *Node
	aID = IdentityWithCustomGradient(a, func(_, _ *Node) *Node {
		// dA[..., M, K] = dOut[..., M, N] · b, contracting N.
		return DotGeneral(dOut, []int{batchRank + 1}, batch, bID, []int{bN}, batch)
	})
	bID = IdentityWithCustomGradient(b, func(_, _ *Node) *Node {
		// dB = aᵀ·dOut contracting M: [..., K, N]; transposed to [..., N, K] when b is.
		if bTransposed {
			return DotGeneral(dOut, []int{batchRank}, batch, aID, []int{m}, batch)
		}
		return DotGeneral(aID, []int{m}, batch, dOut, []int{batchRank}, batch)
	})
	zero := MulScalar(Add(firstElement(aID), firstElement(bID)), 0)
	return IdentityWithCustomGradient(Add(y, zero), func(_, v *Node) *Node {
		dOut = v
		return v
	})
}

// firstElement returns x[0, 0, ..., 0] as a scalar. It gathers rather than slices: the
// gradient of Slice is a Pad, which the pure-Go backend does not implement (the gradient is
// never computed, but it is built). It gathers with an index over every axis rather than from
// a flattened x: x is read again by the gradients, so a reshape of it would copy it whole.
func firstElement(x *Node) *Node {
	return Reshape(Gather(x, Zeros(x.Graph(), shapes.Make(dtypes.Int32, 1, x.Rank()))))
}

// axesRange returns [from, from+1, ..., to-1].
func axesRange(from, to int) []int {
	axes := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		axes = append(axes, i)
	}
	return axes
}
