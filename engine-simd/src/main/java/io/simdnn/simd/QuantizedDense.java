package io.simdnn.simd;

import static io.simdnn.simd.Lanes.F;
import static io.simdnn.simd.Lanes.L;

import io.simdnn.spi.Activation;
import io.simdnn.spi.MatrixKernels;
import io.simdnn.spi.QuantizedMatrix;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dense layer over quantised weights ({@link QuantizedMatrix}), C = f(A·dequant(W)ᵀ + bias).
 *
 * <p>Batch 1 (m = 1), the case quantisation is for, reads each weight once, in its stored form: the layer is bound by
 * streaming W, so fewer bytes are a faster layer. As {@link Gemm#dotRows}, eight W rows at a time are dotted with the
 * input row, one vector accumulator per row, and the eight are reduced together by Gemm's lane folds; a short group
 * (the last, or a row alone) repeats its last row, so a row's bits do not depend on where it sits or how rows are
 * split between threads. A BF16 vector is L 16-bit lanes widened to 32-bit int lanes and shifted left by 16, which
 * reinterpreted as floats is exact; an INT8 vector is L bytes cast to floats. INT8 accumulates Σ x·q in float32 and
 * multiplies by the row's scale once at the end. Large layers split their rows over the helper threads.
 *
 * <p>For m &gt; 1 the arithmetic, not the bytes, dominates. Up to {@link Gemm#SMALL_M} rows, W rows are dequantised
 * into a per-thread buffer for the float dot tiles. Above, W is dequantised in one pass straight into the packed
 * GEMM's panels (each W row a panel column, so L × L tiles are transposed in registers by two-vector selects), and the
 * packed product runs on them: exactly the bits of the float layer on the dequantised weights packed once.
 */
final class QuantizedDense implements WorkerPool.Job {
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(16 * L));
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    /**
     * The INT8 load: the smallest byte vector of at least L lanes, cast to L floats (8 bytes at 4 lanes, of which 4
     * are used: there is no 32-bit byte vector). A load of 4L bytes cast into four float vectors by parts would read
     * W in fewer loads, but C2 (JDK 25) does not intrinsify casts of parts past the first: they box every vector.
     */
    private static final VectorSpecies<Byte> B1 = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(Math.max(64, 8 * L)));
    /** W rows per batch-1 step, reduced together ({@link Gemm#ROW_GROUP}). */
    private static final int GROUP = Gemm.ROW_GROUP;
    /**
     * Floats in the per-thread buffer of dequantised W rows or panels (m &gt; 1), 1 MiB: whole layers up to 256 × 1024,
     * so that the float kernel sees full-width products (blocks of 80 rows ran the 784→256 layer at batch 64 at half the speed).
     */
    private static final int BLOCK_FLOATS = 1 << 18;

    private static final class Scratch {
        final float[] acc = new float[GROUP * L], lanes = new float[Math.max(8, L)], sums = new float[GROUP];
        final Gemm.PackedB panels = new Gemm.PackedB(0, 0);
        final float[] zip = new float[L * L];
        float[] block = new float[0];

        float[] block(int size) {
            if (block.length < size) block = new float[size];
            return block;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    // the batch-1 job, set only by the caller holding the pool
    private int k, parts;
    private float[] x, bias, c;
    private int xOff, biasOff, cOff;
    private QuantizedMatrix w;
    private Activation f;
    private float p;

    /**
     * C = f(A·dequant(W)ᵀ + bias); arguments checked, m, n ≥ 1. {@code dense} runs the float layer on dequantised rows
     * (1 &lt; m ≤ SMALL_M, and k = 0), {@code matrix} the packed product on dequantised panels (m &gt; SMALL_M).
     */
    void forward(MatrixKernels dense, SimdMatrix matrix, WorkerPool pool, int threads, int m, int n, int k, float[] a,
            int aOff, int lda, QuantizedMatrix w, float[] bias, int biasOff, Activation f, float p, float[] c, int cOff,
            int ldc) {
        if (k == 0 || (m > 1 && m <= Gemm.SMALL_M)) {
            blocks(dense, m, n, k, a, aOff, lda, w, bias, biasOff, f, p, c, cOff, ldc);
            return;
        }
        if (m > 1) {
            panels(matrix, m, n, k, a, aOff, lda, w, bias, biasOff, f, p, c, cOff, ldc);
            return;
        }
        long flops = 2L * n * k;
        int parts = pool != null && flops >= Gemm.ROWS_PARALLEL_FLOPS ? Math.min(threads, (n + GROUP - 1) / GROUP) : 1;
        if (parts > 1 && flops < Gemm.PARALLEL_FLOPS && !pool.awake()) {
            pool.wake(); // parked helpers would join late: run here, and wake them for the next call (as SimdMatrix)
            parts = 1;
        }
        if (parts > 1 && pool.tryAcquire()) {
            this.k = k;
            this.parts = parts;
            this.x = a;
            this.xOff = aOff;
            this.w = w;
            this.bias = bias;
            this.biasOff = biasOff;
            this.f = f;
            this.p = p;
            this.c = c;
            this.cOff = cOff;
            pool.runAndRelease(parts, this);
            return;
        }
        rows(k, a, aOff, w, 0, n, bias, biasOff, f, p, c, cOff);
    }

    @Override
    public void run(int part) {
        int n = w.rows(), groups = (n + GROUP - 1) / GROUP;
        int from = Math.min(n, (int) ((long) groups * part / parts) * GROUP);
        int to = Math.min(n, (int) ((long) groups * (part + 1) / parts) * GROUP);
        if (from < to) rows(k, x, xOff, w, from, to, bias, biasOff, f, p, c, cOff);
    }

    @Override
    public void clear() {
        x = bias = c = null;
        w = null;
        f = null;
    }

    /** c[j] = f(x·W[j] + bias[j]) for j in [j0, j1). */
    static void rows(int k, float[] x, int xOff, QuantizedMatrix w, int j0, int j1, float[] bias, int biasOff,
            Activation f, float p, float[] c, int cOff) {
        Scratch s = SCRATCH.get();
        if (w.format() == QuantizedMatrix.Format.BF16) bf16Rows(k, x, xOff, w.bf16Bits(), j0, j1, c, cOff, s);
        else int8Rows(k, x, xOff, w.int8Values(), w.scales(), j0, j1, c, cOff, s);
        if (bias != null) SimdMatrix.addBiasRow(j1 - j0, bias, biasOff + j0, c, cOff + j0);
        if (f != Activation.IDENTITY) SimdElementwise.forward(f, p, j1 - j0, c, cOff + j0, c, cOff + j0);
    }

    /*
     * The row kernels are split into small methods that pass no vector to one another: one method holding a group's
     * loop, its lane folds and the conversions' inlined code passes C2's node budget (NodeCountInliningCutoff), and a
     * call C2 does not inline boxes the vectors it takes or returns. A group's loop stores its eight accumulators to
     * the thread's buffer instead, and reduceGroup reloads them (16 vector moves per eight rows). Rows alone run as
     * a short group rather than through a one-row loop and Gemm.treeSum, whose call a rarely taken loop left
     * not inlined (boxing) in the predictor's 10-unit output layer.
     */

    private static void bf16Rows(int k, float[] x, int xOff, short[] w, int j0, int j1, float[] c, int cOff,
            Scratch s) {
        for (int j = j0; j < j1; j += GROUP) {
            int rows = Math.min(GROUP, j1 - j), q = bf16Group(k, x, xOff, w, j * k, rows, s.acc);
            reduceGroup(s.acc, s.lanes, s.sums);
            for (int r = 0; r < rows; r++) {
                float d = s.sums[r];
                int wr = (j + r) * k;
                for (int t = q; t < k; t++) d = Math.fma(x[xOff + t], QuantizedMatrix.fromBf16(w[wr + t]), d);
                c[cOff + j + r] = d;
            }
        }
    }

    /**
     * Eight rows from w0 (row length k), the accumulators into acc; returns where the vector loop stopped. A short
     * group ({@code rows} &lt; 8: the last, or a row alone) repeats its last row, so each row is the same sequence of
     * operations wherever it sits.
     */
    private static int bf16Group(int k, float[] x, int xOff, short[] w, int w0, int rows, float[] acc) {
        int w1 = row(w0, k, 1, rows), w2 = row(w0, k, 2, rows), w3 = row(w0, k, 3, rows), w4 = row(w0, k, 4, rows);
        int w5 = row(w0, k, 5, rows), w6 = row(w0, k, 6, rows), w7 = row(w0, k, 7, rows);
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        int q = 0;
        for (; q <= k - L; q += L) {
            FloatVector xv = FloatVector.fromArray(F, x, xOff + q);
            s0 = bf16(w, w0 + q).fma(xv, s0);
            s1 = bf16(w, w1 + q).fma(xv, s1);
            s2 = bf16(w, w2 + q).fma(xv, s2);
            s3 = bf16(w, w3 + q).fma(xv, s3);
            s4 = bf16(w, w4 + q).fma(xv, s4);
            s5 = bf16(w, w5 + q).fma(xv, s5);
            s6 = bf16(w, w6 + q).fma(xv, s6);
            s7 = bf16(w, w7 + q).fma(xv, s7);
        }
        s0.intoArray(acc, 0); // not a helper taking the vectors: a call C2 does not inline boxes them
        s1.intoArray(acc, L);
        s2.intoArray(acc, 2 * L);
        s3.intoArray(acc, 3 * L);
        s4.intoArray(acc, 4 * L);
        s5.intoArray(acc, 5 * L);
        s6.intoArray(acc, 6 * L);
        s7.intoArray(acc, 7 * L);
        return q;
    }

    /** The offset of row r of a group of {@code rows} from w0, the last row repeated past the end. */
    private static int row(int w0, int k, int r, int rows) {
        return w0 + Math.min(r, rows - 1) * k;
    }

    private static void int8Rows(int k, float[] x, int xOff, byte[] w, float[] scales, int j0, int j1, float[] c,
            int cOff, Scratch s) {
        for (int j = j0; j < j1; j += GROUP) {
            int rows = Math.min(GROUP, j1 - j), q = int8Group(k, x, xOff, w, j * k, rows, s.acc);
            reduceGroup(s.acc, s.lanes, s.sums);
            for (int r = 0; r < rows; r++) {
                float d = s.sums[r];
                int wr = (j + r) * k;
                for (int t = q; t < k; t++) d = Math.fma(x[xOff + t], w[wr + t], d);
                c[cOff + j + r] = d * scales[j + r];
            }
        }
    }

    /** As {@link #bf16Group}, L bytes of each row a step (the load reads B1's length: 8 bytes at 4 lanes). */
    private static int int8Group(int k, float[] x, int xOff, byte[] w, int w0, int rows, float[] acc) {
        int w1 = row(w0, k, 1, rows), w2 = row(w0, k, 2, rows), w3 = row(w0, k, 3, rows), w4 = row(w0, k, 4, rows);
        int w5 = row(w0, k, 5, rows), w6 = row(w0, k, 6, rows), w7 = row(w0, k, 7, rows);
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        int q = 0;
        for (int end = k - B1.length(); q <= end; q += L) {
            FloatVector xv = FloatVector.fromArray(F, x, xOff + q);
            s0 = int8(w, w0 + q).fma(xv, s0);
            s1 = int8(w, w1 + q).fma(xv, s1);
            s2 = int8(w, w2 + q).fma(xv, s2);
            s3 = int8(w, w3 + q).fma(xv, s3);
            s4 = int8(w, w4 + q).fma(xv, s4);
            s5 = int8(w, w5 + q).fma(xv, s5);
            s6 = int8(w, w6 + q).fma(xv, s6);
            s7 = int8(w, w7 + q).fma(xv, s7);
        }
        s0.intoArray(acc, 0); // not a helper taking the vectors: a call C2 does not inline boxes them
        s1.intoArray(acc, L);
        s2.intoArray(acc, 2 * L);
        s3.intoArray(acc, 3 * L);
        s4.intoArray(acc, 4 * L);
        s5.intoArray(acc, 5 * L);
        s6.intoArray(acc, 6 * L);
        s7.intoArray(acc, 7 * L);
        return q;
    }

    /**
     * The eight accumulators in acc reduced together as {@link Gemm#dotRows} does (fold 0 pairs rows r and r + 4,
     * fold 1 rows r and r + 2, fold 2 rows 0 and 1): row r's lane sum into sums[r].
     */
    private static void reduceGroup(float[] acc, float[] lanes, float[] sums) {
        FloatVector f0 = Gemm.fold(FloatVector.fromArray(F, acc, 0), FloatVector.fromArray(F, acc, 4 * L), 0);
        FloatVector f1 = Gemm.fold(FloatVector.fromArray(F, acc, L), FloatVector.fromArray(F, acc, 5 * L), 0);
        FloatVector f2 = Gemm.fold(FloatVector.fromArray(F, acc, 2 * L), FloatVector.fromArray(F, acc, 6 * L), 0);
        FloatVector f3 = Gemm.fold(FloatVector.fromArray(F, acc, 3 * L), FloatVector.fromArray(F, acc, 7 * L), 0);
        FloatVector g0 = Gemm.fold(f0, f2, 1), g1 = Gemm.fold(f1, f3, 1);
        if (L == 4) {
            g0.intoArray(lanes, 0);
            g1.intoArray(lanes, 4);
        } else {
            Gemm.fold(g0, g1, 2).intoArray(lanes, 0);
        }
        for (int r = 0; r < GROUP; r++) sums[r] = Gemm.groupSum(lanes, r);
    }

    /** L bfloat16 values widened to floats: the bits shifted into the upper half of each 32-bit lane. */
    private static FloatVector bf16(short[] w, int off) {
        return ((IntVector) ShortVector.fromArray(S, w, off).castShape(I, 0)).lanewise(VectorOperators.LSHL, 16)
                .reinterpretAsFloats();
    }

    /** L bytes from {@code off} as floats (one load of B1, its first L bytes). */
    private static FloatVector int8(byte[] w, int off) {
        return (FloatVector) ByteVector.fromArray(B1, w, off).castShape(F, 0);
    }

    // ------------------------------------------------------------------------------------------------ m > 1

    /**
     * 1 &lt; m ≤ {@link Gemm#SMALL_M} (and k = 0): blocks of W rows dequantised into this thread's buffer, row-major,
     * each run through the float dense kernel (its dot tiles read W rows).
     */
    private static void blocks(MatrixKernels dense, int m, int n, int k, float[] a, int aOff, int lda,
            QuantizedMatrix w, float[] bias, int biasOff, Activation f, float p, float[] c, int cOff, int ldc) {
        int rows = Math.max(1, Math.min(n, BLOCK_FLOATS / Math.max(k, 1)));
        if (rows >= 32 && rows < n) rows &= ~31;
        float[] block = SCRATCH.get().block(rows * k);
        for (int j0 = 0; j0 < n; j0 += rows) {
            int nb = Math.min(rows, n - j0);
            dequantize(w, j0, j0 + nb, block);
            dense.denseForward(m, nb, k, a, aOff, lda, block, 0, Math.max(k, 1), bias, bias == null ? 0 : biasOff + j0,
                    f, p, c, cOff + j0, ldc);
        }
    }

    /** W rows [j0, j1) as floats into {@code out}, row-major with row length k. */
    static void dequantize(QuantizedMatrix w, int j0, int j1, float[] out) {
        if (w.format() == QuantizedMatrix.Format.BF16) dequantizeBf16(w.cols(), w.bf16Bits(), j0, j1, out);
        else dequantizeInt8(w.cols(), w.int8Values(), w.scales(), j0, j1, out);
    }

    // one method per format: with both loops in one, C2 compiled the INT8 loop boxing its vectors after BF16 calls
    private static void dequantizeBf16(int k, short[] bits, int j0, int j1, float[] out) {
        for (int j = j0; j < j1; j++) {
            int src = j * k, dst = (j - j0) * k, q = 0;
            for (; q <= k - L; q += L) bf16(bits, src + q).intoArray(out, dst + q);
            for (; q < k; q++) out[dst + q] = QuantizedMatrix.fromBf16(bits[src + q]);
        }
    }

    private static void dequantizeInt8(int k, byte[] values, float[] scales, int j0, int j1, float[] out) {
        for (int j = j0; j < j1; j++) {
            int src = j * k, dst = (j - j0) * k, q = 0;
            float s = scales[j];
            for (int end = k - B1.length(); q <= end; q += L) int8(values, src + q).mul(s).intoArray(out, dst + q);
            for (; q < k; q++) out[dst + q] = values[src + q] * s;
        }
    }

    /**
     * m &gt; {@link Gemm#SMALL_M}: W dequantised straight into the packed GEMM's panels in this thread's buffer (up to
     * {@link #BLOCK_FLOATS} at a time), then the packed product with bias and activation, as the float dense layer
     * over packed weights runs it (split over the helper threads the same way, which only read the panels).
     */
    private static void panels(SimdMatrix matrix, int m, int n, int k, float[] a, int aOff, int lda,
            QuantizedMatrix w, float[] bias, int biasOff, Activation f, float p, float[] c, int cOff, int ldc) {
        int rows = Math.min(n, Math.max(Gemm.NR, BLOCK_FLOATS / k / Gemm.NR * Gemm.NR));
        Scratch s = SCRATCH.get();
        for (int j0 = 0; j0 < n; j0 += rows) {
            int nb = Math.min(rows, n - j0);
            Gemm.PackedB pb = s.panels.reshape(nb, k);
            dequantizePanels(w, j0, pb, s);
            matrix.multiply(false, true, m, nb, k, 1f, a, aOff, lda, pb.panels, 0, k, pb, 0f, c, cOff + j0, ldc,
                    bias, bias == null ? 0 : biasOff + j0, f, p);
        }
    }

    /** log2(L): the zip stages of an L × L transposition. */
    private static final int ZIP_STAGES = Integer.numberOfTrailingZeros(L);
    /**
     * Index vectors of a zip (two-vector {@code selectFrom}): lane 2i takes lane i (low half) or L/2 + i (high half)
     * of the first vector, lane 2i + 1 the same lane of the second.
     */
    private static final IntVector ZIP_LO = zipIndex(0), ZIP_HI = zipIndex(L / 2);

    private static IntVector zipIndex(int from) {
        int[] index = new int[L];
        for (int l = 0; l < L; l++) index[l] = from + l / 2 + (l % 2) * L;
        return IntVector.fromArray(I, index, 0);
    }

    /** The zip of a and b under {@code index}, on their bits (an int index needs no conversion). */
    private static FloatVector zip(IntVector index, FloatVector a, FloatVector b) {
        return index.selectFrom(a.reinterpretAsInts(), b.reinterpretAsInts()).reinterpretAsFloats();
    }

    /**
     * W rows [j0, j0 + pb.n) dequantised into pb in the layout {@link Gemm#packWeights} writes (per block of NC rows
     * and KC columns, panels of NR rows, each W row a panel column; zeros past the last row), an L × L tile at a
     * time: L W rows dequantised a vector each, then transposed by log2(L) rounds of zips (rows i and i + L/2
     * interleaved into rows 2i and 2i + 1; after log2(L) rounds row t holds column t), so that every store is a
     * whole vector of a panel row. Measured against a scalar transposing loop: 4,410 against 4,030 batch-64 calls/s
     * (BF16, one thread).
     */
    private static void dequantizePanels(QuantizedMatrix w, int j0, Gemm.PackedB pb, Scratch s) {
        int n = pb.n, k = pb.k, nr0 = Gemm.NR;
        float[] out = pb.panels, buf = s.zip;
        boolean bf16 = w.format() == QuantizedMatrix.Format.BF16;
        short[] bits = bf16 ? w.bf16Bits() : null;
        byte[] values = bf16 ? null : w.int8Values();
        float[] scales = bf16 ? null : w.scales();
        for (int jb = 0; jb < n; jb += Gemm.NC) {
            int nc = Math.min(Gemm.NC, n - jb);
            for (int pc = 0; pc < k; pc += Gemm.KC) {
                int kc = Math.min(Gemm.KC, k - pc), at = jb * k + pc * Gemm.pitch(n - jb);
                int tEnd = Math.min(kc - L, k - pc - B1.length()); // an INT8 load reads B1 bytes
                for (int jr = 0; jr < nc; jr += nr0) {
                    int panel = at + jr * kc;
                    for (int h = 0; h < nr0; h += L) {
                        int r0 = j0 + jb + jr + h, rows = Math.min(L, nc - jr - h);
                        int t = 0;
                        for (; t <= tEnd; t += L) {
                            int o = panel + t * nr0 + h;
                            float[] first = ZIP_STAGES == 2 ? out : buf;
                            int fo = ZIP_STAGES == 2 ? o : 0, fs = ZIP_STAGES == 2 ? nr0 : L;
                            if (bf16) zip2FromBf16(bits, k, r0, rows, pc + t, first, fo, fs);
                            else zip2FromInt8(values, scales, k, r0, rows, pc + t, first, fo, fs);
                            if (ZIP_STAGES == 3) zip1(buf, out, o, nr0);
                            else if (ZIP_STAGES == 4) zip2(buf, out, o, nr0);
                        }
                        for (; t < kc; t++) {
                            int o = panel + t * nr0 + h;
                            for (int j = 0; j < L; j++) out[o + j] = j < rows ? weight(w, r0 + j, pc + t) : 0f;
                        }
                    }
                }
            }
        }
    }

    /*
     * Two rounds of zips close over groups of four rows: rows i, i + L/4, i + L/2 and i + 3L/4 become rows 4i to
     * 4i + 3. So a pass does two rounds in registers, and L = 16 takes two passes (8: a pass and a round; 4: a pass).
     * Row i of the result goes to dst[o + i·stride].
     */

    /**
     * Two rounds from L rows of W (r0 on, column q; rows past {@code rows} are zeros). One method per format: with
     * the format tested per load, C2 compiled the INT8 loads boxing their vectors after BF16 calls.
     */
    private static void zip2FromBf16(short[] bits, int k, int r0, int rows, int q, float[] dst, int o, int stride) {
        int quarter = L / 4, off = r0 * k + q;
        for (int i = 0; i < quarter; i++) {
            int r1 = i + quarter, r2 = r1 + quarter, r3 = r2 + quarter;
            FloatVector a = i < rows ? bf16(bits, off + i * k) : FloatVector.zero(F);
            FloatVector b = r1 < rows ? bf16(bits, off + r1 * k) : FloatVector.zero(F);
            FloatVector c = r2 < rows ? bf16(bits, off + r2 * k) : FloatVector.zero(F);
            FloatVector d = r3 < rows ? bf16(bits, off + r3 * k) : FloatVector.zero(F);
            FloatVector p0 = zip(ZIP_LO, a, c), p1 = zip(ZIP_HI, a, c);
            FloatVector p2 = zip(ZIP_LO, b, d), p3 = zip(ZIP_HI, b, d);
            int at = o + 4 * i * stride;
            zip(ZIP_LO, p0, p2).intoArray(dst, at);
            zip(ZIP_HI, p0, p2).intoArray(dst, at + stride);
            zip(ZIP_LO, p1, p3).intoArray(dst, at + 2 * stride);
            zip(ZIP_HI, p1, p3).intoArray(dst, at + 3 * stride);
        }
    }

    private static void zip2FromInt8(byte[] values, float[] scales, int k, int r0, int rows, int q, float[] dst,
            int o, int stride) {
        int quarter = L / 4, off = r0 * k + q;
        for (int i = 0; i < quarter; i++) {
            int r1 = i + quarter, r2 = r1 + quarter, r3 = r2 + quarter;
            FloatVector a = i < rows ? int8(values, off + i * k).mul(scales[r0 + i]) : FloatVector.zero(F);
            FloatVector b = r1 < rows ? int8(values, off + r1 * k).mul(scales[r0 + r1]) : FloatVector.zero(F);
            FloatVector c = r2 < rows ? int8(values, off + r2 * k).mul(scales[r0 + r2]) : FloatVector.zero(F);
            FloatVector d = r3 < rows ? int8(values, off + r3 * k).mul(scales[r0 + r3]) : FloatVector.zero(F);
            FloatVector p0 = zip(ZIP_LO, a, c), p1 = zip(ZIP_HI, a, c);
            FloatVector p2 = zip(ZIP_LO, b, d), p3 = zip(ZIP_HI, b, d);
            int at = o + 4 * i * stride;
            zip(ZIP_LO, p0, p2).intoArray(dst, at);
            zip(ZIP_HI, p0, p2).intoArray(dst, at + stride);
            zip(ZIP_LO, p1, p3).intoArray(dst, at + 2 * stride);
            zip(ZIP_HI, p1, p3).intoArray(dst, at + 3 * stride);
        }
    }

    /** Two rounds from the L rows in src. */
    private static void zip2(float[] src, float[] dst, int o, int stride) {
        int quarter = L / 4;
        for (int i = 0; i < quarter; i++) {
            FloatVector a = FloatVector.fromArray(F, src, i * L), b = FloatVector.fromArray(F, src, (i + quarter) * L);
            FloatVector c = FloatVector.fromArray(F, src, (i + 2 * quarter) * L);
            FloatVector d = FloatVector.fromArray(F, src, (i + 3 * quarter) * L);
            FloatVector p0 = zip(ZIP_LO, a, c), p1 = zip(ZIP_HI, a, c);
            FloatVector p2 = zip(ZIP_LO, b, d), p3 = zip(ZIP_HI, b, d);
            int at = o + 4 * i * stride;
            zip(ZIP_LO, p0, p2).intoArray(dst, at);
            zip(ZIP_HI, p0, p2).intoArray(dst, at + stride);
            zip(ZIP_LO, p1, p3).intoArray(dst, at + 2 * stride);
            zip(ZIP_HI, p1, p3).intoArray(dst, at + 3 * stride);
        }
    }

    /** One round from the L rows in src: rows i and i + L/2 become rows 2i and 2i + 1. */
    private static void zip1(float[] src, float[] dst, int o, int stride) {
        int half = L / 2;
        for (int i = 0; i < half; i++) {
            FloatVector a = FloatVector.fromArray(F, src, i * L), b = FloatVector.fromArray(F, src, (i + half) * L);
            zip(ZIP_LO, a, b).intoArray(dst, o + 2 * i * stride);
            zip(ZIP_HI, a, b).intoArray(dst, o + (2 * i + 1) * stride);
        }
    }

    private static float weight(QuantizedMatrix w, int r, int q) {
        int off = r * w.cols() + q;
        if (w.format() == QuantizedMatrix.Format.BF16) return QuantizedMatrix.fromBf16(w.bf16Bits()[off]);
        return w.int8Values()[off] * w.scales()[r];
    }
}
