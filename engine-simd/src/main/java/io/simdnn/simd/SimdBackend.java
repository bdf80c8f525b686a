package io.simdnn.simd;

import io.simdnn.scalar.ScalarKernels;
import io.simdnn.spi.Activation;
import io.simdnn.spi.UnitActivation;

/**
 * The SIMD backend's kernels (wrapped in the checking {@link io.simdnn.spi.Backend} facade by {@link SimdProvider}):
 * every kernel on the Java Vector API ({@code jdk.incubator.vector}) at the width of
 * {@link Lanes#F}, except Maxout, inherited from the scalar reference it extends. The families live in their own
 * files ({@link Gemm} and this class's multiply for the matrix family, {@link Activations}, {@link GatedActivations}
 * and {@link Kernels} for the element-wise and vector ones, {@link LossKernels} for rows, losses and optimisers);
 * this class wires them and splits large calls over the helper threads. Create the backend through
 * {@link SimdProvider} (which checks that the Vector API can run here) or {@link io.simdnn.spi.Backends}.
 * Thread-safe: concurrent calls share the helper threads when they are free and otherwise run on their own thread,
 * with the same results.
 */
public final class SimdBackend extends ScalarKernels {
    public static final String NAME = "simd";


    private final int threads;
    private final WorkerPool pool;
    /** The jobs the pool runs; set only by the caller holding the pool, so no call allocates one. */
    private final GemmJob job = new GemmJob();
    private final AdamJob adamJob = new AdamJob();

    /** A SIMD backend using at most {@code threads} threads per call, without availability check or warm-up. */
    static io.simdnn.spi.Backend create(int threads) {
        return new io.simdnn.spi.Backend(new SimdBackend(threads));
    }

    SimdBackend(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads = " + threads + " must be at least 1");
        this.threads = threads;
        this.pool = threads > 1 ? new WorkerPool(threads) : null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int vectorBitSize() {
        return Lanes.F.vectorBitSize();
    }

    @Override
    public int threads() {
        return threads;
    }

    /** The GEMM blocks and tiles (KC, MC, NC, MR, NR), the small-m and dot-tile thresholds, and the lane count. */
    @Override
    public java.util.List<Integer> blockingEdges() {
        return java.util.List.of(Lanes.L, Gemm.MR, Gemm.NR, Gemm.DOT_ROWS, Gemm.SMALL_M, Gemm.KC, Gemm.MC, Gemm.NC);
    }

    // ------------------------------------------------------------------------------------------------ GEMM

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
            int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        multiply(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null, 0, null, 0f);
    }

    @Override
    public void denseForward(int m, int n, int k, float[] a, int aOff, int lda, float[] w, int wOff,
            int ldw, float[] bias, int biasOff, Activation f, float p, float[] c, int cOff, int ldc) {
        if (k == 0) {
            super.denseForward(m, n, k, a, aOff, lda, w, wOff, ldw, bias, biasOff, f, p, c, cOff, ldc);
            return;
        }
        multiply(false, true, m, n, k, 1f, a, aOff, lda, w, wOff, ldw, 0f, c, cOff, ldc, bias, biasOff, f, p);
    }

    /**
     * GEMM, optionally followed (f non-null) by C = f(C + bias) on each part's window while it is still in cache.
     * Splits the work into parts when it is large enough for the hand-off to pay.
     */
    private void multiply(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
            int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, float[] bias,
            int biasOff, Activation f, float p) {
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
            job.set(rows, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias,
                    biasOff, f, p, byColumns, parts, align);
            pool.runAndRelease(parts, job); // clears the job before another caller can set it
            return;
        }
        compute(rows, transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias,
                biasOff, f, p);
    }

    /** C[i0:i1, j0:j1], then the optional bias and activation over that window. */
    static void compute(boolean rows, boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
            float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff,
            int ldc, float[] bias, int biasOff, Activation f, float p) {
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
            Gemm.packedRange(transA, transB, i0, i1, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                    ldc);
        }
        if (f == null) return;
        for (int i = i0; i < i1; i++) {
            int row = cOff + i * ldc + j0;
            if (bias != null) Kernels.addBias(j1 - j0, bias, biasOff + j0, c, row);
            if (f != Activation.IDENTITY) Activations.forward(f, p, j1 - j0, c, row, c, row);
        }
    }

    /** One multiply split into parts; its fields are set by the caller that holds the pool. */
    private static final class GemmJob implements WorkerPool.Job {
        private boolean rows, transA, transB, byColumns;
        private int m, n, k, aOff, lda, bOff, ldb, cOff, ldc, biasOff, parts, align;
        private float alpha, beta, p;
        private float[] a, b, c, bias;
        private Activation f;

        void set(boolean rows, boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
                int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
                float[] bias, int biasOff, Activation f, float p, boolean byColumns, int parts, int align) {
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
                compute(rows, transA, transB, 0, m, from, to, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                        ldc, bias, biasOff, f, p);
            } else {
                compute(rows, transA, transB, from, to, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                        ldc, bias, biasOff, f, p);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ bias

    @Override
    public void addBias(int m, int n, float[] bias, int biasOff, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) Kernels.addBias(n, bias, biasOff, c, cOff + i * ldc);
    }

    @Override
    public void columnSums(int m, int n, float[] a, int aOff, int lda, float beta, float[] out,
            int outOff) {
        Kernels.columnSums(m, n, a, aOff, lda, beta, out, outOff);
    }

    // ------------------------------------------------------------------------------------------------ activations

    @Override
    public void activate(Activation f, float p, int n, float[] z, int zOff, float[] a, int aOff) {
        Activations.forward(f, p, n, z, zOff, a, aOff);
    }

    @Override
    public void activateBackward(Activation f, float p, int n, float[] z, int zOff, float[] a, int aOff,
            float[] da, int daOff, float[] dz, int dzOff) {
        Activations.backward(f, p, n, z, zOff, a, aOff, da, daOff, dz, dzOff);
    }

    @Override
    public void unitActivation(UnitActivation f, int m, int n, float[] z, int zOff, float[] param, int paramOff,
            float[] a, int aOff) {
        switch (f) {
            case PRELU -> Kernels.prelu(m, n, z, zOff, param, paramOff, a, aOff);
            case SWISH -> Kernels.swish(m, n, z, zOff, param, paramOff, a, aOff);
        }
    }

    @Override
    public void unitActivationBackward(UnitActivation f, int m, int n, float[] z, int zOff, float[] param,
            int paramOff, float[] da, int daOff, float[] dz, int dzOff, float[] dParam, int dParamOff) {
        switch (f) {
            case PRELU -> Kernels.preluBackward(m, n, z, zOff, param, paramOff, da, daOff, dz, dzOff, dParam,
                    dParamOff);
            case SWISH -> Kernels.swishBackward(m, n, z, zOff, param, paramOff, da, daOff, dz, dzOff, dParam,
                    dParamOff);
        }
    }

    // ------------------------------------------------------------------------------------------------ softmax

    @Override
    public void softmax(int m, int n, float[] x, int xOff, float[] y, int yOff) {
        Kernels.softmax(m, n, x, xOff, y, yOff);
    }

    @Override
    public void logSoftmax(int m, int n, float[] x, int xOff, float[] y, int yOff) {
        Kernels.logSoftmax(m, n, x, xOff, y, yOff);
    }

    @Override
    public void softmaxBackward(int m, int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx,
            int dxOff) {
        Kernels.softmaxBackward(m, n, y, yOff, dy, dyOff, dx, dxOff);
    }

    // ------------------------------------------------------------------------------------------------ losses

    @Override
    public double softmaxCrossEntropy(int m, int n, float[] logits, int logitsOff, float[] target,
            int targetOff, float gradScale, float[] probs, int probsOff, float[] dLogits, int dLogitsOff) {
        return LossKernels.softmaxCrossEntropy(m, n, logits, logitsOff, target, targetOff, gradScale, probs,
                probsOff, dLogits, dLogitsOff);
    }

    @Override
    public double sigmoidCrossEntropy(int n, float[] logits, int logitsOff, float[] target, int targetOff,
            float gradScale, float[] probs, int probsOff, float[] dLogits, int dLogitsOff) {
        return LossKernels.sigmoidCrossEntropy(n, logits, logitsOff, target, targetOff, gradScale, probs, probsOff,
                dLogits, dLogitsOff);
    }

    @Override
    public double squaredError(int n, float[] y, int yOff, float[] t, int tOff, float gradScale,
            float[] dy, int dyOff) {
        return LossKernels.squaredError(n, y, yOff, t, tOff, gradScale, dy, dyOff);
    }

    @Override
    public double absoluteError(int n, float[] y, int yOff, float[] t, int tOff, float gradScale,
            float[] dy, int dyOff) {
        return LossKernels.absoluteError(n, y, yOff, t, tOff, gradScale, dy, dyOff);
    }

    @Override
    public double hinge(int n, float[] y, int yOff, float[] t, int tOff, float gradScale, float[] dy,
            int dyOff) {
        return LossKernels.hinge(n, y, yOff, t, tOff, gradScale, dy, dyOff);
    }

    // ------------------------------------------------------------------------------------------------ vectors

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        Kernels.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff) {
        Kernels.scale(n, alpha, x, xOff);
    }

    @Override
    public void mul(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
        Kernels.mul(n, x, xOff, y, yOff, z, zOff);
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        return Kernels.dot(n, x, xOff, y, yOff);
    }

    @Override
    public float sum(int n, float[] x, int xOff) {
        return Kernels.sum(n, x, xOff);
    }

    @Override
    public float sumSquares(int n, float[] x, int xOff) {
        return Kernels.dot(n, x, xOff, x, xOff);
    }

    @Override
    public float max(int n, float[] x, int xOff) {
        return Kernels.max(n, x, xOff);
    }

    @Override
    public void argmaxRows(int m, int n, float[] x, int xOff, int[] out, int outOff) {
        for (int i = 0; i < m; i++) {
            int r = xOff + i * n;
            out[outOff + i] = Kernels.indexOf(n, Kernels.max(n, x, r), x, r);
        }
    }

    // ------------------------------------------------------------------------------------------------ optimisers

    @Override
    public void momentumStep(int n, float lr, float momentum, boolean nesterov, float[] w, int wOff,
            float[] g, int gOff, float[] v, int vOff) {
        LossKernels.momentumStep(n, lr, momentum, nesterov, w, wOff, g, gOff, v, vOff);
    }

    @Override
    public void adagradStep(int n, float lr, float eps, float[] w, int wOff, float[] g, int gOff, float[] h,
            int hOff) {
        LossKernels.adagradStep(n, lr, eps, w, wOff, g, gOff, h, hOff);
    }

    @Override
    public void rmspropStep(int n, float lr, float rho, float eps, float[] w, int wOff, float[] g, int gOff,
            float[] s, int sOff) {
        LossKernels.rmspropStep(n, lr, rho, eps, w, wOff, g, gOff, s, sOff);
    }

    /**
     * Adam over at least this many parameters is split across threads: its step is bound by two divisions and a
     * square root per element rather than by memory, and took 16 % of a one-thread training step of the reference
     * MLP (235,146 parameters) while the second thread waited.
     */
    static final int PARALLEL_STEP = 1 << 15;

    @Override
    public void adamStep(int n, float lr, float beta1, float beta2, float eps, float weightDecay, float c1,
            float c2, float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
        if (pool != null && n >= PARALLEL_STEP && pool.tryAcquire()) {
            adamJob.set(n, lr, beta1, beta2, eps, weightDecay, c1, c2, w, wOff, g, gOff, m, mOff, v, vOff);
            pool.runAndRelease(threads, adamJob);
            return;
        }
        LossKernels.adamStep(n, lr, beta1, beta2, eps, weightDecay, c1, c2, w, wOff, g, gOff, m, mOff, v, vOff);
    }

    /**
     * One Adam step split into ranges of whole 64-float blocks (the last takes the rest). Each element is the same
     * sequence of IEEE operations in a vector lane or in the scalar tail, so the split never changes a bit.
     */
    private final class AdamJob implements WorkerPool.Job {
        private int n, wOff, gOff, mOff, vOff;
        private float lr, beta1, beta2, eps, weightDecay, c1, c2;
        private float[] w, g, m, v;

        void set(int n, float lr, float beta1, float beta2, float eps, float weightDecay, float c1, float c2,
                float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
            this.n = n;
            this.lr = lr;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
            this.weightDecay = weightDecay;
            this.c1 = c1;
            this.c2 = c2;
            this.w = w;
            this.wOff = wOff;
            this.g = g;
            this.gOff = gOff;
            this.m = m;
            this.mOff = mOff;
            this.v = v;
            this.vOff = vOff;
        }

        @Override
        public void clear() {
            w = g = m = v = null;
        }

        @Override
        public void run(int part) {
            int from = (int) ((long) n * part / threads) & ~63;
            int to = part == threads - 1 ? n : (int) ((long) n * (part + 1) / threads) & ~63;
            LossKernels.adamStep(to - from, lr, beta1, beta2, eps, weightDecay, c1, c2, w, wOff + from, g,
                    gOff + from, m, mOff + from, v, vOff + from);
        }
    }

    // ------------------------------------------------------------------------------------------------ quantised

    private final QuantizedDense quantized = new QuantizedDense();

    @Override
    public void denseForward(int m, int n, int k, float[] a, int aOff, int lda, io.simdnn.spi.QuantizedMatrix w,
            float[] bias, int biasOff, Activation f, float p, float[] c, int cOff, int ldc) {
        quantized.forward(this, pool, threads, m, n, k, a, aOff, lda, w, bias, biasOff, f, p, c, cOff, ldc);
    }
}
