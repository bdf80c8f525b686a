package io.simdnn.simd;

import static io.simdnn.simd.Lanes.F;
import static io.simdnn.simd.Lanes.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * Single-precision GEMM on the Vector API, in the Goto/BLIS structure.
 *
 * <h2>Blocking and packing</h2>
 * For each block of NC columns and KC rows of op(B), the block is copied into panels NR = NV vectors wide (each
 * k-row of a panel is NR contiguous floats, zero-padded past the matrix edge); for each block of MC rows of op(A),
 * that block is copied into panels MR rows tall (each k-column MR contiguous floats). The micro-kernel then walks one
 * A panel and one B panel with unit stride. The default 6×2 kernel ({@link #kernel6x2}) reads six rows of A
 * instead: where a row-major A stores them, so only an edge tile's rows are packed, or from a block packed row by
 * row (A stored transposed). Only the packing routines and that kernel know about transposes and leading
 * dimensions.
 * A weight matrix can also be packed once for all its KC × NC blocks ({@link #packWeights}); the product then reads
 * those panels instead of packing B on every call, with the same blocks and so the same bits.
 *
 * <h2>Micro-kernel, one per register file</h2>
 * An outer product: per k step, NV vector loads of B, MR scalar broadcasts of A and MR·NV FMAs into MR·NV
 * accumulators held in named locals (C2 keeps locals in registers, never an array), so there is one method per shape.
 * The shape is fixed once per JVM ({@link #SHAPE}): 6 rows × 2 vectors (12 accumulators + 2 B vectors + the
 * broadcast = 15 of AVX2's 16 registers) by default, or a larger tile for 32 registers (AVX-512), which loads fewer
 * B vectors and broadcasts per FMA but wastes more at the matrix edges. Every accumulator lane is a distinct
 * element of C, so there is no lane reduction and no mask in the k loop. A full tile is added to C as C += alpha·acc
 * (one FMA per element); an edge tile is written to a per-thread scratch tile and only its valid part is added, with
 * the same scalar FMA, so full and edge tiles round identically.
 *
 * <h2>Determinism</h2>
 * Each element of C is the same sequence of operations whatever the partition: beta·C first, then for each KC block
 * in k order C = fma(alpha, Σ_block, C), each block sum in k order. Threads only split rows or columns (aligned to
 * MR or NR), so results are bit-identical for any thread count (for one shape: another shape has other KC blocks).
 *
 * <h2>Small m</h2>
 * m = 1 (batch-1 inference) gets kernels without packing: for op(B) = Wᵀ (W stored n×k, as a dense layer) each
 * output is a dot product of the A row with a W row, 8 W rows at a time, one vector accumulator each along k, the
 * eight reduced together at the end ({@link #dotRows}); for op(B) = B, C's row is accumulated 4 vectors wide. Small
 * m (≤ {@value #SMALL_M}) with op(B) = Wᵀ takes dot products too, 3 rows of A against 4 rows of W at a time
 * ({@link #dotTile}): packing (a transposition) of W would cost more than the product itself, and the 3 A rows stay in
 * L1 while W streams once.
 */
final class Gemm {
    private Gemm() {}

    /**
     * The micro-kernel shape, rows × vectors of C accumulators: forced with {@code -Dsimdnn.simd.gemmKernel}, else
     * 6×2 on every register file. With AVX-512's 32 registers the larger tiles (8×3, 12×2, 14×2) measured no faster
     * on Zen 5 (full 512-bit units): a little ahead on large squares, well behind on the batch-64 network products,
     * where 64 rows leave 12- and 14-row tiles a wasted edge (docs/benchmarks.md). They stay selectable, proven at
     * every width by the conformance kit, for machines where they measure faster.
     */
    static final String SHAPE = SimdConfig.gemmKernel("6x2");
    static final int MR = Integer.parseInt(SHAPE.substring(0, SHAPE.indexOf('x')));
    static final int NV = Integer.parseInt(SHAPE.substring(SHAPE.indexOf('x') + 1));
    static final int NR = NV * L;
    /**
     * Depth of a block: a KC × NR panel of B stays in L1 while the kernel walks the A panels. 256 for 6×2 (tuned on
     * Zen 3: 32 KiB L1d, a 16 KiB panel at 8 lanes); for the wider tiles KC keeps the panel within 32 KiB (Zen 5
     * has 48 KiB of L1d), untuned.
     */
    static final int KC = MR == 6 ? 256 : Math.max(64, Math.min(256, 8192 / NR));
    /** Rows of A per block (the MC × KC block stays in L2): about 144 (tuned for 6×2 on Zen 3), a multiple of MR. */
    static final int MC = Math.max(1, 144 / MR) * MR;
    /** Columns of B per block (the packed KC × NC block stays in L3): about 1024 (tuned for 6×2), a multiple of NR. */
    static final int NC = Math.max(1, 1024 / NR) * NR;
    /**
     * Up to this many rows, op(B) = Wᵀ products use the dot-product kernels (no packing): measured on 784×256 and
     * 256×128 layers, the 3×4 tile ran at 1.1–1.9× the packed path from 3 to 18 rows and lost from about 24.
     */
    static final int SMALL_M = 16;
    /** Rows of A per {@link #dotTile} step. */
    static final int DOT_ROWS = 3;
    /**
     * Below this many FLOPs (2mnk) a packed product runs on one thread: the measured break-even of the hand-off, where
     * the second thread also packs its own copy of A (see docs/benchmarks.md). {@code -Dsimdnn.simd.parallelFlops}
     * sets both thresholds, for measuring them.
     */
    static final long PARALLEL_FLOPS = SimdConfig.parallelFlops(1L << 20);
    /**
     * The same for the unpacked small-m kernels, which only stream W: splitting its rows between two cores halves
     * the time from about 2¹⁶ FLOPs (the 256→128 layer at batch 1: 1.3–1.6×; the 784→256 layer: 1.9×).
     */
    static final long ROWS_PARALLEL_FLOPS = SimdConfig.parallelFlops(1L << 16);

    /** Per-thread buffers, allocated once per thread and reused by every call. */
    static final class Scratch {
        final float[] aPack = new float[MC * KC];
        final float[] bPack = new float[KC * NC];
        /** The edge tile of the micro-kernel, and the lane sums of {@link #dotTile} (12 vectors). */
        final float[] tile = new float[Math.max(MR * NR, 12 * L)];
        float[] row = new float[0];

        float[] row(int k) {
            if (row.length < k) row = new float[Math.max(k, 1024)];
            return row;
        }
    }

    static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    // ------------------------------------------------------------------------------------------------ packed path

    /**
     * C[i0:i1, j0:j1] = alpha·op(A)·op(B) + beta·C over the same window; i0 a multiple of MR, j0 of NR. op(B) from
     * {@code pb} (W packed once by {@link #packWeights}, op(B) = Wᵀ) when it is non-null, else packed here from b.
     * The blocks of a packed W start at multiples of NC from column 0, so a window starting elsewhere begins
     * mid-block; each element still sees the same KC blocks, so the bits are those of packing here.
     */
    static void packedRange(boolean transA, int i0, int i1, int j0, int j1, int k, float alpha, float[] a, int aOff,
            int lda, boolean transB, float[] b, int bOff, int ldb, PackedB pb, float beta, float[] c, int cOff,
            int ldc) {
        scaleBlock(i0, i1, j0, j1, beta, c, cOff, ldc);
        Scratch s = SCRATCH.get();
        float[] ap = s.aPack, tile = s.tile;
        float[] bp = pb == null ? s.bPack : pb.panels;
        for (int jc = j0; jc < j1; ) {
            int jb = jc - jc % NC; // the packed W's block holding column jc
            int jEnd = Math.min(j1, pb == null ? jc + NC : jb + NC);
            int nc = jEnd - jc;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                int bo = 0;
                if (pb != null) bo = jb * k + pc * pitch(pb.n - jb) + (jc - jb) * kc;
                else if (transB) packBTransposed(b, bOff, ldb, pc, kc, jc, nc, bp, 0);
                else packB(b, bOff, ldb, pc, kc, jc, nc, bp);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    // 6×2 reads a stored-row-major A in place, packing only the rows of an edge tile (at 0)
                    boolean inPlace = MR == 6 && !transA;
                    int packed = inPlace ? mc - mc % MR : 0;
                    if (transA) packATransposed(a, aOff, lda, ic, mc, pc, kc, ap);
                    else if (packed < mc) packA(a, aOff, lda, ic + packed, mc - packed, pc, kc, ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr), bpo = bo + jr * kc;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int co = cOff + (ic + ir) * ldc + jc + jr;
                            if (MR == 6) {
                                // six rows where A stores them, or six rows of kc in the packed block
                                boolean stored = inPlace && mr == MR;
                                float[] rows = stored ? a : ap;
                                int ao = stored ? aOff + (ic + ir) * lda + pc : (ir - packed) * kc;
                                int ld = stored ? lda : kc;
                                if (mr == MR && nr == NR) {
                                    kernel6x2(kc, rows, ao, ld, bp, bpo, alpha, c, co, ldc, true);
                                    continue;
                                }
                                kernel6x2(kc, rows, ao, ld, bp, bpo, 1f, tile, 0, NR, false);
                            } else {
                                kernel(kc, ap, ir * kc, bp, bpo, tile);
                            }
                            addTile(mr, nr, alpha, tile, c, co, ldc);
                        }
                    }
                }
            }
            jc = jEnd;
        }
    }

    /** C = beta·C over a window; beta = 0 writes zeros (C is write-only). */
    static void scaleBlock(int i0, int i1, int j0, int j1, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = i0; i < i1; i++) {
            int r = cOff + i * ldc;
            if (beta == 0f) java.util.Arrays.fill(c, r + j0, r + j1, 0f);
            else SimdVectors.scale(j1 - j0, beta, c, r + j0);
        }
    }

    /**
     * The 32-register micro-kernel of {@link #SHAPE} (8×3, 12×2 or 14×2) over kc steps: the raw sums into
     * {@code tile} (row length NR). The switch folds away (MR is a constant). These kernels end by storing into the
     * tile, not into C: C2 stops inlining in a method this large, and a helper taking vectors that is not inlined
     * boxes them (an allocation per call). The default 6×2 is called directly ({@link #kernel6x2}).
     */
    static void kernel(int kc, float[] ap, int ao, float[] bp, int bo, float[] tile) {
        switch (MR) {
            case 8 -> kernel8x3(kc, ap, ao, bp, bo, tile);
            case 12 -> kernel12x2(kc, ap, ao, bp, bo, tile);
            default -> kernel14x2(kc, ap, ao, bp, bo, tile);
        }
    }

    /**
     * C[0:mr, 0:nr] at co += alpha·tile: a vector FMA per element for a full tile, the same scalar FMA for the valid
     * part of an edge tile, so both round identically.
     */
    static void addTile(int mr, int nr, float alpha, float[] tile, float[] c, int co, int ldc) {
        if (mr == MR && nr == NR) {
            FloatVector va = FloatVector.broadcast(F, alpha);
            for (int i = 0, t = 0; i < MR; i++, co += ldc) {
                for (int v = 0; v < NR; v += L, t += L) {
                    va.fma(FloatVector.fromArray(F, tile, t), FloatVector.fromArray(F, c, co + v)).intoArray(c, co + v);
                }
            }
            return;
        }
        for (int i = 0; i < mr; i++, co += ldc) {
            for (int j = 0; j < nr; j++) c[co + j] = Math.fma(alpha, tile[i * NR + j], c[co + j]);
        }
    }

    /**
     * 6 rows × 2 vectors: 12 accumulators, 2 B vectors and a broadcast (15 registers). A is six rows of length ≥ kc
     * at ao, ao + lda, …: where a row-major A stores them, or a packed block (lda = kc). Reading A in place saves
     * packing it, a copy that took 13.5 % of a 256³ product on Zen 5 (`-prof stack`; in place measured +4–8 % there
     * and +6–14 % on batch-64 inference, whose W is packed once: docs/benchmarks.md). Rows are read with unit stride
     * in p, so C2 removes their range checks. A full tile adds its sums into C directly ({@code intoC}: out = C, row
     * stride ldo; C += alpha·sums, the vector FMA {@link #addTile} uses, so the bits are the same); this small
     * kernel stays within C2's inlining budget, and skipping the tile's store and reload measured +7 % at k = 64
     * (256x784x64:TN, Zen 5). Otherwise the raw sums go to out with row stride ldo.
     */
    static void kernel6x2(int kc, float[] a, int ao, int lda, float[] bp, int bo, float alpha, float[] out, int oo,
            int ldo, boolean intoC) {
        FloatVector c0_0 = FloatVector.zero(F), c0_1 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F), c1_1 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F), c2_1 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F), c3_1 = FloatVector.zero(F);
        FloatVector c4_0 = FloatVector.zero(F), c4_1 = FloatVector.zero(F);
        FloatVector c5_0 = FloatVector.zero(F), c5_1 = FloatVector.zero(F);
        int r1 = ao + lda, r2 = r1 + lda, r3 = r2 + lda, r4 = r3 + lda, r5 = r4 + lda;
        for (int p = 0; p < kc; p++, bo += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bo);
            FloatVector b1 = FloatVector.fromArray(F, bp, bo + L);
            FloatVector x = FloatVector.broadcast(F, a[ao + p]);
            c0_0 = x.fma(b0, c0_0); c0_1 = x.fma(b1, c0_1);
            x = FloatVector.broadcast(F, a[r1 + p]);
            c1_0 = x.fma(b0, c1_0); c1_1 = x.fma(b1, c1_1);
            x = FloatVector.broadcast(F, a[r2 + p]);
            c2_0 = x.fma(b0, c2_0); c2_1 = x.fma(b1, c2_1);
            x = FloatVector.broadcast(F, a[r3 + p]);
            c3_0 = x.fma(b0, c3_0); c3_1 = x.fma(b1, c3_1);
            x = FloatVector.broadcast(F, a[r4 + p]);
            c4_0 = x.fma(b0, c4_0); c4_1 = x.fma(b1, c4_1);
            x = FloatVector.broadcast(F, a[r5 + p]);
            c5_0 = x.fma(b0, c5_0); c5_1 = x.fma(b1, c5_1);
        }
        if (!intoC) {
            c0_0.intoArray(out, oo); c0_1.intoArray(out, oo + L); oo += ldo;
            c1_0.intoArray(out, oo); c1_1.intoArray(out, oo + L); oo += ldo;
            c2_0.intoArray(out, oo); c2_1.intoArray(out, oo + L); oo += ldo;
            c3_0.intoArray(out, oo); c3_1.intoArray(out, oo + L); oo += ldo;
            c4_0.intoArray(out, oo); c4_1.intoArray(out, oo + L); oo += ldo;
            c5_0.intoArray(out, oo); c5_1.intoArray(out, oo + L);
            return;
        }
        FloatVector va = FloatVector.broadcast(F, alpha);
        va.fma(c0_0, FloatVector.fromArray(F, out, oo)).intoArray(out, oo);
        va.fma(c0_1, FloatVector.fromArray(F, out, oo + L)).intoArray(out, oo + L);
        oo += ldo;
        va.fma(c1_0, FloatVector.fromArray(F, out, oo)).intoArray(out, oo);
        va.fma(c1_1, FloatVector.fromArray(F, out, oo + L)).intoArray(out, oo + L);
        oo += ldo;
        va.fma(c2_0, FloatVector.fromArray(F, out, oo)).intoArray(out, oo);
        va.fma(c2_1, FloatVector.fromArray(F, out, oo + L)).intoArray(out, oo + L);
        oo += ldo;
        va.fma(c3_0, FloatVector.fromArray(F, out, oo)).intoArray(out, oo);
        va.fma(c3_1, FloatVector.fromArray(F, out, oo + L)).intoArray(out, oo + L);
        oo += ldo;
        va.fma(c4_0, FloatVector.fromArray(F, out, oo)).intoArray(out, oo);
        va.fma(c4_1, FloatVector.fromArray(F, out, oo + L)).intoArray(out, oo + L);
        oo += ldo;
        va.fma(c5_0, FloatVector.fromArray(F, out, oo)).intoArray(out, oo);
        va.fma(c5_1, FloatVector.fromArray(F, out, oo + L)).intoArray(out, oo + L);
    }


    /** 8 rows × 3 vectors: 24 accumulators, 3 B vectors and a broadcast (28 registers). */
    static void kernel8x3(int kc, float[] ap, int ao, float[] bp, int bo, float[] tile) {
        FloatVector c0_0 = FloatVector.zero(F), c0_1 = FloatVector.zero(F), c0_2 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F), c1_1 = FloatVector.zero(F), c1_2 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F), c2_1 = FloatVector.zero(F), c2_2 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F), c3_1 = FloatVector.zero(F), c3_2 = FloatVector.zero(F);
        FloatVector c4_0 = FloatVector.zero(F), c4_1 = FloatVector.zero(F), c4_2 = FloatVector.zero(F);
        FloatVector c5_0 = FloatVector.zero(F), c5_1 = FloatVector.zero(F), c5_2 = FloatVector.zero(F);
        FloatVector c6_0 = FloatVector.zero(F), c6_1 = FloatVector.zero(F), c6_2 = FloatVector.zero(F);
        FloatVector c7_0 = FloatVector.zero(F), c7_1 = FloatVector.zero(F), c7_2 = FloatVector.zero(F);
        int aEnd = ao + kc * 8;
        for (; ao < aEnd; ao += 8, bo += 3 * L) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bo);
            FloatVector b1 = FloatVector.fromArray(F, bp, bo + L);
            FloatVector b2 = FloatVector.fromArray(F, bp, bo + 2 * L);
            FloatVector x = FloatVector.broadcast(F, ap[ao]);
            c0_0 = x.fma(b0, c0_0); c0_1 = x.fma(b1, c0_1); c0_2 = x.fma(b2, c0_2);
            x = FloatVector.broadcast(F, ap[ao + 1]);
            c1_0 = x.fma(b0, c1_0); c1_1 = x.fma(b1, c1_1); c1_2 = x.fma(b2, c1_2);
            x = FloatVector.broadcast(F, ap[ao + 2]);
            c2_0 = x.fma(b0, c2_0); c2_1 = x.fma(b1, c2_1); c2_2 = x.fma(b2, c2_2);
            x = FloatVector.broadcast(F, ap[ao + 3]);
            c3_0 = x.fma(b0, c3_0); c3_1 = x.fma(b1, c3_1); c3_2 = x.fma(b2, c3_2);
            x = FloatVector.broadcast(F, ap[ao + 4]);
            c4_0 = x.fma(b0, c4_0); c4_1 = x.fma(b1, c4_1); c4_2 = x.fma(b2, c4_2);
            x = FloatVector.broadcast(F, ap[ao + 5]);
            c5_0 = x.fma(b0, c5_0); c5_1 = x.fma(b1, c5_1); c5_2 = x.fma(b2, c5_2);
            x = FloatVector.broadcast(F, ap[ao + 6]);
            c6_0 = x.fma(b0, c6_0); c6_1 = x.fma(b1, c6_1); c6_2 = x.fma(b2, c6_2);
            x = FloatVector.broadcast(F, ap[ao + 7]);
            c7_0 = x.fma(b0, c7_0); c7_1 = x.fma(b1, c7_1); c7_2 = x.fma(b2, c7_2);
        }
        c0_0.intoArray(tile, 0 * L); c0_1.intoArray(tile, 1 * L); c0_2.intoArray(tile, 2 * L);
        c1_0.intoArray(tile, 3 * L); c1_1.intoArray(tile, 4 * L); c1_2.intoArray(tile, 5 * L);
        c2_0.intoArray(tile, 6 * L); c2_1.intoArray(tile, 7 * L); c2_2.intoArray(tile, 8 * L);
        c3_0.intoArray(tile, 9 * L); c3_1.intoArray(tile, 10 * L); c3_2.intoArray(tile, 11 * L);
        c4_0.intoArray(tile, 12 * L); c4_1.intoArray(tile, 13 * L); c4_2.intoArray(tile, 14 * L);
        c5_0.intoArray(tile, 15 * L); c5_1.intoArray(tile, 16 * L); c5_2.intoArray(tile, 17 * L);
        c6_0.intoArray(tile, 18 * L); c6_1.intoArray(tile, 19 * L); c6_2.intoArray(tile, 20 * L);
        c7_0.intoArray(tile, 21 * L); c7_1.intoArray(tile, 22 * L); c7_2.intoArray(tile, 23 * L);
    }

    /** 12 rows × 2 vectors: 24 accumulators, 2 B vectors and a broadcast (27 registers). */
    static void kernel12x2(int kc, float[] ap, int ao, float[] bp, int bo, float[] tile) {
        FloatVector c0_0 = FloatVector.zero(F), c0_1 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F), c1_1 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F), c2_1 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F), c3_1 = FloatVector.zero(F);
        FloatVector c4_0 = FloatVector.zero(F), c4_1 = FloatVector.zero(F);
        FloatVector c5_0 = FloatVector.zero(F), c5_1 = FloatVector.zero(F);
        FloatVector c6_0 = FloatVector.zero(F), c6_1 = FloatVector.zero(F);
        FloatVector c7_0 = FloatVector.zero(F), c7_1 = FloatVector.zero(F);
        FloatVector c8_0 = FloatVector.zero(F), c8_1 = FloatVector.zero(F);
        FloatVector c9_0 = FloatVector.zero(F), c9_1 = FloatVector.zero(F);
        FloatVector c10_0 = FloatVector.zero(F), c10_1 = FloatVector.zero(F);
        FloatVector c11_0 = FloatVector.zero(F), c11_1 = FloatVector.zero(F);
        int aEnd = ao + kc * 12;
        for (; ao < aEnd; ao += 12, bo += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bo);
            FloatVector b1 = FloatVector.fromArray(F, bp, bo + L);
            FloatVector x = FloatVector.broadcast(F, ap[ao]);
            c0_0 = x.fma(b0, c0_0); c0_1 = x.fma(b1, c0_1);
            x = FloatVector.broadcast(F, ap[ao + 1]);
            c1_0 = x.fma(b0, c1_0); c1_1 = x.fma(b1, c1_1);
            x = FloatVector.broadcast(F, ap[ao + 2]);
            c2_0 = x.fma(b0, c2_0); c2_1 = x.fma(b1, c2_1);
            x = FloatVector.broadcast(F, ap[ao + 3]);
            c3_0 = x.fma(b0, c3_0); c3_1 = x.fma(b1, c3_1);
            x = FloatVector.broadcast(F, ap[ao + 4]);
            c4_0 = x.fma(b0, c4_0); c4_1 = x.fma(b1, c4_1);
            x = FloatVector.broadcast(F, ap[ao + 5]);
            c5_0 = x.fma(b0, c5_0); c5_1 = x.fma(b1, c5_1);
            x = FloatVector.broadcast(F, ap[ao + 6]);
            c6_0 = x.fma(b0, c6_0); c6_1 = x.fma(b1, c6_1);
            x = FloatVector.broadcast(F, ap[ao + 7]);
            c7_0 = x.fma(b0, c7_0); c7_1 = x.fma(b1, c7_1);
            x = FloatVector.broadcast(F, ap[ao + 8]);
            c8_0 = x.fma(b0, c8_0); c8_1 = x.fma(b1, c8_1);
            x = FloatVector.broadcast(F, ap[ao + 9]);
            c9_0 = x.fma(b0, c9_0); c9_1 = x.fma(b1, c9_1);
            x = FloatVector.broadcast(F, ap[ao + 10]);
            c10_0 = x.fma(b0, c10_0); c10_1 = x.fma(b1, c10_1);
            x = FloatVector.broadcast(F, ap[ao + 11]);
            c11_0 = x.fma(b0, c11_0); c11_1 = x.fma(b1, c11_1);
        }
        c0_0.intoArray(tile, 0 * L); c0_1.intoArray(tile, 1 * L);
        c1_0.intoArray(tile, 2 * L); c1_1.intoArray(tile, 3 * L);
        c2_0.intoArray(tile, 4 * L); c2_1.intoArray(tile, 5 * L);
        c3_0.intoArray(tile, 6 * L); c3_1.intoArray(tile, 7 * L);
        c4_0.intoArray(tile, 8 * L); c4_1.intoArray(tile, 9 * L);
        c5_0.intoArray(tile, 10 * L); c5_1.intoArray(tile, 11 * L);
        c6_0.intoArray(tile, 12 * L); c6_1.intoArray(tile, 13 * L);
        c7_0.intoArray(tile, 14 * L); c7_1.intoArray(tile, 15 * L);
        c8_0.intoArray(tile, 16 * L); c8_1.intoArray(tile, 17 * L);
        c9_0.intoArray(tile, 18 * L); c9_1.intoArray(tile, 19 * L);
        c10_0.intoArray(tile, 20 * L); c10_1.intoArray(tile, 21 * L);
        c11_0.intoArray(tile, 22 * L); c11_1.intoArray(tile, 23 * L);
    }

    /** 14 rows × 2 vectors: 28 accumulators, 2 B vectors and a broadcast (31 registers). */
    static void kernel14x2(int kc, float[] ap, int ao, float[] bp, int bo, float[] tile) {
        FloatVector c0_0 = FloatVector.zero(F), c0_1 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F), c1_1 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F), c2_1 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F), c3_1 = FloatVector.zero(F);
        FloatVector c4_0 = FloatVector.zero(F), c4_1 = FloatVector.zero(F);
        FloatVector c5_0 = FloatVector.zero(F), c5_1 = FloatVector.zero(F);
        FloatVector c6_0 = FloatVector.zero(F), c6_1 = FloatVector.zero(F);
        FloatVector c7_0 = FloatVector.zero(F), c7_1 = FloatVector.zero(F);
        FloatVector c8_0 = FloatVector.zero(F), c8_1 = FloatVector.zero(F);
        FloatVector c9_0 = FloatVector.zero(F), c9_1 = FloatVector.zero(F);
        FloatVector c10_0 = FloatVector.zero(F), c10_1 = FloatVector.zero(F);
        FloatVector c11_0 = FloatVector.zero(F), c11_1 = FloatVector.zero(F);
        FloatVector c12_0 = FloatVector.zero(F), c12_1 = FloatVector.zero(F);
        FloatVector c13_0 = FloatVector.zero(F), c13_1 = FloatVector.zero(F);
        int aEnd = ao + kc * 14;
        for (; ao < aEnd; ao += 14, bo += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bo);
            FloatVector b1 = FloatVector.fromArray(F, bp, bo + L);
            FloatVector x = FloatVector.broadcast(F, ap[ao]);
            c0_0 = x.fma(b0, c0_0); c0_1 = x.fma(b1, c0_1);
            x = FloatVector.broadcast(F, ap[ao + 1]);
            c1_0 = x.fma(b0, c1_0); c1_1 = x.fma(b1, c1_1);
            x = FloatVector.broadcast(F, ap[ao + 2]);
            c2_0 = x.fma(b0, c2_0); c2_1 = x.fma(b1, c2_1);
            x = FloatVector.broadcast(F, ap[ao + 3]);
            c3_0 = x.fma(b0, c3_0); c3_1 = x.fma(b1, c3_1);
            x = FloatVector.broadcast(F, ap[ao + 4]);
            c4_0 = x.fma(b0, c4_0); c4_1 = x.fma(b1, c4_1);
            x = FloatVector.broadcast(F, ap[ao + 5]);
            c5_0 = x.fma(b0, c5_0); c5_1 = x.fma(b1, c5_1);
            x = FloatVector.broadcast(F, ap[ao + 6]);
            c6_0 = x.fma(b0, c6_0); c6_1 = x.fma(b1, c6_1);
            x = FloatVector.broadcast(F, ap[ao + 7]);
            c7_0 = x.fma(b0, c7_0); c7_1 = x.fma(b1, c7_1);
            x = FloatVector.broadcast(F, ap[ao + 8]);
            c8_0 = x.fma(b0, c8_0); c8_1 = x.fma(b1, c8_1);
            x = FloatVector.broadcast(F, ap[ao + 9]);
            c9_0 = x.fma(b0, c9_0); c9_1 = x.fma(b1, c9_1);
            x = FloatVector.broadcast(F, ap[ao + 10]);
            c10_0 = x.fma(b0, c10_0); c10_1 = x.fma(b1, c10_1);
            x = FloatVector.broadcast(F, ap[ao + 11]);
            c11_0 = x.fma(b0, c11_0); c11_1 = x.fma(b1, c11_1);
            x = FloatVector.broadcast(F, ap[ao + 12]);
            c12_0 = x.fma(b0, c12_0); c12_1 = x.fma(b1, c12_1);
            x = FloatVector.broadcast(F, ap[ao + 13]);
            c13_0 = x.fma(b0, c13_0); c13_1 = x.fma(b1, c13_1);
        }
        c0_0.intoArray(tile, 0 * L); c0_1.intoArray(tile, 1 * L);
        c1_0.intoArray(tile, 2 * L); c1_1.intoArray(tile, 3 * L);
        c2_0.intoArray(tile, 4 * L); c2_1.intoArray(tile, 5 * L);
        c3_0.intoArray(tile, 6 * L); c3_1.intoArray(tile, 7 * L);
        c4_0.intoArray(tile, 8 * L); c4_1.intoArray(tile, 9 * L);
        c5_0.intoArray(tile, 10 * L); c5_1.intoArray(tile, 11 * L);
        c6_0.intoArray(tile, 12 * L); c6_1.intoArray(tile, 13 * L);
        c7_0.intoArray(tile, 14 * L); c7_1.intoArray(tile, 15 * L);
        c8_0.intoArray(tile, 16 * L); c8_1.intoArray(tile, 17 * L);
        c9_0.intoArray(tile, 18 * L); c9_1.intoArray(tile, 19 * L);
        c10_0.intoArray(tile, 20 * L); c10_1.intoArray(tile, 21 * L);
        c11_0.intoArray(tile, 22 * L); c11_1.intoArray(tile, 23 * L);
        c12_0.intoArray(tile, 24 * L); c12_1.intoArray(tile, 25 * L);
        c13_0.intoArray(tile, 26 * L); c13_1.intoArray(tile, 27 * L);
    }

    /** Packs op(B)[pc:pc+kc, jc:jc+nc] with B stored k×n: panel q holds rows p as NR floats at (q·kc + p)·NR. */
    static void packB(float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int dst = jr * kc;
            int src = bOff + pc * ldb + jc + jr;
            if (nr == NR) {
                for (int p = 0; p < kc; p++, src += ldb, dst += NR) {
                    for (int v = 0; v < NR; v += L) FloatVector.fromArray(F, b, src + v).intoArray(bp, dst + v);
                }
            } else {
                for (int p = 0; p < kc; p++, src += ldb, dst += NR) {
                    for (int j = 0; j < nr; j++) bp[dst + j] = b[src + j];
                    for (int j = nr; j < NR; j++) bp[dst + j] = 0f;
                }
            }
        }
    }

    /**
     * Packs op(B) = Bᵀ with B stored n×k (a transposition: each stored row becomes one panel column), at bp[at...]
     * in the layout of {@link #packB}.
     */
    static void packBTransposed(float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] bp, int at) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int panel = at + jr * kc;
            for (int j = 0; j < NR; j++) {
                int dst = panel + j;
                if (j < nr) {
                    int src = bOff + (jc + jr + j) * ldb + pc;
                    for (int p = 0; p < kc; p++, dst += NR) bp[dst] = b[src + p];
                } else {
                    for (int p = 0; p < kc; p++, dst += NR) bp[dst] = 0f;
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ packed W

    /** A weight matrix W (n×k) packed as op(B) = Wᵀ: all its KC × NC blocks, as {@link #packedRange} reads them. */
    static final class PackedB {
        /**
         * Fixed for packed weights (published through PackedWeights' final field); only a per-thread buffer
         * ({@link #reshape}) changes them between calls.
         */
        int n, k;
        float[] panels;

        PackedB(int n, int k) {
            this.n = n;
            this.k = k;
            this.panels = new float[size(n, k)];
        }

        /** Every block is NC wide (a multiple of NR) but the last, rounded up to NR. */
        private static int size(int n, int k) {
            return k * ((n + NR - 1) / NR * NR);
        }

        /**
         * This buffer laid out for an n×k W (QuantizedDense's per-thread panels, one layer after another), the array
         * grown only when it is too small, so a steady state allocates nothing.
         */
        PackedB reshape(int n, int k) {
            this.n = n;
            this.k = k;
            if (panels.length < size(n, k)) panels = new float[size(n, k)];
            return this;
        }
    }

    /** Columns of a packed block of {@code n} remaining columns (NC, or the last block's rounded up to NR). */
    static int pitch(int n) {
        return n >= NC ? NC : (n + NR - 1) / NR * NR;
    }

    /**
     * Packs W (stored n×k) into {@code into}: the block of columns [jb, jb+NC) and rows [pc, pc+KC) of Wᵀ at
     * jb·k + pc·pitch, its panels as {@link #packBTransposed} lays them out.
     */
    static void packWeights(float[] w, int wOff, int ldw, PackedB into) {
        int n = into.n, k = into.k;
        for (int jb = 0; jb < n; jb += NC) {
            int nc = Math.min(NC, n - jb);
            for (int pc = 0; pc < k; pc += KC) {
                packBTransposed(w, wOff, ldw, pc, Math.min(KC, k - pc), jb, nc, into.panels, jb * k + pc * pitch(n - jb));
            }
        }
    }

    /**
     * Packs op(A)[ic:ic+mc, pc:pc+kc] with A stored m×k: panel q holds column p as MR floats at (q·kc + p)·MR; for
     * the 6×2 kernel, row r at r·kc instead.
     */
    static void packA(float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, float[] ap) {
        if (MR == 6) { // the 6×2 kernel reads rows: the block row by row, zero rows up to a multiple of 6
            for (int r = 0; r < mc; r++) System.arraycopy(a, aOff + (ic + r) * lda + pc, ap, r * kc, kc);
            java.util.Arrays.fill(ap, mc * kc, (mc + MR - 1) / MR * MR * kc, 0f);
            return;
        }
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int panel = ir * kc;
            for (int i = 0; i < MR; i++) {
                int dst = panel + i;
                if (i < mr) {
                    int src = aOff + (ic + ir + i) * lda + pc;
                    for (int p = 0; p < kc; p++, dst += MR) ap[dst] = a[src + p];
                } else {
                    for (int p = 0; p < kc; p++, dst += MR) ap[dst] = 0f;
                }
            }
        }
    }

    /** Packs op(A) = Aᵀ with A stored k×m (each k-column of the panel is contiguous in the source), as {@link #packA}. */
    static void packATransposed(float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, float[] ap) {
        if (MR == 6) { // row by row, as packA lays it out for the 6×2 kernel: a transposition
            for (int p = 0, src = aOff + pc * lda + ic; p < kc; p++, src += lda) {
                for (int r = 0; r < mc; r++) ap[r * kc + p] = a[src + r];
            }
            java.util.Arrays.fill(ap, mc * kc, (mc + MR - 1) / MR * MR * kc, 0f);
            return;
        }
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int dst = ir * kc;
            int src = aOff + pc * lda + ic + ir;
            for (int p = 0; p < kc; p++, src += lda, dst += MR) {
                for (int i = 0; i < mr; i++) ap[dst + i] = a[src + i];
                for (int i = mr; i < MR; i++) ap[dst + i] = 0f;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ small m

    /** W rows per {@link #dotRows} step. */
    static final int ROW_GROUP = 8;

    /**
     * c[j] = alpha·(x · W[j]) + beta·c[j] for j in [j0, j1): x contiguous (k floats), W stored n×k.
     *
     * <p>Eight W rows at a time, one vector accumulator each: eight independent FMA chains, enough to cover the FMA
     * latency, and one load of x per eight of W. The eight accumulators are then reduced together rather than one by
     * one: {@link #fold} adds each vector's upper half of lanes to its lower half and packs two vectors' halves into
     * one, so three folds turn eight vectors of partial sums into one vector holding all eight dot products (at 16
     * lanes, two lanes each, added last). Lane-by-lane sums cost a store and L dependent scalar adds per row, about
     * as long as the row's loads. Each row's lanes are summed in the same fixed tree (halves, then quarters, …)
     * whether it is in a group or alone ({@link #treeSum}), so the result does not depend on where a row sits or how
     * columns are split among threads.
     */
    static void dotRows(int k, float alpha, float[] x, int xOff, float[] w, int wOff, int ldw, int j0, int j1,
            float beta, float[] c, int cOff, float[] lanes) {
        int j = j0;
        int kv = k - L;
        for (; j + ROW_GROUP <= j1; j += ROW_GROUP) {
            int w0 = wOff + j * ldw, w1 = w0 + ldw, w2 = w1 + ldw, w3 = w2 + ldw;
            int w4 = w3 + ldw, w5 = w4 + ldw, w6 = w5 + ldw, w7 = w6 + ldw;
            FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
            FloatVector s4 = FloatVector.zero(F), s5 = FloatVector.zero(F);
            FloatVector s6 = FloatVector.zero(F), s7 = FloatVector.zero(F);
            int p = 0;
            for (; p <= kv; p += L) {
                FloatVector xp = FloatVector.fromArray(F, x, xOff + p);
                s0 = FloatVector.fromArray(F, w, w0 + p).fma(xp, s0);
                s1 = FloatVector.fromArray(F, w, w1 + p).fma(xp, s1);
                s2 = FloatVector.fromArray(F, w, w2 + p).fma(xp, s2);
                s3 = FloatVector.fromArray(F, w, w3 + p).fma(xp, s3);
                s4 = FloatVector.fromArray(F, w, w4 + p).fma(xp, s4);
                s5 = FloatVector.fromArray(F, w, w5 + p).fma(xp, s5);
                s6 = FloatVector.fromArray(F, w, w6 + p).fma(xp, s6);
                s7 = FloatVector.fromArray(F, w, w7 + p).fma(xp, s7);
            }
            // fold 0 pairs rows r and r + 4, fold 1 rows r and r + 2, fold 2 (from 8 lanes) rows 0 and 1
            FloatVector f0 = fold(s0, s4, 0), f1 = fold(s1, s5, 0), f2 = fold(s2, s6, 0), f3 = fold(s3, s7, 0);
            FloatVector g0 = fold(f0, f2, 1), g1 = fold(f1, f3, 1);
            if (L == 4) {
                // two vectors of four sums: g0 holds rows 0, 2, 4, 6 and g1 rows 1, 3, 5, 7
                g0.intoArray(lanes, 0);
                g1.intoArray(lanes, 4);
            } else {
                fold(g0, g1, 2).intoArray(lanes, 0); // row r in lane r (8 lanes), lanes 2r and 2r + 1 (16)
            }
            for (int r = 0; r < ROW_GROUP; r++) {
                float d = groupSum(lanes, r);
                int wr = w0 + r * ldw;
                for (int q = p; q < k; q++) d = Math.fma(x[xOff + q], w[wr + q], d);
                store(alpha, d, beta, c, cOff + j + r);
            }
        }
        for (; j < j1; j++) {
            int w0 = wOff + j * ldw;
            FloatVector s0 = FloatVector.zero(F);
            int p = 0;
            for (; p <= kv; p += L) {
                s0 = FloatVector.fromArray(F, w, w0 + p).fma(FloatVector.fromArray(F, x, xOff + p), s0);
            }
            float d = treeSum(s0);
            for (; p < k; p++) d = Math.fma(x[xOff + p], w[w0 + p], d);
            store(alpha, d, beta, c, cOff + j);
        }
    }

    /**
     * Row r's dot product from the lanes where a group's folds put it (see {@link #dotRows}): lane r at 8 lanes, lanes
     * 2r and 2r + 1 at 16, and at 4 lanes the two stored vectors of rows 0, 2, 4, 6 and 1, 3, 5, 7.
     */
    static float groupSum(float[] lanes, int r) {
        return L == 4 ? lanes[(r & 1) * 4 + (r >> 1)] : L == 8 ? lanes[r] : lanes[2 * r] + lanes[2 * r + 1];
    }

    /**
     * Fold {@code level} of a {@link #dotRows} reduction, with h = L / 2^(level+1): lane i of the result is
     * a[i] + a[i + h] where bit h of i is clear and b[i − h] + b[i] where it is set. So the partial sums of a's row
     * move to the clear lanes, b's to the set ones, and each row keeps half as many lanes.
     */
    static FloatVector fold(FloatVector a, FloatVector b, int level) {
        VectorMask<Float> set = level == 0 ? FOLD_SET0 : level == 1 ? FOLD_SET1 : FOLD_SET2;
        VectorShuffle<Float> swap = level == 0 ? FOLD_SWAP0 : level == 1 ? FOLD_SWAP1 : FOLD_SWAP2;
        return a.blend(b, set).add(b.blend(a, set).rearrange(swap));
    }

    /** Per fold level: the lanes with bit h set, and the permutation i → i xor h (levels past L's width unused). */
    private static final VectorMask<Float> FOLD_SET0 = foldSet(0), FOLD_SET1 = foldSet(1), FOLD_SET2 = foldSet(2);
    private static final VectorShuffle<Float> FOLD_SWAP0 = foldSwap(0), FOLD_SWAP1 = foldSwap(1),
            FOLD_SWAP2 = foldSwap(2), FOLD_SWAP3 = foldSwap(3);

    private static int foldHalf(int level) {
        return Math.max(1, L >> (level + 1));
    }

    private static VectorMask<Float> foldSet(int level) {
        int h = foldHalf(level);
        boolean[] bits = new boolean[L];
        for (int i = 0; i < L; i++) bits[i] = (i & h) != 0;
        return VectorMask.fromArray(F, bits, 0);
    }

    private static VectorShuffle<Float> foldSwap(int level) {
        int h = foldHalf(level);
        return VectorShuffle.fromOp(F, i -> i ^ h);
    }

    /** The sum of v's lanes in the tree the folds use: halves, then quarters, and so on. */
    private static float treeSum(FloatVector v) {
        v = v.add(v.rearrange(FOLD_SWAP0));
        v = v.add(v.rearrange(FOLD_SWAP1));
        if (L >= 8) v = v.add(v.rearrange(FOLD_SWAP2));
        if (L >= 16) v = v.add(v.rearrange(FOLD_SWAP3));
        return v.lane(0);
    }

    /**
     * C[i0:i1, j0:j1] = alpha·A·Wᵀ + beta·C with A stored m×k and W stored n×k: 3 rows of A against 4 rows of W, 12
     * vector accumulators along k, each reduced once in the lane tree of {@link #dotRows}, so each element is the
     * sequence of operations dotRows gives it and a row of a batch gets the bits it gets alone. A group at the right edge repeats its last row of
     * W instead of running a narrower kernel and stores only its valid columns, so every element is the same sequence
     * of operations wherever it sits and the result does not depend on how columns are split among threads. The last
     * one or two rows (m not a multiple of 3) go through {@link #dotRows}: repeating rows of A would cost more.
     */
    static void dotTile(int k, float alpha, float[] a, int aOff, int lda, float[] w, int wOff, int ldw, int i0,
            int i1, int j0, int j1, float beta, float[] c, int cOff, int ldc, float[] lanes) {
        int kv = k - L;
        for (int j = j0; j < j1; j += 4) {
            int w0 = wOff + j * ldw, w1 = wOff + Math.min(j + 1, j1 - 1) * ldw;
            int w2 = wOff + Math.min(j + 2, j1 - 1) * ldw, w3 = wOff + Math.min(j + 3, j1 - 1) * ldw;
            for (int i = i0; i + DOT_ROWS <= i1; i += DOT_ROWS) {
                int a0 = aOff + i * lda, a1 = a0 + lda, a2 = a1 + lda;
                FloatVector s00 = FloatVector.zero(F), s01 = FloatVector.zero(F);
                FloatVector s02 = FloatVector.zero(F), s03 = FloatVector.zero(F);
                FloatVector s10 = FloatVector.zero(F), s11 = FloatVector.zero(F);
                FloatVector s12 = FloatVector.zero(F), s13 = FloatVector.zero(F);
                FloatVector s20 = FloatVector.zero(F), s21 = FloatVector.zero(F);
                FloatVector s22 = FloatVector.zero(F), s23 = FloatVector.zero(F);
                int p = 0;
                for (; p <= kv; p += L) {
                    FloatVector x0 = FloatVector.fromArray(F, a, a0 + p);
                    FloatVector x1 = FloatVector.fromArray(F, a, a1 + p);
                    FloatVector x2 = FloatVector.fromArray(F, a, a2 + p);
                    FloatVector v = FloatVector.fromArray(F, w, w0 + p);
                    s00 = x0.fma(v, s00);
                    s10 = x1.fma(v, s10);
                    s20 = x2.fma(v, s20);
                    v = FloatVector.fromArray(F, w, w1 + p);
                    s01 = x0.fma(v, s01);
                    s11 = x1.fma(v, s11);
                    s21 = x2.fma(v, s21);
                    v = FloatVector.fromArray(F, w, w2 + p);
                    s02 = x0.fma(v, s02);
                    s12 = x1.fma(v, s12);
                    s22 = x2.fma(v, s22);
                    v = FloatVector.fromArray(F, w, w3 + p);
                    s03 = x0.fma(v, s03);
                    s13 = x1.fma(v, s13);
                    s23 = x2.fma(v, s23);
                }
                // each row's four products in the tree of treeSum: two folds, then the last halvings (inlined:
                // a call here left the vectors boxed)
                FloatVector g0 = fold(fold(s00, s02, 0), fold(s01, s03, 0), 1);
                FloatVector g1 = fold(fold(s10, s12, 0), fold(s11, s13, 0), 1);
                FloatVector g2 = fold(fold(s20, s22, 0), fold(s21, s23, 0), 1);
                if (L >= 8) {
                    g0 = g0.add(g0.rearrange(FOLD_SWAP2));
                    g1 = g1.add(g1.rearrange(FOLD_SWAP2));
                    g2 = g2.add(g2.rearrange(FOLD_SWAP2));
                }
                if (L >= 16) {
                    g0 = g0.add(g0.rearrange(FOLD_SWAP3));
                    g1 = g1.add(g1.rearrange(FOLD_SWAP3));
                    g2 = g2.add(g2.rearrange(FOLD_SWAP3));
                }
                g0.intoArray(lanes, 0); // product q of a row in lane q·L/4 (lane q at 4 lanes)
                g1.intoArray(lanes, L);
                g2.intoArray(lanes, 2 * L);
                int cols = Math.min(4, j1 - j), step = Math.max(1, L / 4);
                for (int r = 0; r < DOT_ROWS; r++) {
                    int ar = a0 + r * lda;
                    for (int q = 0; q < cols; q++) {
                        int wq = q == 0 ? w0 : q == 1 ? w1 : q == 2 ? w2 : w3;
                        float d = lanes[r * L + q * step];
                        for (int t = p; t < k; t++) d = Math.fma(a[ar + t], w[wq + t], d);
                        store(alpha, d, beta, c, cOff + (i + r) * ldc + j + q);
                    }
                }
            }
        }
        for (int i = i1 - (i1 - i0) % DOT_ROWS; i < i1; i++) {
            dotRows(k, alpha, a, aOff + i * lda, w, wOff, ldw, j0, j1, beta, c, cOff + i * ldc, lanes);
        }
    }

    private static void store(float alpha, float dot, float beta, float[] c, int i) {
        float r = alpha * dot;
        c[i] = beta == 0f ? r : r + beta * c[i];
    }

    /**
     * One row: c[j] = alpha·Σ_p x[p]·B[p][j] + beta·c[j] for j in [j0, j1), B stored k×n (no transpose), 4 vectors
     * of C at a time; each element is the same FMA chain in p order whichever loop computes it.
     */
    static void axpyRows(int k, float alpha, float[] x, int xOff, float[] b, int bOff, int ldb, int j0, int j1,
            float beta, float[] c, int cOff) {
        int j = j0;
        FloatVector va = FloatVector.broadcast(F, alpha);
        for (; j + 4 * L <= j1; j += 4 * L) {
            FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
            int src = bOff + j;
            for (int p = 0; p < k; p++, src += ldb) {
                FloatVector xp = FloatVector.broadcast(F, x[xOff + p]);
                s0 = FloatVector.fromArray(F, b, src).fma(xp, s0);
                s1 = FloatVector.fromArray(F, b, src + L).fma(xp, s1);
                s2 = FloatVector.fromArray(F, b, src + 2 * L).fma(xp, s2);
                s3 = FloatVector.fromArray(F, b, src + 3 * L).fma(xp, s3);
            }
            storeRow(va, s0, beta, c, cOff + j);
            storeRow(va, s1, beta, c, cOff + j + L);
            storeRow(va, s2, beta, c, cOff + j + 2 * L);
            storeRow(va, s3, beta, c, cOff + j + 3 * L);
        }
        for (; j + L <= j1; j += L) {
            FloatVector s0 = FloatVector.zero(F);
            int src = bOff + j;
            for (int p = 0; p < k; p++, src += ldb) {
                s0 = FloatVector.fromArray(F, b, src).fma(FloatVector.broadcast(F, x[xOff + p]), s0);
            }
            storeRow(va, s0, beta, c, cOff + j);
        }
        for (; j < j1; j++) {
            float s = 0f;
            int src = bOff + j;
            for (int p = 0; p < k; p++, src += ldb) s = Math.fma(b[src], x[xOff + p], s);
            store(alpha, s, beta, c, cOff + j);
        }
    }

    private static void storeRow(FloatVector va, FloatVector sum, float beta, float[] c, int i) {
        FloatVector r = sum.mul(va);
        if (beta != 0f) r = FloatVector.fromArray(F, c, i).mul(beta).add(r);
        r.intoArray(c, i);
    }
}
