package io.simdnn.model;

/**
 * A small seeded random generator (SplitMix64) whose whole state is one long, so a seed fixes every draw and a
 * draw allocates nothing. Not thread-safe: one per thread or task.
 */
public final class Rng {
    private long state;
    private double spareGaussian = Double.NaN;

    public Rng(long seed) {
        this.state = seed;
    }

    /** The generator's state word, for a checkpoint; {@link #restore} continues the same sequence. */
    public long state() {
        return state;
    }

    /** The second Gaussian of the last pair, kept for the next {@link #nextGaussian} call (NaN when none). */
    public double spareGaussian() {
        return spareGaussian;
    }

    /** Continues the sequence of a generator whose {@link #state} and {@link #spareGaussian} these were. */
    public void restore(long state, double spareGaussian) {
        this.state = state;
        this.spareGaussian = spareGaussian;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, 1). */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound = " + bound + " must be positive");
        return (int) (((nextLong() >>> 33) * bound) >>> 31);
    }

    /** Standard normal (Marsaglia's polar method; the second value of each pair is kept for the next call). */
    public double nextGaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double g = spareGaussian;
            spareGaussian = Double.NaN;
            return g;
        }
        double u, v, s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * f;
        return u * f;
    }

    /** Fisher-Yates shuffle of {@code a}. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
