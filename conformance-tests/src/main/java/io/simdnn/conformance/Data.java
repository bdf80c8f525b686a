package io.simdnn.conformance;

import java.util.SplittableRandom;

/**
 * Test data made from a seed, so that a generated case prints as a few numbers (shape, tier, seed) and rebuilds
 * the same arrays on every run.
 */
public final class Data {
    private Data() {}

    /** Value tiers. */
    public enum Tier {
        /** Small integers |v| ≤ 8: every product and partial sum is exact, so backends must match bit for bit. */
        EXACT,
        /** Uniform in [−1, 1]. */
        REAL,
        /** Random sign and magnitudes log-uniform in [2⁻²⁰, 2²⁰]. */
        WIDE
    }

    /**
     * The sentinel in guard cells around an output window: a NaN with a payload of its own, compared by raw bits, so
     * a kernel that writes or reads outside its window is caught.
     */
    public static final float GUARD = Float.intBitsToFloat(0x7fc0_0bad);

    public static float value(SplittableRandom r, Tier tier) {
        return switch (tier) {
            case EXACT -> r.nextInt(-8, 9);
            case REAL -> (float) (r.nextDouble() * 2 - 1);
            case WIDE -> (float) ((r.nextBoolean() ? 1 : -1) * Math.pow(2, r.nextDouble(-20, 20)));
        };
    }

    /** n values of the tier. */
    public static float[] values(SplittableRandom r, Tier tier, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = value(r, tier);
        return v;
    }

    /** n values uniform in [lo, hi). */
    public static float[] uniform(SplittableRandom r, int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextDouble(lo, hi);
        return v;
    }

    /**
     * A rows×cols matrix at offset {@code off} with leading dimension {@code ld} in an array with {@code tail} extra
     * cells at the end; cells outside the matrix hold {@link #GUARD}.
     */
    public static float[] matrix(SplittableRandom r, Tier tier, int rows, int cols, int off, int ld, int tail) {
        int length = off + (rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols) + tail;
        float[] a = new float[length];
        java.util.Arrays.fill(a, GUARD);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) a[off + i * ld + j] = value(r, tier);
        }
        return a;
    }

    /** A vector of n values at offset off with {@code tail} guard cells after it. */
    public static float[] vector(SplittableRandom r, Tier tier, int n, int off, int tail) {
        return matrix(r, tier, 1, n, off, Math.max(1, n), tail);
    }

    /** Element (i, j) of a row-major matrix. */
    public static float at(float[] a, int off, int ld, int i, int j) {
        return a[off + i * ld + j];
    }
}
