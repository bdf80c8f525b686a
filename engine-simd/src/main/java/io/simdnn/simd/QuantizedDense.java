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
 * streaming W, so fewer bytes are a faster layer. Four W rows at a time are dotted with the input row, one vector
 * accumulator per row. A BF16 vector is L 16-bit lanes widened to 32-bit int lanes and shifted left by 16, which
 * reinterpreted as floats is exact; an INT8 vector is {@code max(8, L)} bytes converted to one or two float
 * vectors (there is no byte vector of 4 lanes). INT8 accumulates Σ x·q in float32 and multiplies by the row's scale
 * once at the end. Lane sums are taken in a fixed order, so results do not depend on compilation. Large layers split
 * their rows over the helper threads, as the float rows path does.
 *
 * <p>For m &gt; 1 the arithmetic, not the bytes, dominates: a block of W rows is dequantised once into a per-thread
 * float buffer and the float dense kernel (packed GEMM or dot tiles) runs on it against every row of A.
 */
final class QuantizedDense implements WorkerPool.Job {
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(16 * L));
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(Math.max(64, 8 * L)));
    /** Float vectors per byte vector: 1, or 2 at 4 lanes. */
    private static final int PARTS = B.length() / L;
    /**
     * Floats in the per-thread buffer of dequantised W rows (m &gt; 1), 1 MiB: whole layers up to 256 × 1024, so that the
     * float kernel sees full-width products (blocks of 80 rows ran the 784→256 layer at batch 64 at half the speed).
     */
    private static final int BLOCK_FLOATS = 1 << 18;

    private static final class Scratch {
        final float[] lanes = new float[4 * L];
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

    /** C = f(A·dequant(W)ᵀ + bias); arguments checked, m, n ≥ 1. {@code dense} runs the float layer (m &gt; 1). */
    void forward(MatrixKernels dense, WorkerPool pool, int threads, int m, int n, int k, float[] a, int aOff,
            int lda, QuantizedMatrix w, float[] bias, int biasOff, Activation f, float p, float[] c, int cOff,
            int ldc) {
        if (m > 1 || k == 0) {
            blocks(dense, m, n, k, a, aOff, lda, w, bias, biasOff, f, p, c, cOff, ldc);
            return;
        }
        long flops = 2L * n * k;
        int parts = pool != null && flops >= Gemm.ROWS_PARALLEL_FLOPS ? Math.min(threads, (n + 3) / 4) : 1;
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
        int n = w.rows(), groups = (n + 3) / 4;
        int from = Math.min(n, (int) ((long) groups * part / parts) * 4);
        int to = Math.min(n, (int) ((long) groups * (part + 1) / parts) * 4);
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
        float[] lanes = SCRATCH.get().lanes;
        if (w.format() == QuantizedMatrix.Format.BF16) bf16Rows(k, x, xOff, w.bf16Bits(), j0, j1, c, cOff, lanes);
        else int8Rows(k, x, xOff, w.int8Values(), w.scales(), j0, j1, c, cOff, lanes);
        if (bias != null) SimdMatrix.addBiasRow(j1 - j0, bias, biasOff + j0, c, cOff + j0);
        if (f != Activation.IDENTITY) SimdElementwise.forward(f, p, j1 - j0, c, cOff + j0, c, cOff + j0);
    }

    private static void bf16Rows(int k, float[] x, int xOff, short[] w, int j0, int j1, float[] c, int cOff,
            float[] lanes) {
        for (int j = j0; j < j1; j += 4) {
            // a short last group repeats its last row, and stores only the rows it has
            int w0 = j * k, w1 = Math.min(j + 1, j1 - 1) * k, w2 = Math.min(j + 2, j1 - 1) * k;
            int w3 = Math.min(j + 3, j1 - 1) * k;
            FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
            int q = 0;
            for (; q <= k - L; q += L) {
                FloatVector xv = FloatVector.fromArray(F, x, xOff + q);
                s0 = bf16(w, w0 + q).fma(xv, s0);
                s1 = bf16(w, w1 + q).fma(xv, s1);
                s2 = bf16(w, w2 + q).fma(xv, s2);
                s3 = bf16(w, w3 + q).fma(xv, s3);
            }
            float d0 = 0f, d1 = 0f, d2 = 0f, d3 = 0f;
            if (q > 0) {
                d0 = laneSum(s0, lanes);
                d1 = laneSum(s1, lanes);
                d2 = laneSum(s2, lanes);
                d3 = laneSum(s3, lanes);
            }
            for (; q < k; q++) {
                float xq = x[xOff + q];
                d0 = Math.fma(xq, QuantizedMatrix.fromBf16(w[w0 + q]), d0);
                d1 = Math.fma(xq, QuantizedMatrix.fromBf16(w[w1 + q]), d1);
                d2 = Math.fma(xq, QuantizedMatrix.fromBf16(w[w2 + q]), d2);
                d3 = Math.fma(xq, QuantizedMatrix.fromBf16(w[w3 + q]), d3);
            }
            store(c, cOff, j, j1, d0, d1, d2, d3);
        }
    }

    private static void int8Rows(int k, float[] x, int xOff, byte[] w, float[] scales, int j0, int j1, float[] c,
            int cOff, float[] lanes) {
        int step = B.length();
        for (int j = j0; j < j1; j += 4) {
            int r1 = Math.min(j + 1, j1 - 1), r2 = Math.min(j + 2, j1 - 1), r3 = Math.min(j + 3, j1 - 1);
            int w0 = j * k, w1 = r1 * k, w2 = r2 * k, w3 = r3 * k;
            FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
            int q = 0;
            for (; q <= k - step; q += step) {
                ByteVector b0 = ByteVector.fromArray(B, w, w0 + q), b1 = ByteVector.fromArray(B, w, w1 + q);
                ByteVector b2 = ByteVector.fromArray(B, w, w2 + q), b3 = ByteVector.fromArray(B, w, w3 + q);
                for (int part = 0; part < PARTS; part++) {
                    FloatVector xv = FloatVector.fromArray(F, x, xOff + q + part * L);
                    s0 = ((FloatVector) b0.castShape(F, part)).fma(xv, s0);
                    s1 = ((FloatVector) b1.castShape(F, part)).fma(xv, s1);
                    s2 = ((FloatVector) b2.castShape(F, part)).fma(xv, s2);
                    s3 = ((FloatVector) b3.castShape(F, part)).fma(xv, s3);
                }
            }
            float d0 = 0f, d1 = 0f, d2 = 0f, d3 = 0f;
            if (q > 0) {
                d0 = laneSum(s0, lanes);
                d1 = laneSum(s1, lanes);
                d2 = laneSum(s2, lanes);
                d3 = laneSum(s3, lanes);
            }
            for (; q < k; q++) {
                float xq = x[xOff + q];
                d0 = Math.fma(xq, w[w0 + q], d0);
                d1 = Math.fma(xq, w[w1 + q], d1);
                d2 = Math.fma(xq, w[w2 + q], d2);
                d3 = Math.fma(xq, w[w3 + q], d3);
            }
            store(c, cOff, j, j1, d0 * scales[j], d1 * scales[r1], d2 * scales[r2], d3 * scales[r3]);
        }
    }

    /** L bfloat16 values widened to floats: the bits shifted into the upper half of each 32-bit lane. */
    private static FloatVector bf16(short[] w, int off) {
        return ((IntVector) ShortVector.fromArray(S, w, off).castShape(I, 0)).lanewise(VectorOperators.LSHL, 16)
                .reinterpretAsFloats();
    }

    /** The lanes of v summed in index order (reduceLanes' order is unspecified and changes with compilation). */
    private static float laneSum(FloatVector v, float[] lanes) {
        v.intoArray(lanes, 0);
        float s = 0f;
        for (int i = 0; i < L; i++) s += lanes[i];
        return s;
    }

    private static void store(float[] c, int cOff, int j, int j1, float d0, float d1, float d2, float d3) {
        c[cOff + j] = d0;
        if (j + 1 < j1) c[cOff + j + 1] = d1;
        if (j + 2 < j1) c[cOff + j + 2] = d2;
        if (j + 3 < j1) c[cOff + j + 3] = d3;
    }

    // ------------------------------------------------------------------------------------------------ m > 1

    /** Blocks of W rows dequantised into this thread's buffer, each run through the float dense kernel. */
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
        int k = w.cols();
        if (w.format() == QuantizedMatrix.Format.BF16) {
            short[] bits = w.bf16Bits();
            for (int j = j0; j < j1; j++) {
                int src = j * k, dst = (j - j0) * k, q = 0;
                for (; q <= k - L; q += L) bf16(bits, src + q).intoArray(out, dst + q);
                for (; q < k; q++) out[dst + q] = QuantizedMatrix.fromBf16(bits[src + q]);
            }
            return;
        }
        byte[] values = w.int8Values();
        float[] scales = w.scales();
        int step = B.length();
        for (int j = j0; j < j1; j++) {
            int src = j * k, dst = (j - j0) * k, q = 0;
            float s = scales[j];
            for (; q <= k - step; q += step) {
                ByteVector b = ByteVector.fromArray(B, values, src + q);
                for (int part = 0; part < PARTS; part++) {
                    ((FloatVector) b.castShape(F, part)).mul(s).intoArray(out, dst + q + part * L);
                }
            }
            for (; q < k; q++) out[dst + q] = values[src + q] * s;
        }
    }
}
