package io.simdnn.spi;

/** Vector kernels over n ≥ 1 elements, arguments checked by the {@link Backend} facade. */
public interface VectorKernels {
    /** Reads x; accumulates y += alpha·x. y may be the exact alias of x. */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** Overwrites x with alpha·x (in place). */
    void scale(int n, float alpha, float[] x, int xOff);

    /** Reads x, y; overwrites z with x ⊙ y. z may be the exact alias of x or y. */
    void mul(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff);

    /** Reads x, y; returns Σ x·y. */
    float dot(int n, float[] x, int xOff, float[] y, int yOff);

    /** Reads x; returns Σ x. */
    float sum(int n, float[] x, int xOff);

    /** Reads x; returns Σ x². */
    float sumSquares(int n, float[] x, int xOff);

    /** Reads x; returns the largest element, NaN if any is NaN. */
    float max(int n, float[] x, int xOff);
}
