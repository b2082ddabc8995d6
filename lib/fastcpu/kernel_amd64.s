#include "textflag.h"

// Micro-kernels for the float32 GEMM (see kernel_amd64.go for the Go declarations). They
// compute sum_p a[i*lda+p*kstep] * b[p*NR+j] for a full MR×NR tile and add it into
// c[i*ldc+j] when add is not zero, or write it there (whatever c held) when add is zero.

// Loads the arguments both GEMM kernels share (k int, a *float32, lda, kstep int, b, c
// *float32, ldc, add int): CX = k, SI = row 0 of A, R9 = lda, BX = kstep and R8 = ldc in
// bytes, DI = b, DX = c, R13 = add, and R10 = row 3 of A.
#define KERNELARGS \
	MOVQ add+56(FP), R13; \
	MOVQ k+0(FP), CX; \
	MOVQ a+8(FP), SI; \
	MOVQ lda+16(FP), R9; \
	SHLQ $2, R9; \
	MOVQ kstep+24(FP), BX; \
	SHLQ $2, BX; \
	MOVQ b+32(FP), DI; \
	MOVQ c+40(FP), DX; \
	MOVQ ldc+48(FP), R8; \
	SHLQ $2, R8; \
	LEAQ (SI)(R9*2), R10; \
	ADDQ R9, R10

// One step of k for one row of the 12×32 tile: broadcast the A element at addr and multiply
// it by the two B vectors held in Z24 and Z25.
#define ROWAT(addr, acc0, acc1) \
	VBROADCASTSS addr, Z26; \
	VFMADD231PS  Z24, Z26, acc0; \
	VFMADD231PS  Z25, Z26, acc1

// Adds two accumulators into one row of C and advances to the next row.
#define STORE512(acc0, acc1) \
	VADDPS  (DX), acc0, acc0; \
	VADDPS  64(DX), acc1, acc1; \
	VMOVUPS acc0, (DX); \
	VMOVUPS acc1, 64(DX); \
	ADDQ    R8, DX

// Zeroes the 24 accumulators Z0-Z23 of a 12×32 tile.
#define ZERO512 \
	VPXORD Z0, Z0, Z0; \
	VPXORD Z1, Z1, Z1; \
	VPXORD Z2, Z2, Z2; \
	VPXORD Z3, Z3, Z3; \
	VPXORD Z4, Z4, Z4; \
	VPXORD Z5, Z5, Z5; \
	VPXORD Z6, Z6, Z6; \
	VPXORD Z7, Z7, Z7; \
	VPXORD Z8, Z8, Z8; \
	VPXORD Z9, Z9, Z9; \
	VPXORD Z10, Z10, Z10; \
	VPXORD Z11, Z11, Z11; \
	VPXORD Z12, Z12, Z12; \
	VPXORD Z13, Z13, Z13; \
	VPXORD Z14, Z14, Z14; \
	VPXORD Z15, Z15, Z15; \
	VPXORD Z16, Z16, Z16; \
	VPXORD Z17, Z17, Z17; \
	VPXORD Z18, Z18, Z18; \
	VPXORD Z19, Z19, Z19; \
	VPXORD Z20, Z20, Z20; \
	VPXORD Z21, Z21, Z21; \
	VPXORD Z22, Z22, Z22; \
	VPXORD Z23, Z23, Z23

// Writes two accumulators to one row of C, overwriting it, and advances to the next row.
#define SET512(acc0, acc1) \
	VMOVUPS acc0, (DX); \
	VMOVUPS acc1, 64(DX); \
	ADDQ    R8, DX

// Ends a 12×32 kernel: adds Z0-Z23 into the tile at DX (row stride R8 bytes) when R13 is not
// zero, else overwrites the tile.
#define FINISH512 \
	TESTQ R13, R13; \
	JEQ   set512; \
	STORE512(Z0, Z1); STORE512(Z2, Z3); STORE512(Z4, Z5); STORE512(Z6, Z7); \
	STORE512(Z8, Z9); STORE512(Z10, Z11); STORE512(Z12, Z13); STORE512(Z14, Z15); \
	STORE512(Z16, Z17); STORE512(Z18, Z19); STORE512(Z20, Z21); STORE512(Z22, Z23); \
	VZEROUPPER; \
	RET; \
set512: \
	SET512(Z0, Z1); SET512(Z2, Z3); SET512(Z4, Z5); SET512(Z6, Z7); \
	SET512(Z8, Z9); SET512(Z10, Z11); SET512(Z12, Z13); SET512(Z14, Z15); \
	SET512(Z16, Z17); SET512(Z18, Z19); SET512(Z20, Z21); SET512(Z22, Z23); \
	VZEROUPPER; \
	RET

// Elementwise float32 ops over n elements, n a multiple of 32 (the caller handles the tail):
// out = x OP y (same-shape operands) and out = x OP s (a scalar second operand). IEEE
// single-precision arithmetic, so the results equal Go's scalar loops bit for bit.
// LOAD4 and STORE4 move 32 floats between (SI) and Y0-Y3, and Y0-Y3 and (DI).
#define LOAD4 \
	VMOVUPS (SI), Y0; \
	VMOVUPS 32(SI), Y1; \
	VMOVUPS 64(SI), Y2; \
	VMOVUPS 96(SI), Y3

#define STORE4 \
	VMOVUPS Y0, (DI); \
	VMOVUPS Y1, 32(DI); \
	VMOVUPS Y2, 64(DI); \
	VMOVUPS Y3, 96(DI)

#define VECVEC(OP) \
	MOVQ n+0(FP), CX; \
	MOVQ x+8(FP), SI; \
	MOVQ y+16(FP), BX; \
	MOVQ out+24(FP), DI; \
	SHRQ $5, CX; \
	JEQ  done; \
loop: \
	LOAD4; \
	OP      (BX), Y0, Y0; \
	OP      32(BX), Y1, Y1; \
	OP      64(BX), Y2, Y2; \
	OP      96(BX), Y3, Y3; \
	STORE4; \
	ADDQ    $128, SI; \
	ADDQ    $128, BX; \
	ADDQ    $128, DI; \
	DECQ    CX; \
	JNZ     loop; \
done: \
	VZEROUPPER; \
	RET

#define VECSCALAR(OP) \
	MOVQ n+0(FP), CX; \
	MOVQ x+8(FP), SI; \
	VBROADCASTSS s+16(FP), Y8; \
	MOVQ out+24(FP), DI; \
	SHRQ $5, CX; \
	JEQ  done; \
loop: \
	LOAD4; \
	OP      Y8, Y0, Y0; \
	OP      Y8, Y1, Y1; \
	OP      Y8, Y2, Y2; \
	OP      Y8, Y3, Y3; \
	STORE4; \
	ADDQ    $128, SI; \
	ADDQ    $128, DI; \
	DECQ    CX; \
	JNZ     loop; \
done: \
	VZEROUPPER; \
	RET

// func sgemmKernel12x32AVX512(k int, a *float32, lda, kstep int, b, c *float32, ldc, add int)
// A 12×32 tile: 24 zmm accumulators, two zmm loads of B and twelve broadcasts of A per step
// of k. Element (i, p) of A is a[i*lda + p*kstep]: a packed panel has lda = 1, kstep = 12; A
// read in place (rows contiguous along k, as activations and weights are stored) has kstep =
// 1, which skips packing A, a transpose that cost a tenth of a training step. Four base
// pointers (rows 0, 3, 6 and 9) plus lda and 2·lda reach the twelve rows.
TEXT ·sgemmKernel12x32AVX512(SB), NOSPLIT, $0-64
	KERNELARGS
	LEAQ (R10)(R9*2), R11
	ADDQ R9, R11
	LEAQ (R11)(R9*2), R12
	ADDQ R9, R12

	ZERO512

	TESTQ CX, CX
	JEQ   store512

loop512:
	VMOVUPS (DI), Z24
	VMOVUPS 64(DI), Z25
	ROWAT((SI), Z0, Z1)
	ROWAT((SI)(R9*1), Z2, Z3)
	ROWAT((SI)(R9*2), Z4, Z5)
	ROWAT((R10), Z6, Z7)
	ROWAT((R10)(R9*1), Z8, Z9)
	ROWAT((R10)(R9*2), Z10, Z11)
	ROWAT((R11), Z12, Z13)
	ROWAT((R11)(R9*1), Z14, Z15)
	ROWAT((R11)(R9*2), Z16, Z17)
	ROWAT((R12), Z18, Z19)
	ROWAT((R12)(R9*1), Z20, Z21)
	ROWAT((R12)(R9*2), Z22, Z23)
	ADDQ BX, SI
	ADDQ BX, R10
	ADDQ BX, R11
	ADDQ BX, R12
	ADDQ $128, DI
	DECQ CX
	JNZ  loop512

store512:
	FINISH512


#define STORE256(acc0, acc1) \
	VADDPS  (DX), acc0, acc0; \
	VADDPS  32(DX), acc1, acc1; \
	VMOVUPS acc0, (DX); \
	VMOVUPS acc1, 32(DX); \
	ADDQ    R8, DX

#define SET256(acc0, acc1) \
	VMOVUPS acc0, (DX); \
	VMOVUPS acc1, 32(DX); \
	ADDQ    R8, DX

// Zeroes the 12 accumulators Y0-Y11 of a 6×16 tile.
#define ZERO256 \
	VXORPS Y0, Y0, Y0; VXORPS Y1, Y1, Y1; VXORPS Y2, Y2, Y2; VXORPS Y3, Y3, Y3; \
	VXORPS Y4, Y4, Y4; VXORPS Y5, Y5, Y5; VXORPS Y6, Y6, Y6; VXORPS Y7, Y7, Y7; \
	VXORPS Y8, Y8, Y8; VXORPS Y9, Y9, Y9; VXORPS Y10, Y10, Y10; VXORPS Y11, Y11, Y11

// Ends a 6×16 kernel: adds Y0-Y11 into the tile at DX (row stride R8 bytes) when R13 is not
// zero, else overwrites the tile.
#define FINISH256 \
	TESTQ R13, R13; \
	JEQ   set256; \
	STORE256(Y0, Y1); STORE256(Y2, Y3); STORE256(Y4, Y5); \
	STORE256(Y6, Y7); STORE256(Y8, Y9); STORE256(Y10, Y11); \
	VZEROUPPER; \
	RET; \
set256: \
	SET256(Y0, Y1); SET256(Y2, Y3); SET256(Y4, Y5); \
	SET256(Y6, Y7); SET256(Y8, Y9); SET256(Y10, Y11); \
	VZEROUPPER; \
	RET

// One step of k for one row of the 6×16 tile, B vectors in Y12 and Y13.
#define ROWAT256(addr, acc0, acc1) \
	VBROADCASTSS addr, Y14; \
	VFMADD231PS  Y12, Y14, acc0; \
	VFMADD231PS  Y13, Y14, acc1

// func sgemmKernel6x16AVX2(k int, a *float32, lda, kstep int, b, c *float32, ldc, add int)
// A 6×16 tile: 12 ymm accumulators, two ymm loads of B and six broadcasts of A per step of k;
// A is addressed as in sgemmKernel12x32AVX512: rows 0-2 from SI and rows 3-5 from R10 =
// SI + 3·lda, each plus 0, lda or 2·lda.
TEXT ·sgemmKernel6x16AVX2(SB), NOSPLIT, $0-64
	KERNELARGS
	ZERO256
	TESTQ CX, CX
	JEQ   store256

loop256:
	VMOVUPS (DI), Y12
	VMOVUPS 32(DI), Y13
	ROWAT256((SI), Y0, Y1)
	ROWAT256((SI)(R9*1), Y2, Y3)
	ROWAT256((SI)(R9*2), Y4, Y5)
	ROWAT256((R10), Y6, Y7)
	ROWAT256((R10)(R9*1), Y8, Y9)
	ROWAT256((R10)(R9*2), Y10, Y11)
	ADDQ BX, SI
	ADDQ BX, R10
	ADDQ $64, DI
	DECQ CX
	JNZ  loop256

store256:
	FINISH256

// func sdotAVX2(n int, x, y *float32) float32
// Returns sum x[i]*y[i] for i < n, n a multiple of 32 (the caller adds the tail).
TEXT ·sdotAVX2(SB), NOSPLIT, $0-28
	MOVQ n+0(FP), CX
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DI
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	SHRQ $5, CX
	JEQ  dotdone

dotloop:
	VMOVUPS (SI), Y4
	VMOVUPS 32(SI), Y5
	VMOVUPS 64(SI), Y6
	VMOVUPS 96(SI), Y7
	VFMADD231PS (DI), Y4, Y0
	VFMADD231PS 32(DI), Y5, Y1
	VFMADD231PS 64(DI), Y6, Y2
	VFMADD231PS 96(DI), Y7, Y3
	ADDQ $128, SI
	ADDQ $128, DI
	DECQ CX
	JNZ  dotloop

dotdone:
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0
	VMOVSS X0, ret+24(FP)
	VZEROUPPER
	RET

// func saxpyAVX2(n int, alpha float32, x, y *float32)
// y[i] += alpha*x[i] for i < n, n a multiple of 32 (the caller handles the tail).
TEXT ·saxpyAVX2(SB), NOSPLIT, $0-32
	MOVQ n+0(FP), CX
	VBROADCASTSS alpha+8(FP), Y8
	MOVQ x+16(FP), SI
	MOVQ y+24(FP), DI
	SHRQ $5, CX
	JEQ  axpydone

axpyloop:
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS 64(DI), Y2
	VMOVUPS 96(DI), Y3
	VFMADD231PS (SI), Y8, Y0
	VFMADD231PS 32(SI), Y8, Y1
	VFMADD231PS 64(SI), Y8, Y2
	VFMADD231PS 96(SI), Y8, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	DECQ CX
	JNZ  axpyloop

axpydone:
	VZEROUPPER
	RET


// func vaddAVX2(n int, x, y, out *float32)
TEXT ·vaddAVX2(SB), NOSPLIT, $0-32
	VECVEC(VADDPS)

// func vsubAVX2(n int, x, y, out *float32): out = x - y
TEXT ·vsubAVX2(SB), NOSPLIT, $0-32
	VECVEC(VSUBPS)

// func vmulAVX2(n int, x, y, out *float32)
TEXT ·vmulAVX2(SB), NOSPLIT, $0-32
	VECVEC(VMULPS)

// func vdivAVX2(n int, x, y, out *float32): out = x / y
TEXT ·vdivAVX2(SB), NOSPLIT, $0-32
	VECVEC(VDIVPS)

// func vaddsAVX2(n int, x *float32, s float32, out *float32)
TEXT ·vaddsAVX2(SB), NOSPLIT, $0-32
	VECSCALAR(VADDPS)

// func vsubsAVX2(n int, x *float32, s float32, out *float32): out = x - s
TEXT ·vsubsAVX2(SB), NOSPLIT, $0-32
	VECSCALAR(VSUBPS)

// func vmulsAVX2(n int, x *float32, s float32, out *float32)
TEXT ·vmulsAVX2(SB), NOSPLIT, $0-32
	VECSCALAR(VMULPS)

// func vdivsAVX2(n int, x *float32, s float32, out *float32): out = x / s
TEXT ·vdivsAVX2(SB), NOSPLIT, $0-32
	VECSCALAR(VDIVPS)

// exp32AVX2's constants, read-only: the float64 values exp32Go uses, then bits(shifter) and
// 1023 as integers, four copies of each (one ymm); then the float32 range limits and +Inf,
// eight copies of each. Generated from the Go constants (math.Float64bits and Float32bits);
// TestExp32VecMatchesGo catches any wrong one.
DATA exp32Consts<>+0(SB)/8, $0x3ff71547652b82fe // log2e
DATA exp32Consts<>+8(SB)/8, $0x3ff71547652b82fe
DATA exp32Consts<>+16(SB)/8, $0x3ff71547652b82fe
DATA exp32Consts<>+24(SB)/8, $0x3ff71547652b82fe
DATA exp32Consts<>+32(SB)/8, $0x4338000000000000 // shifter
DATA exp32Consts<>+40(SB)/8, $0x4338000000000000
DATA exp32Consts<>+48(SB)/8, $0x4338000000000000
DATA exp32Consts<>+56(SB)/8, $0x4338000000000000
DATA exp32Consts<>+64(SB)/8, $0x3fe62e42fefa39ef // ln2
DATA exp32Consts<>+72(SB)/8, $0x3fe62e42fefa39ef
DATA exp32Consts<>+80(SB)/8, $0x3fe62e42fefa39ef
DATA exp32Consts<>+88(SB)/8, $0x3fe62e42fefa39ef
DATA exp32Consts<>+96(SB)/8, $0x3f2a01a01a01a01a // 1/5040
DATA exp32Consts<>+104(SB)/8, $0x3f2a01a01a01a01a
DATA exp32Consts<>+112(SB)/8, $0x3f2a01a01a01a01a
DATA exp32Consts<>+120(SB)/8, $0x3f2a01a01a01a01a
DATA exp32Consts<>+128(SB)/8, $0x3f56c16c16c16c17 // 1/720
DATA exp32Consts<>+136(SB)/8, $0x3f56c16c16c16c17
DATA exp32Consts<>+144(SB)/8, $0x3f56c16c16c16c17
DATA exp32Consts<>+152(SB)/8, $0x3f56c16c16c16c17
DATA exp32Consts<>+160(SB)/8, $0x3f81111111111111 // 1/120
DATA exp32Consts<>+168(SB)/8, $0x3f81111111111111
DATA exp32Consts<>+176(SB)/8, $0x3f81111111111111
DATA exp32Consts<>+184(SB)/8, $0x3f81111111111111
DATA exp32Consts<>+192(SB)/8, $0x3fa5555555555555 // 1/24
DATA exp32Consts<>+200(SB)/8, $0x3fa5555555555555
DATA exp32Consts<>+208(SB)/8, $0x3fa5555555555555
DATA exp32Consts<>+216(SB)/8, $0x3fa5555555555555
DATA exp32Consts<>+224(SB)/8, $0x3fc5555555555555 // 1/6
DATA exp32Consts<>+232(SB)/8, $0x3fc5555555555555
DATA exp32Consts<>+240(SB)/8, $0x3fc5555555555555
DATA exp32Consts<>+248(SB)/8, $0x3fc5555555555555
DATA exp32Consts<>+256(SB)/8, $0x3fe0000000000000 // 1/2
DATA exp32Consts<>+264(SB)/8, $0x3fe0000000000000
DATA exp32Consts<>+272(SB)/8, $0x3fe0000000000000
DATA exp32Consts<>+280(SB)/8, $0x3fe0000000000000
DATA exp32Consts<>+288(SB)/8, $0x3ff0000000000000 // 1
DATA exp32Consts<>+296(SB)/8, $0x3ff0000000000000
DATA exp32Consts<>+304(SB)/8, $0x3ff0000000000000
DATA exp32Consts<>+312(SB)/8, $0x3ff0000000000000
DATA exp32Consts<>+320(SB)/8, $0x4338000000000000 // bits(shifter)
DATA exp32Consts<>+328(SB)/8, $0x4338000000000000
DATA exp32Consts<>+336(SB)/8, $0x4338000000000000
DATA exp32Consts<>+344(SB)/8, $0x4338000000000000
DATA exp32Consts<>+352(SB)/8, $0x00000000000003ff // 1023
DATA exp32Consts<>+360(SB)/8, $0x00000000000003ff
DATA exp32Consts<>+368(SB)/8, $0x00000000000003ff
DATA exp32Consts<>+376(SB)/8, $0x00000000000003ff
DATA exp32Consts<>+384(SB)/4, $0x42b17218 // upper limit (float32)
DATA exp32Consts<>+388(SB)/4, $0x42b17218
DATA exp32Consts<>+392(SB)/4, $0x42b17218
DATA exp32Consts<>+396(SB)/4, $0x42b17218
DATA exp32Consts<>+400(SB)/4, $0x42b17218
DATA exp32Consts<>+404(SB)/4, $0x42b17218
DATA exp32Consts<>+408(SB)/4, $0x42b17218
DATA exp32Consts<>+412(SB)/4, $0x42b17218
DATA exp32Consts<>+416(SB)/4, $0xc2cff1b6 // lower limit (float32)
DATA exp32Consts<>+420(SB)/4, $0xc2cff1b6
DATA exp32Consts<>+424(SB)/4, $0xc2cff1b6
DATA exp32Consts<>+428(SB)/4, $0xc2cff1b6
DATA exp32Consts<>+432(SB)/4, $0xc2cff1b6
DATA exp32Consts<>+436(SB)/4, $0xc2cff1b6
DATA exp32Consts<>+440(SB)/4, $0xc2cff1b6
DATA exp32Consts<>+444(SB)/4, $0xc2cff1b6
DATA exp32Consts<>+448(SB)/4, $0x7f800000 // +Inf (float32)
DATA exp32Consts<>+452(SB)/4, $0x7f800000
DATA exp32Consts<>+456(SB)/4, $0x7f800000
DATA exp32Consts<>+460(SB)/4, $0x7f800000
DATA exp32Consts<>+464(SB)/4, $0x7f800000
DATA exp32Consts<>+468(SB)/4, $0x7f800000
DATA exp32Consts<>+472(SB)/4, $0x7f800000
DATA exp32Consts<>+476(SB)/4, $0x7f800000
GLOBL exp32Consts<>(SB), RODATA|NOPTR, $480

// func exp32AVX2(n int, x, out *float32)
// out[i] = exp32Go(x[i]) for i < n, n a multiple of 4; out may be x. Four lanes of float64 per
// step, with exactly the operations and rounding of exp32Go's loop (separate multiplies and
// adds, no FMA); lanes outside the float32 range limits get exp32Outside's value (+Inf above,
// 0 below, NaN kept).
TEXT ·exp32AVX2(SB), NOSPLIT, $0-24
	MOVQ n+0(FP), CX
	MOVQ x+8(FP), SI
	MOVQ out+16(FP), DI
	LEAQ exp32Consts<>(SB), R8
	VMOVUPD 0(R8), Y8    // log2e
	VMOVUPD 32(R8), Y9   // shifter
	VMOVUPD 64(R8), Y10  // ln2
	VMOVUPD 320(R8), Y7  // bits(shifter)
	VMOVUPD 352(R8), Y6  // 1023
	VMOVUPS 384(R8), X11 // upper limit (float32)
	VMOVUPS 416(R8), X12 // lower limit
	VMOVUPS 448(R8), X13 // +Inf
	VXORPS  X14, X14, X14
	SHRQ $2, CX
	JEQ  expdone

exploop:
	VMOVUPS   (SI), X15      // x (float32)
	VCVTPS2PD X15, Y0        // xd
	VMULPD    Y8, Y0, Y1     // xd*log2e
	VADDPD    Y9, Y1, Y1     // t = xd*log2e + shifter
	VSUBPD    Y9, Y1, Y2     // n = t - shifter
	VMULPD    Y10, Y2, Y2    // n*ln2
	VSUBPD    Y2, Y0, Y3     // r = xd - n*ln2
	VMULPD    96(R8), Y3, Y4 // r/5040
	VADDPD    128(R8), Y4, Y4 // 1/720 + ...
	VMULPD    Y4, Y3, Y4
	VADDPD    160(R8), Y4, Y4 // 1/120 + ...
	VMULPD    Y4, Y3, Y4
	VADDPD    192(R8), Y4, Y4 // 1/24 + ...
	VMULPD    Y4, Y3, Y4
	VADDPD    224(R8), Y4, Y4 // 1/6 + ...
	VMULPD    Y4, Y3, Y4
	VADDPD    256(R8), Y4, Y4 // 1/2 + ...
	VMULPD    Y4, Y3, Y4
	VADDPD    288(R8), Y4, Y4 // 1 + r*(...)
	VMULPD    Y4, Y3, Y4
	VADDPD    288(R8), Y4, Y4 // p = 1 + r*(1 + ...)
	VPSUBQ    Y7, Y1, Y1     // k = bits(t) - bits(shifter)
	VPADDQ    Y6, Y1, Y1     // k + 1023
	VPSLLQ    $52, Y1, Y1    // 2^n
	VMULPD    Y1, Y4, Y4     // p * 2^n
	VCVTPD2PSY Y4, X4        // to float32, round to nearest
	// Outside the limits: +Inf above 0, else 0; NaN stays x.
	VCMPPS    $0x1e, X14, X15, X5 // x > 0
	VANDPS    X13, X5, X5         // +Inf or 0
	VCMPPS    $0x03, X15, X15, X0 // x is NaN
	VBLENDVPS X0, X15, X5, X5     // NaN lanes: x
	VCMPPS    $0x12, X11, X15, X1 // x <= upper
	VCMPPS    $0x1d, X12, X15, X2 // x >= lower
	VANDPS    X2, X1, X1          // inside the limits
	VBLENDVPS X1, X4, X5, X4      // inside: the polynomial's value
	VMOVUPS   X4, (DI)
	ADDQ      $16, SI
	ADDQ      $16, DI
	DECQ      CX
	JNZ       exploop

expdone:
	VZEROUPPER
	RET

// func whereAVX2(n int, cond *bool, t, f, out *float32)
// out[i] = cond[i] ? t[i] : f[i] for i < n, n a multiple of 8: each bool (0 or 1) is widened to
// a 32-bit lane and shifted into the sign bit, which VBLENDVPS selects by.
TEXT ·whereAVX2(SB), NOSPLIT, $0-40
	MOVQ n+0(FP), CX
	MOVQ cond+8(FP), R8
	MOVQ t+16(FP), SI
	MOVQ f+24(FP), BX
	MOVQ out+32(FP), DI
	SHRQ $3, CX
	JEQ  wheredone

whereloop:
	VPMOVZXBD (R8), Y0
	VPSLLD    $31, Y0, Y0
	VMOVUPS   (BX), Y1
	VBLENDVPS Y0, (SI), Y1, Y1
	VMOVUPS   Y1, (DI)
	ADDQ      $8, R8
	ADDQ      $32, SI
	ADDQ      $32, BX
	ADDQ      $32, DI
	DECQ      CX
	JNZ       whereloop

wheredone:
	VZEROUPPER
	RET

