package io.simdnn.simd;

import io.simdnn.scalar.ScalarKernels;
import io.simdnn.spi.Activation;
import io.simdnn.spi.PackedWeights;
import io.simdnn.spi.UnitActivation;

/**
 * The SIMD backend's kernels (wrapped in the checking {@link io.simdnn.spi.Backend} facade by {@link SimdProvider}):
 * every kernel on the Java Vector API ({@code jdk.incubator.vector}) at the width of {@link Lanes#F}, except Maxout,
 * inherited from the scalar reference it extends. This class only wires: each kernel family has its own file
 * ({@link SimdMatrix}, {@link SimdElementwise}, {@link SimdRows}, {@link SimdVectors}, {@link SimdOptimisers}), and
 * the families that split large calls over the helper threads share this backend's {@link WorkerPool}. Create the
 * backend through {@link SimdProvider} (which checks that the Vector API can run here) or
 * {@link io.simdnn.spi.Backends}. Thread-safe: concurrent calls share the helper threads when they are free and
 * otherwise run on their own thread, with the same results; after {@link #close()} every call runs on its own thread.
 */
public final class SimdBackend extends ScalarKernels {
    public static final String NAME = "simd";

    private final int threads;
    private final WorkerPool pool;
    private final SimdMatrix matrix;
    private final SimdOptimisers optimisers;

    /** A SIMD backend using at most {@code threads} threads per call, without availability check or warm-up. */
    static io.simdnn.spi.Backend create(int threads) {
        return new io.simdnn.spi.Backend(new SimdBackend(threads));
    }

    SimdBackend(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads = " + threads + " must be at least 1");
        this.threads = threads;
        this.pool = threads > 1 ? new WorkerPool(threads) : null;
        this.matrix = new SimdMatrix(threads, pool);
        this.optimisers = new SimdOptimisers(threads, pool);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int vectorBitSize() {
        return Lanes.F.vectorBitSize();
    }

    /** The configured thread count; 1 once closed. */
    @Override
    public int threads() {
        return pool != null && pool.closed() ? 1 : threads;
    }

    /**
     * Ends the helper threads and waits for them (idempotent). A call in flight on another thread completes first;
     * later calls run on their caller's thread alone, with the same results (they do not depend on the thread count).
     */
    @Override
    public void close() {
        if (pool != null) pool.close();
    }

    /**
     * The GEMM blocks and tiles (KC, MC, NC, MR, NR), the small-m and dot-tile thresholds, the batch-1 row group and
     * the lane count.
     */
    @Override
    public java.util.List<Integer> blockingEdges() {
        return java.util.List.of(Lanes.L, Gemm.MR, Gemm.NR, Gemm.DOT_ROWS, Gemm.ROW_GROUP, Gemm.SMALL_M, Gemm.KC,
                Gemm.MC, Gemm.NC);
    }

    // ------------------------------------------------------------------------------------------------ matrix

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
            int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        matrix.multiply(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, null, beta, c, cOff, ldc, null, 0,
                null, 0f);
    }

    /** With k = 0 the product is zero: the scalar reference's zero fill, then this backend's bias and activation. */
    @Override
    public void denseForward(int m, int n, int k, float[] a, int aOff, int lda, float[] w, int wOff,
            int ldw, float[] bias, int biasOff, Activation f, float p, float[] c, int cOff, int ldc) {
        if (k == 0) super.denseForward(m, n, k, a, aOff, lda, w, wOff, ldw, bias, biasOff, f, p, c, cOff, ldc);
        else matrix.multiply(false, true, m, n, k, 1f, a, aOff, lda, w, wOff, ldw, null, 0f, c, cOff, ldc, bias, biasOff,
                f, p);
    }

    /** W packed as op(B) = Wᵀ in the micro-kernel's panels, all its KC × NC blocks ({@link Gemm#packWeights}). */
    @Override
    public Object packWeights(int n, int k, float[] w, int wOff, int ldw) {
        Gemm.PackedB packed = new Gemm.PackedB(n, k);
        Gemm.packWeights(w, wOff, ldw, packed);
        return packed;
    }

    @Override
    public void repackWeights(Object layout, int n, int k, float[] w, int wOff, int ldw) {
        Gemm.packWeights(w, wOff, ldw, (Gemm.PackedB) layout);
    }

    @Override
    public void denseForward(int m, int n, int k, float[] a, int aOff, int lda, PackedWeights w, float[] bias,
            int biasOff, Activation f, float p, float[] c, int cOff, int ldc) {
        if (k == 0) super.denseForward(m, n, k, a, aOff, lda, w, bias, biasOff, f, p, c, cOff, ldc);
        else matrix.multiply(false, true, m, n, k, 1f, a, aOff, lda, w.weights(), w.offset(), w.ld(),
                (Gemm.PackedB) w.layout(), 0f, c, cOff, ldc, bias, biasOff, f, p);
    }

    /** op(B) = Wᵀ reads the packed panels; op(B) = W (δ·W) reads W: its packing is a copy, not a transposition. */
    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            PackedWeights b, float beta, float[] c, int cOff, int ldc) {
        matrix.multiply(transA, transB, m, n, k, alpha, a, aOff, lda, b.weights(), b.offset(), b.ld(),
                transB ? (Gemm.PackedB) b.layout() : null, beta, c, cOff, ldc, null, 0, null, 0f);
    }

    @Override
    public void addBias(int m, int n, float[] bias, int biasOff, float[] c, int cOff, int ldc) {
        SimdMatrix.addBias(m, n, bias, biasOff, c, cOff, ldc);
    }

    @Override
    public void columnSums(int m, int n, float[] a, int aOff, int lda, float beta, float[] out,
            int outOff) {
        SimdMatrix.columnSums(m, n, a, aOff, lda, beta, out, outOff);
    }

    // ------------------------------------------------------------------------------------------------ element-wise

    @Override
    public void activate(Activation f, float p, int n, float[] z, int zOff, float[] a, int aOff) {
        SimdElementwise.forward(f, p, n, z, zOff, a, aOff);
    }

    @Override
    public void activateBackward(Activation f, float p, int n, float[] z, int zOff, float[] a, int aOff,
            float[] da, int daOff, float[] dz, int dzOff) {
        SimdElementwise.backward(f, p, n, z, zOff, a, aOff, da, daOff, dz, dzOff);
    }

    @Override
    public void unitActivation(UnitActivation f, int m, int n, float[] z, int zOff, float[] param, int paramOff,
            float[] a, int aOff) {
        SimdElementwise.unitActivation(f, m, n, z, zOff, param, paramOff, a, aOff);
    }

    @Override
    public void unitActivationBackward(UnitActivation f, int m, int n, float[] z, int zOff, float[] param,
            int paramOff, float[] da, int daOff, float[] dz, int dzOff, float[] dParam, int dParamOff) {
        SimdElementwise.unitActivationBackward(f, m, n, z, zOff, param, paramOff, da, daOff, dz, dzOff, dParam,
                dParamOff);
    }

    // ------------------------------------------------------------------------------------------------ rows

    @Override
    public void softmax(int m, int n, float[] x, int xOff, float[] y, int yOff) {
        SimdRows.softmax(m, n, x, xOff, y, yOff);
    }

    @Override
    public void logSoftmax(int m, int n, float[] x, int xOff, float[] y, int yOff) {
        SimdRows.logSoftmax(m, n, x, xOff, y, yOff);
    }

    @Override
    public void softmaxBackward(int m, int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx,
            int dxOff) {
        SimdRows.softmaxBackward(m, n, y, yOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public void argmaxRows(int m, int n, float[] x, int xOff, int[] out, int outOff) {
        SimdRows.argmaxRows(m, n, x, xOff, out, outOff);
    }

    @Override
    public double softmaxCrossEntropy(int m, int n, float[] logits, int logitsOff, float[] target,
            int targetOff, float gradScale, float[] probs, int probsOff, float[] dLogits, int dLogitsOff) {
        return SimdRows.softmaxCrossEntropy(m, n, logits, logitsOff, target, targetOff, gradScale, probs,
                probsOff, dLogits, dLogitsOff);
    }

    @Override
    public double sigmoidCrossEntropy(int n, float[] logits, int logitsOff, float[] target, int targetOff,
            float gradScale, float[] probs, int probsOff, float[] dLogits, int dLogitsOff) {
        return SimdRows.sigmoidCrossEntropy(n, logits, logitsOff, target, targetOff, gradScale, probs, probsOff,
                dLogits, dLogitsOff);
    }

    @Override
    public double squaredError(int n, float[] y, int yOff, float[] t, int tOff, float gradScale,
            float[] dy, int dyOff) {
        return SimdRows.squaredError(n, y, yOff, t, tOff, gradScale, dy, dyOff);
    }

    @Override
    public double absoluteError(int n, float[] y, int yOff, float[] t, int tOff, float gradScale,
            float[] dy, int dyOff) {
        return SimdRows.absoluteError(n, y, yOff, t, tOff, gradScale, dy, dyOff);
    }

    @Override
    public double hinge(int n, float[] y, int yOff, float[] t, int tOff, float gradScale, float[] dy,
            int dyOff) {
        return SimdRows.hinge(n, y, yOff, t, tOff, gradScale, dy, dyOff);
    }

    // ------------------------------------------------------------------------------------------------ vectors

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        SimdVectors.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff) {
        SimdVectors.scale(n, alpha, x, xOff);
    }

    @Override
    public void mul(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
        SimdVectors.mul(n, x, xOff, y, yOff, z, zOff);
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        return SimdVectors.dot(n, x, xOff, y, yOff);
    }

    @Override
    public float sum(int n, float[] x, int xOff) {
        return SimdVectors.sum(n, x, xOff);
    }

    @Override
    public float sumSquares(int n, float[] x, int xOff) {
        return SimdVectors.sumSquares(n, x, xOff);
    }

    @Override
    public float max(int n, float[] x, int xOff) {
        return SimdVectors.max(n, x, xOff);
    }

    // ------------------------------------------------------------------------------------------------ optimisers

    @Override
    public void momentumStep(int n, float lr, float momentum, boolean nesterov, float[] w, int wOff,
            float[] g, int gOff, float[] v, int vOff) {
        SimdOptimisers.momentumStep(n, lr, momentum, nesterov, w, wOff, g, gOff, v, vOff);
    }

    @Override
    public void adagradStep(int n, float lr, float eps, float[] w, int wOff, float[] g, int gOff, float[] h,
            int hOff) {
        SimdOptimisers.adagradStep(n, lr, eps, w, wOff, g, gOff, h, hOff);
    }

    @Override
    public void rmspropStep(int n, float lr, float rho, float eps, float[] w, int wOff, float[] g, int gOff,
            float[] s, int sOff) {
        SimdOptimisers.rmspropStep(n, lr, rho, eps, w, wOff, g, gOff, s, sOff);
    }

    @Override
    public void adamStep(int n, float lr, float beta1, float beta2, float eps, float weightDecay, float c1,
            float c2, float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
        optimisers.adamStep(n, lr, beta1, beta2, eps, weightDecay, c1, c2, w, wOff, g, gOff, m, mOff, v, vOff);
    }

    // ------------------------------------------------------------------------------------------------ quantised

    private final QuantizedDense quantized = new QuantizedDense();

    @Override
    public void denseForward(int m, int n, int k, float[] a, int aOff, int lda, io.simdnn.spi.QuantizedMatrix w,
            float[] bias, int biasOff, Activation f, float p, float[] c, int cOff, int ldc) {
        quantized.forward(this, matrix, pool, threads, m, n, k, a, aOff, lda, w, bias, biasOff, f, p, c, cOff, ldc);
    }
}
