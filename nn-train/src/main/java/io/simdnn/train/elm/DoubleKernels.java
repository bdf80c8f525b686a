package io.simdnn.train.elm;

/** The double-precision dot-product loops shared by {@link Cholesky} and {@link RidgeSolver}'s Gram matrices. */
final class DoubleKernels {
    private DoubleKernels() {}

    /** Σ x[xOff + k]·y[yOff + k] over k &lt; length, with four partial sums. */
    static double dot(double[] x, int xOff, double[] y, int yOff, int length) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 4 <= length; k += 4) {
            s0 += x[xOff + k] * y[yOff + k];
            s1 += x[xOff + k + 1] * y[yOff + k + 1];
            s2 += x[xOff + k + 2] * y[yOff + k + 2];
            s3 += x[xOff + k + 3] * y[yOff + k + 3];
        }
        for (; k < length; k++) s0 += x[xOff + k] * y[yOff + k];
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * A 4×2 block of dot products between rows of {@code v} (row r at r·stride, its first {@code length} values):
     * for r &lt; 4 and c &lt; 2, dst[(i + r)·dstStride + j + c] += sign·Σₖ v[(i + r)·stride + k]·v[(j + c)·stride + k].
     * Eight independent sums keep the floating-point pipelines busy; six loads feed eight products. {@code dst} may
     * be {@code v} when the entries written lie outside the first {@code length} columns.
     */
    static void addDots4x2(double[] v, int stride, int i, int j, int length, double sign, double[] dst,
            int dstStride) {
        int r0 = i * stride, r1 = r0 + stride, r2 = r1 + stride, r3 = r2 + stride;
        int c0 = j * stride, c1 = c0 + stride;
        double s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
        for (int k = 0; k < length; k++) {
            double b0 = v[c0 + k], b1 = v[c1 + k];
            double x0 = v[r0 + k], x1 = v[r1 + k], x2 = v[r2 + k], x3 = v[r3 + k];
            s00 += x0 * b0;
            s01 += x0 * b1;
            s10 += x1 * b0;
            s11 += x1 * b1;
            s20 += x2 * b0;
            s21 += x2 * b1;
            s30 += x3 * b0;
            s31 += x3 * b1;
        }
        int d0 = i * dstStride + j, d1 = d0 + dstStride, d2 = d1 + dstStride, d3 = d2 + dstStride;
        dst[d0] += sign * s00;
        dst[d0 + 1] += sign * s01;
        dst[d1] += sign * s10;
        dst[d1 + 1] += sign * s11;
        dst[d2] += sign * s20;
        dst[d2 + 1] += sign * s21;
        dst[d3] += sign * s30;
        dst[d3 + 1] += sign * s31;
    }
}
