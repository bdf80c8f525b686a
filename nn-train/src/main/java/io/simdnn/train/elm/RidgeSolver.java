package io.simdnn.train.elm;

import io.simdnn.spi.Backend;

/**
 * Regularised least squares for the ELM output weights: β = argmin ‖Hβ − T‖² + ‖β‖²/C.
 *
 * <p>Primal form (rows ≥ hidden units): (HᵀH + I/C)β = HᵀT, an L×L system. Dual form (fewer rows than hidden
 * units): (HHᵀ + I/C)α = T, an N×N system, then β = Hᵀα. Both give the same β.
 *
 * <p>Precision: the Gram matrix (HᵀH or HHᵀ, the O(N·L²) part) is formed in float by the backend's GEMM, one
 * triangle only, and converted to double; it is factored by {@link Cholesky} in double. Rounding the Gram matrix
 * to float perturbs the system by about u·√N relative (u = 2⁻²⁴), which the ridge term usually, but not always,
 * dominates. So the solution is then polished by mixed-precision iterative refinement: the residual
 * HᵀT − HᵀHβ − β/C is computed in double straight from H (O(N·L·m), cheap next to the Gram matrix) and the
 * correction solved with the same factor. Refinement converges to the double-precision solution whenever the
 * float Gram matrix is a fair approximation (C·‖E‖ &lt; 1). When it converges too slowly (or the float factorisation
 * meets a non-positive pivot) the Gram matrix is formed in double instead; when even that fails, the system is too
 * ill-conditioned for the chosen C, which is reported rather than returning a noisy β. Centring H's columns before
 * the float product (see {@link #primalGram}) keeps the float path good for the usual C.
 */
final class RidgeSolver {
    /** Column (primal) or row (dual) tile of the Gram matrix computed per GEMM call. */
    private static final int TILE = 128;
    /** Refinement stops once the correction is this small relative to the solution (below float's 2⁻²⁴). */
    private static final double CONVERGED = 0x1p-27;
    /**
     * Each step must shrink the correction at least fourfold, else the float Gram matrix is too poor a
     * preconditioner and forming it in double is cheaper than refining on; this many steps reach 2⁻²⁷ at that rate.
     */
    private static final double SLOWEST_RATE = 0.25;
    private static final int MAX_REFINEMENTS = 14;
    /** Pivots below this fraction of the largest diagonal entry are lost in the float Gram matrix's rounding. */
    static final double PIVOT_TOLERANCE_FLOAT = 0x1p-24;
    /**
     * For the double Gram matrix the limit is H itself, known to float precision u = 2⁻²⁴: a direction in which H
     * is smaller than about u·‖H‖ cannot be told from zero, which in HᵀH is a pivot near u² times its scale.
     */
    static final double PIVOT_TOLERANCE_DOUBLE = 0x1p-46;

    private RidgeSolver() {}

    /** β (outputs×hidden), which system was solved, in which precision the Gram matrix was formed, refinements. */
    record Solution(float[] beta, boolean dual, boolean doubleGram, int refinements) {}

    /** The float Gram matrix was not accurate enough for this system (the caller retries in double). */
    private static final class Inaccurate extends Exception {
        private static final long serialVersionUID = 1L;

        Inaccurate(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Solves for β, returned as outputs×hidden (row j = the weights into output j, as a dense layer's). Tries the
     * float Gram matrix first and forms it in double only when refinement shows float is not accurate enough.
     *
     * @param h H, rows×hidden row-major (float, as the backend computed it)
     * @param t T, rows×outputs row-major
     * @param c the ridge parameter C &gt; 0 (+∞: no regularisation)
     * @throws ArithmeticException when even the double system is singular or too ill-conditioned
     */
    static Solution solve(Backend backend, float[] h, int rows, int hidden, float[] t, int outputs, double c,
            boolean dual) {
        try {
            double[] gram = dual ? dualGram(backend, h, rows, hidden) : primalGram(backend, h, rows, hidden);
            return solve(gram, false, h, rows, hidden, t, outputs, c, dual);
        } catch (Inaccurate floatNotEnough) {
            double[] gram = dual ? doubleGramOfRows(h, rows, hidden) : doubleGramOfColumns(h, rows, hidden);
            try {
                return solve(gram, true, h, rows, hidden, t, outputs, c, dual);
            } catch (Inaccurate e) {
                throw new ArithmeticException(e.getMessage() + ": " + advice(c, rows, hidden));
            }
        }
    }

    private static Solution solve(double[] system, boolean doubleGram, float[] h, int rows, int hidden, float[] t,
            int outputs, double c, boolean dual) throws Inaccurate {
        double ridge = 1 / c;
        int n = dual ? rows : hidden;
        for (int i = 0; i < n; i++) system[i * n + i] += ridge;
        String what = dual ? "the ELM dual system HHᵀ + I/C (" + n + "×" + n + ")"
                : "the ELM normal equations HᵀH + I/C (" + n + "×" + n + ")";
        Cholesky factor;
        try {
            factor = Cholesky.factorInPlace(system, n,
                    doubleGram ? PIVOT_TOLERANCE_DOUBLE : PIVOT_TOLERANCE_FLOAT, what);
        } catch (ArithmeticException e) {
            throw new Inaccurate(e.getMessage());
        }
        // x holds one vector per output (outputs×n): βᵀ in the primal form, αᵀ in the dual form. It starts at 0,
        // so the first pass of the loop is the plain solve and later passes refine.
        double[] x = new double[outputs * n];
        double[] residual = new double[outputs * n];
        double[] beta64 = dual ? new double[outputs * hidden] : x;
        double previous = Double.POSITIVE_INFINITY;
        int step = 0;
        for (; ; step++) {
            if (dual) dualResidual(h, rows, hidden, t, outputs, ridge, x, residual, beta64, step == 0);
            else primalResidual(h, rows, hidden, t, outputs, ridge, x, residual, step == 0);
            factor.solveInPlace(residual, outputs);
            double correction = 0, size = 0;
            for (int i = 0; i < x.length; i++) {
                x[i] += residual[i];
                correction = Math.max(correction, Math.abs(residual[i]));
                size = Math.max(size, Math.abs(x[i]));
            }
            if (!Double.isFinite(size)) throw new Inaccurate(what + " gave a non-finite solution");
            if (correction <= CONVERGED * size) break;
            if (step > 0 && correction > SLOWEST_RATE * previous || step == MAX_REFINEMENTS) {
                throw new Inaccurate(String.format(java.util.Locale.ROOT,
                        "%s is too ill-conditioned to solve accurately (iterative refinement stalled at a relative"
                                + " correction of %.2g after %d steps)", what, correction / size, step));
            }
            previous = correction;
        }
        if (dual) transposedProduct(h, rows, hidden, outputs, x, beta64);
        // βᵀ is outputs×hidden: exactly the layout of a dense layer's weights.
        float[] beta = new float[outputs * hidden];
        for (int i = 0; i < beta.length; i++) beta[i] = (float) beta64[i];
        return new Solution(beta, dual, doubleGram, step);
    }

    /** HᵀH in double: the Gram matrix of H's columns, exact products of the float entries summed in double. */
    static double[] doubleGramOfColumns(float[] h, int rows, int hidden) {
        double[] columns = new double[rows * hidden];
        for (int r = 0; r < rows; r++) {
            for (int l = 0; l < hidden; l++) columns[l * rows + r] = h[r * hidden + l];
        }
        return gramOfRows(columns, hidden, rows);
    }

    /** HHᵀ in double: the Gram matrix of H's rows. */
    static double[] doubleGramOfRows(float[] h, int rows, int hidden) {
        double[] copy = new double[rows * hidden];
        for (int i = 0; i < copy.length; i++) copy[i] = h[i];
        return gramOfRows(copy, rows, hidden);
    }

    /**
     * G = V·Vᵀ for V count×length (row-major): G[i][j] is the dot product of rows i and j, computed for j ≤ i in
     * 4×2 blocks (eight independent sums) and mirrored.
     */
    private static double[] gramOfRows(double[] v, int count, int length) {
        double[] g = new double[count * count];
        int i = 0;
        for (; i + 4 <= count; i += 4) {
            int r0 = i * length, r1 = r0 + length, r2 = r1 + length, r3 = r2 + length;
            int j = 0;
            for (; j + 2 <= i + 4; j += 2) {
                int c0 = j * length, c1 = c0 + length;
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
                g[i * count + j] = s00;
                g[i * count + j + 1] = s01;
                g[(i + 1) * count + j] = s10;
                g[(i + 1) * count + j + 1] = s11;
                g[(i + 2) * count + j] = s20;
                g[(i + 2) * count + j + 1] = s21;
                g[(i + 3) * count + j] = s30;
                g[(i + 3) * count + j + 1] = s31;
            }
        }
        for (; i < count; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < length; k++) s += v[i * length + k] * v[j * length + k];
                g[i * count + j] = s;
            }
        }
        // The blocks above also filled some entries just above the diagonal; the mirror overwrites them equally.
        for (int r = 0; r < count; r++) {
            for (int c = r + 1; c < count; c++) g[r * count + c] = g[c * count + r];
        }
        return g;
    }

    private static String advice(double c, int rows, int hidden) {
        return "H (" + rows + "×" + hidden + ") has (nearly) linearly dependent columns or rows for C = " + c
                + "; use a smaller C (more regularisation), fewer hidden units or another activation";
    }

    /**
     * HᵀH (hidden×hidden) in double. The backend computes the Gram matrix of the column-centred H in float, the
     * lower triangle a row tile at a time: rows i0…i1, columns 0…i1 of HcᵀHc is (columns i0…i1 of Hc)ᵀ·(columns
     * 0…i1 of Hc), a GEMM with transA. Then HᵀH = HcᵀHc + N·μμᵀ is completed in double (μ the column means).
     * Centring matters: float rounding errors scale with Σ|hᵢ||hⱼ|, which for a non-negative activation such as
     * the sigmoid is dominated by the common mean; without it refinement converges several times more slowly.
     */
    static double[] primalGram(Backend backend, float[] h, int rows, int hidden) {
        float[] mean = columnMeans(h, rows, hidden);
        float[] centred = centre(h, rows, hidden, mean);
        float[] g = new float[hidden * hidden];
        for (int i0 = 0; i0 < hidden; i0 += TILE) {
            int i1 = Math.min(hidden, i0 + TILE);
            backend.gemm(true, false, i1 - i0, i1, rows, 1f, centred, i0, hidden, centred, 0, hidden, 0f, g,
                    i0 * hidden, hidden);
        }
        double[] d = symmetricFromLower(g, hidden);
        for (int i = 0; i < hidden; i++) {
            double ni = (double) rows * mean[i];
            for (int j = 0; j < hidden; j++) d[i * hidden + j] += ni * mean[j];
        }
        return d;
    }

    /**
     * HHᵀ (rows×rows) in double, from the column-centred H as in {@link #primalGram}: with H = Hc + 1μᵀ and
     * v = Hc·μ, HHᵀ = HcHcᵀ + v1ᵀ + 1vᵀ + (μᵀμ)·11ᵀ. The float part is computed a row tile at a time:
     * (rows i0…i1 of Hc)·(rows 0…i1 of Hc)ᵀ.
     */
    static double[] dualGram(Backend backend, float[] h, int rows, int hidden) {
        float[] mean = columnMeans(h, rows, hidden);
        float[] centred = centre(h, rows, hidden, mean);
        float[] g = new float[rows * rows];
        for (int i0 = 0; i0 < rows; i0 += TILE) {
            int i1 = Math.min(rows, i0 + TILE);
            backend.gemm(false, true, i1 - i0, i1, hidden, 1f, centred, i0 * hidden, hidden, centred, 0, hidden, 0f,
                    g, i0 * rows, rows);
        }
        double[] d = symmetricFromLower(g, rows);
        double[] v = new double[rows];
        double meanSquares = 0;
        for (int l = 0; l < hidden; l++) meanSquares += (double) mean[l] * mean[l];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int l = 0; l < hidden; l++) s += (double) centred[r * hidden + l] * mean[l];
            v[r] = s;
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < rows; j++) d[i * rows + j] += v[i] + v[j] + meanSquares;
        }
        return d;
    }

    private static float[] columnMeans(float[] h, int rows, int hidden) {
        double[] sum = new double[hidden];
        for (int r = 0; r < rows; r++) {
            for (int l = 0; l < hidden; l++) sum[l] += h[r * hidden + l];
        }
        float[] mean = new float[hidden];
        for (int l = 0; l < hidden; l++) mean[l] = (float) (sum[l] / rows);
        return mean;
    }

    private static float[] centre(float[] h, int rows, int hidden, float[] mean) {
        float[] c = new float[rows * hidden];
        for (int r = 0; r < rows; r++) {
            for (int l = 0; l < hidden; l++) c[r * hidden + l] = h[r * hidden + l] - mean[l];
        }
        return c;
    }

    private static double[] symmetricFromLower(float[] g, int n) {
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                d[i * n + j] = g[i * n + j];
                d[j * n + i] = g[i * n + j];
            }
        }
        return d;
    }

    /**
     * residual = (Hᵀ(T − Hβ) − β/C)ᵀ in double, outputs×hidden, for β given as βᵀ (outputs×hidden): per row of H,
     * one dot product and one axpy per output, all along contiguous rows. {@code zero}: β is 0 (the first pass),
     * so Hβ is skipped.
     */
    private static void primalResidual(float[] h, int rows, int hidden, float[] t, int outputs, double ridge,
            double[] betaT, double[] residual, boolean zero) {
        for (int i = 0; i < residual.length; i++) residual[i] = -ridge * betaT[i];
        for (int r = 0; r < rows; r++) {
            int hr = r * hidden;
            for (int o = 0; o < outputs; o++) {
                double e = t[r * outputs + o] - (zero ? 0 : dot(h, hr, betaT, o * hidden, hidden));
                axpy(hidden, e, h, hr, residual, o * hidden);
            }
        }
    }

    /**
     * residual = (T − H(Hᵀα) − α/C)ᵀ in double, outputs×rows, for α given as αᵀ; betaT receives (Hᵀα)ᵀ.
     * {@code zero}: α is 0 (the first pass), so the products are skipped.
     */
    private static void dualResidual(float[] h, int rows, int hidden, float[] t, int outputs, double ridge,
            double[] alphaT, double[] residual, double[] betaT, boolean zero) {
        if (!zero) transposedProduct(h, rows, hidden, outputs, alphaT, betaT);
        for (int r = 0; r < rows; r++) {
            int hr = r * hidden;
            for (int o = 0; o < outputs; o++) {
                residual[o * rows + r] = t[r * outputs + o] - (zero ? 0 : dot(h, hr, betaT, o * hidden, hidden))
                        - ridge * alphaT[o * rows + r];
            }
        }
    }

    /** betaT = (Hᵀα)ᵀ (outputs×hidden) for αᵀ (outputs×rows), in double. */
    private static void transposedProduct(float[] h, int rows, int hidden, int outputs, double[] alphaT,
            double[] betaT) {
        java.util.Arrays.fill(betaT, 0);
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < outputs; o++) axpy(hidden, alphaT[o * rows + r], h, r * hidden, betaT, o * hidden);
        }
    }

    /** Σ h[hOff + k]·v[vOff + k] over k &lt; length, in double with four partial sums. */
    private static double dot(float[] h, int hOff, double[] v, int vOff, int length) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 4 <= length; k += 4) {
            s0 += h[hOff + k] * v[vOff + k];
            s1 += h[hOff + k + 1] * v[vOff + k + 1];
            s2 += h[hOff + k + 2] * v[vOff + k + 2];
            s3 += h[hOff + k + 3] * v[vOff + k + 3];
        }
        for (; k < length; k++) s0 += h[hOff + k] * v[vOff + k];
        return (s0 + s1) + (s2 + s3);
    }

    /** y[yOff + k] += a·h[hOff + k] over k &lt; length, in double. */
    private static void axpy(int length, double a, float[] h, int hOff, double[] y, int yOff) {
        if (a == 0) return;
        for (int k = 0; k < length; k++) y[yOff + k] += a * h[hOff + k];
    }
}
