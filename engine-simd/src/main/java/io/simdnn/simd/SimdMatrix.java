package io.simdnn.simd;

import static io.simdnn.simd.Lanes.F;
import static io.simdnn.simd.Lanes.L;

import io.simdnn.spi.Activation;
import jdk.incubator.vector.FloatVector;

/**
 * The matrix family ({@link io.simdnn.spi.MatrixKernels}): GEMM and the fused dense layer on {@link Gemm}'s planner
 * and micro-kernels, split over the helper threads when large enough ({@link GemmJob}); bias and column sums.
 */
final class SimdMatrix {
    private final int threads;
    private final WorkerPool pool;
    /** The job the pool runs; set only by the caller holding the pool, so no call allocates one. */
    private final GemmJob job = new GemmJob();

    /** {@code pool} null: every product runs on the calling thread. */
    SimdMatrix(int threads, WorkerPool pool) {
        this.threads = threads;
        this.pool = pool;
    }

    /**
     * GEMM, optionally followed (f non-null) by C = f(C + bias) on each part's window while it is still in cache.
     * Splits the work into parts when it is large enough for the hand-off to pay. {@code pb}: op(B) = Wᵀ packed once
     * ({@link Gemm#packWeights}, with b the same W), read by the packed path; the small-m kernels read b.
     */
    void multiply(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
            int lda, float[] b, int bOff, int ldb, Gemm.PackedB pb, float beta, float[] c, int cOff, int ldc,
            float[] bias, int biasOff, Activation f, float p) {
        boolean rows = m == 1 || (transB && !transA && m <= Gemm.SMALL_M);
        if (rows && m == 1 && transA && lda != 1) {
            // the single row of op(A) is a column of the stored A: gather it once into this thread's buffer
            float[] x = Gemm.SCRATCH.get().row(k);
            for (int q = 0; q < k; q++) x[q] = a[aOff + q * lda];
            a = x;
            aOff = 0;
            lda = k;
            transA = false;
        }
        long flops = 2L * m * n * k;
        boolean split = pool != null && flops >= (rows ? Gemm.ROWS_PARALLEL_FLOPS : Gemm.PARALLEL_FLOPS);
        // rows path: split columns; packed path: split the longer side, aligned to the tile
        boolean byColumns = rows || n >= m;
        int align = rows ? 8 : byColumns ? Gemm.NR : Gemm.MR;
        int extent = byColumns ? n : m;
        int parts = split ? Math.min(threads, (extent + align - 1) / align) : 1;
        if (parts > 1 && flops < Gemm.PARALLEL_FLOPS && !pool.awake()) {
            // Below 2^20 FLOPs (only small-m products split there) a call lasts a few microseconds: a parked helper
            // would join late and make it slower (measured: batch-1 inference after a 1 ms pause). Run it here, and
            // wake the helpers for the next one.
            pool.wake();
            parts = 1;
        }
        if (parts > 1 && pool.tryAcquire()) {
            job.set(rows, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, pb, beta, c, cOff, ldc, bias,
                    biasOff, f, p, byColumns, parts, align);
            pool.runAndRelease(parts, job); // clears the job before another caller can set it
            return;
        }
        compute(rows, transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, pb, beta, c, cOff, ldc,
                bias, biasOff, f, p);
    }

    /** C[i0:i1, j0:j1], then the optional bias and activation over that window. */
    static void compute(boolean rows, boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
            float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, Gemm.PackedB pb, float beta,
            float[] c, int cOff, int ldc, float[] bias, int biasOff, Activation f, float p) {
        if (rows && transB && i1 - i0 >= Gemm.DOT_ROWS) {
            Gemm.dotTile(k, alpha, a, aOff, lda, b, bOff, ldb, i0, i1, j0, j1, beta, c, cOff, ldc,
                    Gemm.SCRATCH.get().tile);
        } else if (rows) {
            float[] lanes = transB ? Gemm.SCRATCH.get().tile : null;
            for (int i = i0; i < i1; i++) {
                if (transB) {
                    Gemm.dotRows(k, alpha, a, aOff + i * lda, b, bOff, ldb, j0, j1, beta, c, cOff + i * ldc, lanes);
                }
                else Gemm.axpyRows(k, alpha, a, aOff + i * lda, b, bOff, ldb, j0, j1, beta, c, cOff + i * ldc);
            }
        } else {
            Gemm.packedRange(transA, i0, i1, j0, j1, k, alpha, a, aOff, lda, transB, b, bOff, ldb, pb, beta, c, cOff,
                    ldc);
        }
        if (f == null) return;
        for (int i = i0; i < i1; i++) {
            int row = cOff + i * ldc + j0;
            if (bias != null) addBiasRow(j1 - j0, bias, biasOff + j0, c, row);
            if (f != Activation.IDENTITY) SimdElementwise.forward(f, p, j1 - j0, c, row, c, row);
        }
    }

    /** One multiply split into parts; its fields are set by the caller that holds the pool. */
    private static final class GemmJob implements WorkerPool.Job {
        private boolean rows, transA, transB, byColumns;
        private int m, n, k, aOff, lda, bOff, ldb, cOff, ldc, biasOff, parts, align;
        private float alpha, beta, p;
        private float[] a, b, c, bias;
        private Gemm.PackedB pb;
        private Activation f;

        void set(boolean rows, boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
                int aOff, int lda, float[] b, int bOff, int ldb, Gemm.PackedB pb, float beta, float[] c, int cOff,
                int ldc, float[] bias, int biasOff, Activation f, float p, boolean byColumns, int parts, int align) {
            this.rows = rows;
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.pb = pb;
            this.beta = beta;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.bias = bias;
            this.biasOff = biasOff;
            this.f = f;
            this.p = p;
            this.byColumns = byColumns;
            this.parts = parts;
            this.align = align;
        }

        @Override
        public void clear() {
            a = b = c = bias = null;
            pb = null;
            f = null;
        }

        @Override
        public void run(int part) {
            int extent = byColumns ? n : m;
            int units = (extent + align - 1) / align;
            int from = Math.min(extent, (int) ((long) units * part / parts) * align);
            int to = Math.min(extent, (int) ((long) units * (part + 1) / parts) * align);
            if (from >= to) return;
            if (byColumns) {
                compute(rows, transA, transB, 0, m, from, to, k, alpha, a, aOff, lda, b, bOff, ldb, pb, beta, c,
                        cOff, ldc, bias, biasOff, f, p);
            } else {
                compute(rows, transA, transB, from, to, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, pb, beta, c,
                        cOff, ldc, bias, biasOff, f, p);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ bias

    static void addBias(int m, int n, float[] bias, int biasOff, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) addBiasRow(n, bias, biasOff, c, cOff + i * ldc);
    }

    static void addBiasRow(int n, float[] bias, int bo, float[] c, int co) {
        int j = 0;
        for (int end = F.loopBound(n); j < end; j += L) {
            FloatVector.fromArray(F, c, co + j).add(FloatVector.fromArray(F, bias, bo + j)).intoArray(c, co + j);
        }
        for (; j < n; j++) c[co + j] += bias[bo + j];
    }

    static void columnSums(int m, int n, float[] a, int ao, int lda, float beta, float[] out, int oo) {
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) {
            FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
            for (int i = 0, r = ao + j; i < m; i++, r += lda) {
                s0 = s0.add(FloatVector.fromArray(F, a, r));
                s1 = s1.add(FloatVector.fromArray(F, a, r + L));
                s2 = s2.add(FloatVector.fromArray(F, a, r + 2 * L));
                s3 = s3.add(FloatVector.fromArray(F, a, r + 3 * L));
            }
            storeSums(s0, beta, out, oo + j);
            storeSums(s1, beta, out, oo + j + L);
            storeSums(s2, beta, out, oo + j + 2 * L);
            storeSums(s3, beta, out, oo + j + 3 * L);
        }
        for (; j + L <= n; j += L) {
            FloatVector s0 = FloatVector.zero(F);
            for (int i = 0, r = ao + j; i < m; i++, r += lda) s0 = s0.add(FloatVector.fromArray(F, a, r));
            storeSums(s0, beta, out, oo + j);
        }
        for (; j < n; j++) {
            float s = 0f;
            for (int i = 0, r = ao + j; i < m; i++, r += lda) s += a[r];
            out[oo + j] = beta == 0f ? s : beta * out[oo + j] + s;
        }
    }

    private static void storeSums(FloatVector s, float beta, float[] out, int o) {
        if (beta != 0f) s = FloatVector.fromArray(F, out, o).mul(beta).add(s);
        s.intoArray(out, o);
    }
}
