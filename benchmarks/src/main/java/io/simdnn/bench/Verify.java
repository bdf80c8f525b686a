package io.simdnn.bench;

import java.util.SplittableRandom;

/** Input generation and the result checks each benchmark runs once per trial, before it measures anything. */
public final class Verify {
    /** Entries of C checked against float64 when C is larger than this; smaller products are checked whole. */
    static final int SAMPLED_ENTRIES = 4096;
    /**
     * A product entry may differ from the float64 value by this fraction of Σ|a·b| over its k terms: loose enough for
     * any float32 summation order (blocked, pairwise, fused or not), far below the O(1) error of a wrong operand,
     * transpose or tile.
     */
    static final double GEMM_TOLERANCE = 1e-5;

    private Verify() {}

    /** A new array of n floats, uniform in [lo, hi), from a fixed seed: every run measures the same data. */
    public static float[] uniform(int n, long seed, float lo, float hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = lo + (hi - lo) * (float) r.nextDouble();
        return x;
    }

    /**
     * Checks C = op(A)·op(B) against sums in float64: every entry for small products, otherwise the four corners and
     * {@value #SAMPLED_ENTRIES} entries drawn from a fixed seed; C must also be finite everywhere.
     *
     * @throws IllegalStateException naming the implementation, shape and first wrong entry
     */
    public static void gemm(String impl, GemmShape s, float[] a, float[] b, float[] c) {
        int m = s.m(), n = s.n();
        for (int e = 0; e < m * n; e++) {
            if (!Float.isFinite(c[e])) {
                throw new IllegalStateException(impl + " " + s + ": C[" + e / n + "][" + e % n + "] = " + c[e]);
            }
        }
        if ((long) m * n <= SAMPLED_ENTRIES) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) gemmEntry(impl, s, a, b, c, i, j);
            }
            return;
        }
        gemmEntry(impl, s, a, b, c, 0, 0);
        gemmEntry(impl, s, a, b, c, 0, n - 1);
        gemmEntry(impl, s, a, b, c, m - 1, 0);
        gemmEntry(impl, s, a, b, c, m - 1, n - 1);
        SplittableRandom r = new SplittableRandom(17);
        for (int t = 0; t < SAMPLED_ENTRIES; t++) gemmEntry(impl, s, a, b, c, r.nextInt(m), r.nextInt(n));
    }

    private static void gemmEntry(String impl, GemmShape s, float[] a, float[] b, float[] c, int i, int j) {
        double sum = 0, magnitude = 0;
        for (int p = 0; p < s.k(); p++) {
            double t = (double) s.a(a, i, p) * s.b(b, p, j);
            sum += t;
            magnitude += Math.abs(t);
        }
        float got = c[i * s.n() + j];
        if (!(Math.abs(got - sum) <= GEMM_TOLERANCE * magnitude + Float.MIN_NORMAL)) {
            throw new IllegalStateException(impl + " computes a wrong product for " + s + ": C[" + i + "][" + j
                    + "] = " + got + ", expected " + sum + " (float64)");
        }
    }

    /**
     * Checks an element-wise result against the reference output: |got − want| ≤ 2e-6 + 1e-5·|want| everywhere
     * (a few float32 ulps relative, with an absolute floor for results near zero).
     *
     * @throws IllegalStateException naming the implementation, the function and the first wrong element
     */
    public static void elementwise(String what, float[] input, float[] got, float[] want) {
        for (int i = 0; i < want.length; i++) {
            if (!(Math.abs(got[i] - want[i]) <= 2e-6 + 1e-5 * Math.abs(want[i]))) {
                throw new IllegalStateException(what + " is wrong at element " + i + ": f(" + input[i] + ") = "
                        + got[i] + ", reference " + want[i]);
            }
        }
    }
}
