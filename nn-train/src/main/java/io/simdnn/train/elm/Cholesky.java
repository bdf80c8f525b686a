package io.simdnn.train.elm;

/**
 * Cholesky factorisation A = L·Lᵀ of a symmetric positive definite matrix, in double, and solves with it.
 *
 * <p>The factorisation is the blocked left-looking variant: for each panel of {@value #PANEL} columns, first
 * subtract the contribution of all earlier columns (a matrix product, which is where nearly all the work is and
 * which runs as a 4×2 register-blocked kernel over contiguous rows), then factor the panel column by column. Only
 * the lower triangle of the input is read.
 *
 * <p>A pivot that is not clearly positive means the matrix is singular or indefinite to working accuracy; the
 * factorisation then stops with an {@link ArithmeticException} that names the pivot, so a caller never gets a
 * solution dominated by rounding noise.
 */
final class Cholesky {
    /** Panel width: the columns factored together after one blocked update. */
    private static final int PANEL = 64;

    private final int n;
    /** n×n row-major; the lower triangle (diagonal included) holds L, the rest is scratch. */
    private final double[] l;

    private Cholesky(int n, double[] l) {
        this.n = n;
        this.l = l;
    }

    /**
     * Factors the n×n row-major matrix {@code a} (only its lower triangle is read) in place.
     *
     * @param relativeTolerance a pivot at or below {@code relativeTolerance · max diagonal entry} counts as zero
     * @param what              names the matrix in the error message
     * @throws ArithmeticException when the matrix is not positive definite to that tolerance
     */
    static Cholesky factorInPlace(double[] a, int n, double relativeTolerance, String what) {
        if (a.length < (long) n * n) {
            throw new IllegalArgumentException("matrix array of length " + a.length + " is shorter than " + n + "²");
        }
        double maxDiagonal = 0;
        for (int i = 0; i < n; i++) {
            double d = a[i * n + i];
            if (!Double.isFinite(d)) {
                throw new ArithmeticException(what + " has a non-finite diagonal entry " + d + " at " + i);
            }
            maxDiagonal = Math.max(maxDiagonal, d);
        }
        double threshold = relativeTolerance * maxDiagonal;
        for (int j0 = 0; j0 < n; j0 += PANEL) {
            int j1 = Math.min(n, j0 + PANEL);
            subtractEarlierColumns(a, n, j0, j1);
            factorPanel(a, n, j0, j1, threshold, maxDiagonal, what);
        }
        return new Cholesky(n, a);
    }

    /**
     * A[i][j] −= Σ_{k&lt;j0} L[i][k]·L[j][k] for rows i ≥ j0 and panel columns j0 ≤ j &lt; j1 (in the diagonal block
     * also above the diagonal, harmlessly, which keeps the loops rectangular).
     */
    private static void subtractEarlierColumns(double[] a, int n, int j0, int j1) {
        if (j0 == 0) return;
        int i = j0;
        for (; i + 4 <= n; i += 4) {
            int r0 = i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
            int j = j0;
            for (; j + 2 <= j1; j += 2) {
                int c0 = j * n, c1 = c0 + n;
                // Eight independent sums keep the floating-point pipelines busy; six loads feed eight products.
                double s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
                for (int k = 0; k < j0; k++) {
                    double b0 = a[c0 + k], b1 = a[c1 + k];
                    double x0 = a[r0 + k], x1 = a[r1 + k], x2 = a[r2 + k], x3 = a[r3 + k];
                    s00 += x0 * b0;
                    s01 += x0 * b1;
                    s10 += x1 * b0;
                    s11 += x1 * b1;
                    s20 += x2 * b0;
                    s21 += x2 * b1;
                    s30 += x3 * b0;
                    s31 += x3 * b1;
                }
                a[r0 + j] -= s00;
                a[r0 + j + 1] -= s01;
                a[r1 + j] -= s10;
                a[r1 + j + 1] -= s11;
                a[r2 + j] -= s20;
                a[r2 + j + 1] -= s21;
                a[r3 + j] -= s30;
                a[r3 + j + 1] -= s31;
            }
            for (; j < j1; j++) {
                for (int r = 0; r < 4; r++) a[(i + r) * n + j] -= dot(a, (i + r) * n, j * n, j0);
            }
        }
        for (; i < n; i++) {
            for (int j = j0; j < j1; j++) a[i * n + j] -= dot(a, i * n, j * n, j0);
        }
    }

    /** Factors columns j0 … j1−1, whose entries already have the earlier columns' contributions removed. */
    private static void factorPanel(double[] a, int n, int j0, int j1, double threshold, double maxDiagonal,
            String what) {
        for (int j = j0; j < j1; j++) {
            int rj = j * n;
            double d = a[rj + j] - dot(a, rj + j0, rj + j0, j - j0);
            if (!(d > threshold)) {
                throw new ArithmeticException(String.format(java.util.Locale.ROOT,
                        "%s is not positive definite: pivot %d of %d is %.3g (the largest diagonal entry is %.3g);"
                                + " the system is singular to working accuracy",
                        what, j + 1, n, d, maxDiagonal));
            }
            double ljj = Math.sqrt(d);
            a[rj + j] = ljj;
            double inverse = 1 / ljj;
            for (int i = j + 1; i < n; i++) {
                int ri = i * n;
                a[ri + j] = (a[ri + j] - dot(a, ri + j0, rj + j0, j - j0)) * inverse;
            }
        }
    }

    private static double dot(double[] a, int x, int y, int length) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 4 <= length; k += 4) {
            s0 += a[x + k] * a[y + k];
            s1 += a[x + k + 1] * a[y + k + 1];
            s2 += a[x + k + 2] * a[y + k + 2];
            s3 += a[x + k + 3] * a[y + k + 3];
        }
        for (; k < length; k++) s0 += a[x + k] * a[y + k];
        return (s0 + s1) + (s2 + s3);
    }

    int size() {
        return n;
    }

    /**
     * Solves A·x = b in place for {@code m} right-hand sides stored one after another ({@code b} is m×n
     * row-major: right-hand side c at c·n), each overwritten by its solution: forward substitution with L (dot
     * products along rows of L), then back substitution with Lᵀ done column by column (row i of L is column i of
     * Lᵀ), so every inner loop runs over contiguous memory.
     */
    void solveInPlace(double[] b, int m) {
        if (b.length < (long) n * m) {
            throw new IllegalArgumentException("right-hand sides of length " + b.length + " are shorter than " + m
                    + "×" + n);
        }
        for (int c = 0; c < m; c++) {
            int o = c * n;
            for (int i = 0; i < n; i++) {
                int ri = i * n;
                b[o + i] = (b[o + i] - dotWith(l, ri, b, o, i)) / l[ri + i];
            }
            for (int i = n - 1; i >= 0; i--) {
                int ri = i * n;
                double xi = b[o + i] / l[ri + i];
                b[o + i] = xi;
                for (int k = 0; k < i; k++) b[o + k] -= l[ri + k] * xi;
            }
        }
    }

    private static double dotWith(double[] x, int xOff, double[] y, int yOff, int length) {
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
}
