package io.simdnn.spi;

/**
 * Matrix kernels: GEMM, the fused dense layer, bias and column sums. Every method receives arguments the
 * {@link Backend} facade has already checked (sizes, leading dimensions, regions, aliasing), with every size at
 * least 1 unless stated; matrices are row-major with leading dimensions, as {@link Backend} describes.
 */
public interface MatrixKernels {
    /**
     * Reads A, B (and C unless beta = 0); overwrites the m×n window of C with alpha·op(A)·op(B) + beta·C. alpha ≠ 0;
     * beta = 0 makes C write-only (NaN in C must not reach the result). C overlaps neither A nor B.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

    /**
     * Reads A (m×k), W (n×k), bias (n, or null); overwrites C (m×n) with f(A·Wᵀ + bias). k may be 0 (then C =
     * f(bias) or f(0)). C overlaps none of the inputs.
     */
    void denseForward(int m, int n, int k, float[] a, int aOff, int lda, float[] w, int wOff, int ldw, float[] bias,
            int biasOff, Activation f, float p, float[] c, int cOff, int ldc);

    /** Reads bias (n); accumulates C[i][j] += bias[j] over the m×n window of C. No overlap. */
    void addBias(int m, int n, float[] bias, int biasOff, float[] c, int cOff, int ldc);

    /** Reads A (m×n window); overwrites out[j] with beta·out[j] + Σᵢ A[i][j] (beta = 0: write-only). No overlap. */
    void columnSums(int m, int n, float[] a, int aOff, int lda, float beta, float[] out, int outOff);

    // ------------------------------------------------------------------------------------ packed weights

    /**
     * This backend's layout of W (n×k, both at least 1) for repeated products ({@link PackedWeights}), or null to
     * read W as stored (the default). The layout is the backend's own; only its kernels read it.
     */
    default Object packWeights(int n, int k, float[] w, int wOff, int ldw) {
        return null;
    }

    /** Refreshes {@code layout} (from {@link #packWeights} with the same n, k) from W's current values, in place. */
    default void repackWeights(Object layout, int n, int k, float[] w, int wOff, int ldw) {}

    /**
     * {@link #denseForward} with W from a handle this backend packed (n and k are the handle's): the same result,
     * bit for bit, as on the plain W.
     */
    default void denseForward(int m, int n, int k, float[] a, int aOff, int lda, PackedWeights w, float[] bias,
            int biasOff, Activation f, float p, float[] c, int cOff, int ldc) {
        denseForward(m, n, k, a, aOff, lda, w.weights(), w.offset(), w.ld(), bias, biasOff, f, p, c, cOff, ldc);
    }

    /**
     * {@link #gemm} with B the W of a handle this backend packed: op(B) = Wᵀ when transB (W is n×k), else W (W is
     * k×n in this product's terms). The same result, bit for bit, as on the plain W.
     */
    default void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            PackedWeights b, float beta, float[] c, int cOff, int ldc) {
        gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b.weights(), b.offset(), b.ld(), beta, c, cOff, ldc);
    }
}
