package io.simdnn.spark;

import java.io.Serializable;

/**
 * A partial sum over partitions of one step: the gradient (or, with local steps, the weight change), each partition's
 * share already weighted by its rows over the step's rows, the summed loss × rows, the correctly classified rows and
 * the rows. {@code sum} is null while no partition has contributed. A non-finite loss on any partition poisons the
 * sum and is kept, so the driver can report it.
 */
final class Partial implements Serializable {
    private static final long serialVersionUID = 1L;

    float[][] sum;
    double lossSum;
    long correct, rows;
    /** The longest time a partition spent computing its share (the step's critical path on the executors). */
    long computeNanos;
    boolean nonFinite;

    static Partial empty() {
        return new Partial();
    }

    /** The sum of a and b, in place in one of them; float sums, in the order Spark combines them. */
    static Partial combine(Partial a, Partial b) {
        long slowest = Math.max(a.computeNanos, b.computeNanos);
        a.computeNanos = b.computeNanos = slowest;
        if (a.nonFinite) return a;
        if (b.nonFinite) return b;
        if (b.sum == null) {
            a.lossSum += b.lossSum;
            a.correct += b.correct;
            a.rows += b.rows;
            return a;
        }
        if (a.sum == null) {
            b.lossSum += a.lossSum;
            b.correct += a.correct;
            b.rows += a.rows;
            return b;
        }
        for (int i = 0; i < a.sum.length; i++) {
            float[] s = a.sum[i], t = b.sum[i];
            for (int j = 0; j < s.length; j++) s[j] += t[j];
        }
        a.lossSum += b.lossSum;
        a.correct += b.correct;
        a.rows += b.rows;
        return a;
    }
}
