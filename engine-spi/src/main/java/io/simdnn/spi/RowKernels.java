package io.simdnn.spi;

/**
 * Row kernels over contiguous m×n blocks (leading dimension n) — softmax, log-softmax, the softmax backward, row
 * argmax — and the fused losses. Arguments are checked by the {@link Backend} facade; sizes are at least 1. Losses
 * return their sum (not the mean) as a double and write each optional output (probs, gradients) only when non-null;
 * their outputs overlap nothing.
 */
public interface RowKernels {
    /** Reads x; overwrites y with each row's softmax (special values as {@link Backend#softmax}). y may alias x exactly. */
    void softmax(int m, int n, float[] x, int xOff, float[] y, int yOff);

    /** Reads x; overwrites y with (x − max) − log Σ e^(x − max) per row. y may be the exact alias of x. */
    void logSoftmax(int m, int n, float[] x, int xOff, float[] y, int yOff);

    /** Reads y (softmax output) and dy; overwrites dx with y ⊙ (dy − Σⱼ dy·y) per row. dx may alias dy exactly. */
    void softmaxBackward(int m, int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff);

    /** Reads x (m×n); overwrites out[i] (m ints) with the column of row i's largest element (first on ties/NaN). */
    void argmaxRows(int m, int n, float[] x, int xOff, int[] out, int outOff);

    /** Reads logits and targets (m×n); returns Σ −t·log softmax; writes probs and gradScale·(softmax − t). */
    double softmaxCrossEntropy(int m, int n, float[] logits, int logitsOff, float[] target, int targetOff,
            float gradScale, float[] probs, int probsOff, float[] dLogits, int dLogitsOff);

    /** Reads n logits and targets; returns Σ softplus-form BCE; writes σ(z) and gradScale·(σ(z) − t). */
    double sigmoidCrossEntropy(int n, float[] logits, int logitsOff, float[] target, int targetOff, float gradScale,
            float[] probs, int probsOff, float[] dLogits, int dLogitsOff);

    /** Reads y, t (n); returns ½Σ(y − t)²; writes dy = gradScale·(y − t). */
    double squaredError(int n, float[] y, int yOff, float[] t, int tOff, float gradScale, float[] dy, int dyOff);

    /** Reads y, t (n); returns Σ|y − t|; writes dy = gradScale·sign(y − t). */
    double absoluteError(int n, float[] y, int yOff, float[] t, int tOff, float gradScale, float[] dy, int dyOff);

    /** Reads y, t ∈ {0, 1} (n); returns Σ max(0, 1 − s·y), s = 2t − 1; writes dy = −gradScale·s where active. */
    double hinge(int n, float[] y, int yOff, float[] t, int tOff, float gradScale, float[] dy, int dyOff);
}
