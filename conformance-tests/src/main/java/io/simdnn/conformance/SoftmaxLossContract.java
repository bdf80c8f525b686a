package io.simdnn.conformance;

import io.simdnn.conformance.Data.Tier;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/** Row-wise softmax and log-softmax, the softmax backward, and the five loss kernels. */
public interface SoftmaxLossContract extends Contract {

    double U = Tolerance.U;

    /** An m×n block of logits uniform in [−scale, scale] at offset {@code off}. */
    record RowCase(int m, int n, float scale, int off, long seed) {
        float[] logits() {
            float[] x = Data.vector(new SplittableRandom(seed), Tier.REAL, m * n, off, 2);
            for (int i = 0; i < m * n; i++) x[off + i] *= scale;
            return x;
        }

        /** Targets: one-hot rows for an even seed, soft distributions for an odd one. */
        float[] targets() {
            SplittableRandom r = new SplittableRandom(~seed);
            float[] t = new float[off + m * n + 2];
            for (int i = 0; i < m; i++) {
                if ((seed & 1) == 0) {
                    t[off + i * n + r.nextInt(n)] = 1f;
                } else {
                    double sum = 0;
                    double[] w = new double[n];
                    for (int j = 0; j < n; j++) sum += w[j] = r.nextDouble();
                    for (int j = 0; j < n; j++) t[off + i * n + j] = (float) (w[j] / sum);
                }
            }
            return t;
        }
    }

    @Provide
    default Arbitrary<RowCase> rowCases() {
        return Combinators.combine(Shapes.size(12, true), Shapes.size(70, false),
                Arbitraries.of(1f, 10f, 100f, 1e4f, 1e30f), Shapes.offsets(), Shapes.seeds())
                .as(RowCase::new).withoutEdgeCases();
    }

    /** Tolerance of one softmax probability: ref·(8u + c·γ_n + 2u·|x − max|) + TINY. */
    static double softmaxTolerance(double ref, int n, double shifted) {
        return ref * (8 * U + Tolerance.reduction(n, 1) + 2 * U * Math.abs(shifted)) + Tolerance.TINY;
    }

    /**
     * Tolerance of one log-softmax value (x − max) − lse: 2u·(|x − max| + |lse|) + c·γ_n + 8u. It scales with the
     * distance to the row maximum, not with the logits' magnitude: a kernel that forms max + lse in float (which
     * rounds lse away for logits near ±1e4) fails it.
     */
    static double logSoftmaxTolerance(double x, double max, double lse, int n) {
        return 2 * U * (Math.abs(x - max) + Math.abs(lse)) + Tolerance.reduction(n, 1) + 8 * U;
    }

    /** Softmax rows against the oracle, in place or not, on logits up to ±1e30 (no overflow). */
    @Property(tries = 1000)
    default void softmaxMatchesOracle(@ForAll("rowCases") RowCase c, @ForAll boolean inPlace) {
        Statistics.collect(c.scale() >= 1e30f ? "huge logits" : "ordinary logits");
        float[] x = c.logits(), xIn = x.clone(), y = inPlace ? x : new float[x.length];
        backend().softmax(c.m(), c.n(), x, c.off(), y, c.off());
        for (int i = 0; i < c.m(); i++) {
            int row = c.off() + i * c.n();
            double max = Oracle.max(xIn, row, c.n()), lse = Oracle.logSumExpShifted(xIn, row, c.n(), max);
            for (int j = 0; j < c.n(); j++) {
                double ref = Math.exp(xIn[row + j] - max - lse);
                Expect.close("softmax row " + i, j, y[row + j], ref, softmaxTolerance(ref, c.n(), xIn[row + j] - max));
            }
        }
    }

    /** Log-softmax rows against the oracle. */
    @Property(tries = 1000)
    default void logSoftmaxMatchesOracle(@ForAll("rowCases") RowCase c, @ForAll boolean inPlace) {
        float[] x = c.logits(), xIn = x.clone(), y = inPlace ? x : new float[x.length];
        backend().logSoftmax(c.m(), c.n(), x, c.off(), y, c.off());
        for (int i = 0; i < c.m(); i++) {
            int row = c.off() + i * c.n();
            double max = Oracle.max(xIn, row, c.n()), lse = Oracle.logSumExpShifted(xIn, row, c.n(), max);
            for (int j = 0; j < c.n(); j++) {
                double ref = xIn[row + j] - max - lse;
                Expect.close("log-softmax row " + i, j, y[row + j], ref, logSoftmaxTolerance(xIn[row + j], max, lse, c.n()));
            }
        }
    }

    /**
     * The promised special values: −∞ logits get probability 0 (log-probability −∞); a row with NaN or +∞, or only
     * −∞, becomes NaN without touching the other rows; logits of ±3e38 do not overflow.
     */
    @Property(tries = 50)
    default void softmaxSpecialValues(@ForAll boolean log) {
        float inf = Float.POSITIVE_INFINITY, nan = Float.NaN, big = 3e38f;
        float[] x = {
            -inf, 1, 2, -inf,
            nan, 1, 2, 3,
            inf, 1, 2, 3,
            -inf, -inf, -inf, -inf,
            big, -big, big, 0,
            -1e30f, 0, 1e30f, -inf};
        float[] y = new float[x.length];
        if (log) backend().logSoftmax(6, 4, x, 0, y, 0);
        else backend().softmax(6, 4, x, 0, y, 0);
        double e = Math.exp(1), lse = Math.log(e + e * e);
        double[] want = log
                ? new double[] {-inf, 1 - lse, 2 - lse, -inf, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan,
                    Math.log(0.5), -inf, Math.log(0.5), -big - Math.log(2), -2e30, -1e30, 0, -inf}
                : new double[] {0, e / (e + e * e), e * e / (e + e * e), 0, nan, nan, nan, nan, nan, nan, nan, nan, nan,
                    nan, nan, nan, 0.5, 0, 0.5, 0, 0, 0, 1, 0};
        for (int i = 0; i < x.length; i++) {
            double scale = Math.abs(x[i - i % 4]) + Math.abs(x[i - i % 4 + 2]);
            double tol = log ? 2 * U * (Math.abs(x[i]) + scale + 1) + 8 * U : 8 * U;
            Expect.close((log ? "log-softmax" : "softmax") + " special row " + i / 4, i % 4, y[i], want[i], tol);
        }
    }

    /**
     * Logits far from zero but close to each other, e.g. [−10000, −9999, −9998]: softmax, log-softmax and the fused
     * cross-entropy (loss, probabilities, gradient) keep the accuracy they have near zero, because only the
     * differences x − max matter. Centres ±1e4, ±1e6 and ±1e7 with spreads up to 10.
     */
    @Property(tries = 300)
    default void rowKernelsAtLargeOffsets(@ForAll("largeOffsetRows") RowCase c, @ForAll boolean consecutive) {
        float[] x = new float[c.off() + c.m() * c.n() + 2];
        SplittableRandom r = new SplittableRandom(c.seed());
        for (int i = 0; i < c.m() * c.n(); i++) {
            x[c.off() + i] = consecutive ? c.scale() + i % c.n() : (float) (c.scale() + r.nextDouble(-10, 10));
        }
        checkRowKernels("logits around " + c.scale(), c.m(), c.n(), x, c.off(), c.targets());
    }

    @Provide
    default Arbitrary<RowCase> largeOffsetRows() {
        return Combinators.combine(Shapes.size(6, false), Shapes.size(70, false),
                Arbitraries.of(-1e4f, 1e4f, -1e6f, 1e6f, -1e7f, 1e7f), Shapes.offsets(), Shapes.seeds())
                .as(RowCase::new).withoutEdgeCases();
    }

    /**
     * Logits at float's extremes: ±Float.MAX_VALUE and ±1e38 (x − max overflows to −∞ in float, probability 0),
     * subnormals and ±0 (all within an ulp of 0), mixed with ordinary values, one row at a time.
     */
    @Property(tries = 300)
    default void rowKernelsAtFloatExtremes(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll("seed") long seed) {
        float[] pool = {Float.MAX_VALUE, -Float.MAX_VALUE, 1e38f, -1e38f, 3e37f, Float.MIN_VALUE, -Float.MIN_VALUE,
            1e-40f, Float.MIN_NORMAL, 0f, -0f, 1f, -3f, 1e4f, -1e4f};
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n], t = new float[n];
        for (int j = 0; j < n; j++) x[j] = pool[r.nextInt(pool.length)];
        t[r.nextInt(n)] = 1f;
        checkRowKernels("extreme logits", 1, n, x, 0, t);
    }

    /**
     * Softmax, log-softmax and the fused cross-entropy of one block against the float64 oracle. The cross-entropy's
     * target is the given one, moved onto each row's maximum where it would weigh a log-probability of −∞ in float.
     */
    private void checkRowKernels(String what, int m, int n, float[] x, int off, float[] target) {
        float[] y = new float[x.length], logY = new float[x.length], probs = new float[x.length];
        float[] grad = new float[x.length], t = target.clone();
        for (int i = 0; i < m; i++) {
            int row = off + i * n;
            double max = Oracle.max(x, row, n);
            int argmax = row;
            for (int j = 0; j < n; j++) if (x[row + j] == max) argmax = row + j;
            double moved = 0;
            for (int j = 0; j < n; j++) {
                if (t[row + j] != 0 && (float) (x[row + j] - max) == Float.NEGATIVE_INFINITY) {
                    moved += t[row + j];
                    t[row + j] = 0;
                }
            }
            t[argmax] += (float) moved;
        }
        backend().softmax(m, n, x, off, y, off);
        backend().logSoftmax(m, n, x, off, logY, off);
        double loss = backend().softmaxCrossEntropy(m, n, x, off, t, off, 1f, probs, off, grad, off);
        double ref = 0, tol = 0;
        for (int i = 0; i < m; i++) {
            int row = off + i * n;
            double max = Oracle.max(x, row, n), lse = Oracle.logSumExpShifted(x, row, n, max);
            for (int j = 0; j < n; j++) {
                double shifted = (double) x[row + j] - max, logP = shifted - lse, p = Math.exp(logP);
                // a difference beyond float's range is −∞ to a float kernel: probability 0 exactly
                if ((float) shifted == Float.NEGATIVE_INFINITY) logP = Double.NEGATIVE_INFINITY;
                double lTol = logSoftmaxTolerance(x[row + j], max, lse, n);
                double pTol = softmaxTolerance(p, n, shifted) + p * lTol;
                Expect.close(what + ": softmax row " + i, j, y[row + j], p, pTol);
                Expect.close(what + ": log-softmax row " + i, j, logY[row + j], logP, lTol);
                Expect.close(what + ": cross-entropy probs row " + i, j, probs[row + j], p, pTol);
                double tj = t[row + j];
                Expect.close(what + ": cross-entropy dLogits row " + i, j, grad[row + j], p - tj,
                        pTol + U * (p + Math.abs(tj)) + Tolerance.ulp(p - tj));
                if (tj != 0) {
                    ref -= tj * logP;
                    tol += tj * lTol + Tolerance.reduction((long) m * n, Math.abs(tj * logP));
                }
            }
        }
        Expect.closeDouble(what + ": cross-entropy loss", loss, ref, tol);
    }

    /** Softmax backward dx = y ⊙ (dy − Σ dy·y), dx overwriting dy or not. */
    @Property(tries = 1000)
    default void softmaxBackwardMatchesOracle(@ForAll("rowCases") RowCase c, @ForAll boolean inPlace) {
        float[] y = probabilities(c), dy = c.targets();
        SplittableRandom r = new SplittableRandom(c.seed() * 31);
        for (int i = 0; i < c.m() * c.n(); i++) dy[c.off() + i] = (float) r.nextDouble(-2, 2);
        float[] dyIn = dy.clone(), dx = inPlace ? dy : new float[dy.length];
        backend().softmaxBackward(c.m(), c.n(), y, c.off(), dy, c.off(), dx, c.off());
        for (int i = 0; i < c.m(); i++) {
            int row = c.off() + i * c.n();
            double dot = 0, abs = 0;
            for (int j = 0; j < c.n(); j++) {
                dot += (double) dyIn[row + j] * y[row + j];
                abs += Math.abs((double) dyIn[row + j] * y[row + j]);
            }
            for (int j = 0; j < c.n(); j++) {
                double ref = y[row + j] * (dyIn[row + j] - dot);
                double tol = Math.abs(y[row + j]) * (Tolerance.reduction(c.n() + 1, abs) + 2 * U * (Math.abs(dyIn[row + j]) + Math.abs(dot)))
                        + 2 * Tolerance.ulp(ref);
                Expect.close("softmax backward row " + i, j, dx[row + j], ref, tol);
            }
        }
    }

    /** Float probabilities of the case's logits, computed in double (independent of the subject). */
    private static float[] probabilities(RowCase c) {
        float[] x = c.logits(), y = new float[x.length];
        for (int i = 0; i < c.m(); i++) {
            int row = c.off() + i * c.n();
            double max = Oracle.max(x, row, c.n()), lse = Oracle.logSumExpShifted(x, row, c.n(), max);
            for (int j = 0; j < c.n(); j++) y[row + j] = (float) Math.exp(x[row + j] - max - lse);
        }
        return y;
    }

    @Provide
    default Arbitrary<Float> gradScales() {
        return Arbitraries.of(1f, 0.25f, 0.37f, -1f, 0f);
    }

    /**
     * Fused softmax–cross-entropy: the loss Σ −t·log softmax(z) (huge logits included), the probabilities and
     * dLogits = gradScale·(softmax − t), each output optional.
     */
    @Property(tries = 1000)
    default void softmaxCrossEntropyMatchesOracle(@ForAll("rowCases") RowCase c, @ForAll("gradScales") float gs,
            @ForAll boolean withProbs, @ForAll boolean withGrad) {
        Statistics.collect((c.seed() & 1) == 0 ? "one-hot" : "soft targets");
        float[] x = c.logits(), t = c.targets();
        float[] probs = withProbs ? new float[x.length] : null, grad = withGrad ? new float[x.length] : null;
        double loss = backend().softmaxCrossEntropy(c.m(), c.n(), x, c.off(), t, c.off(), gs, probs, c.off(), grad, c.off());
        double ref = 0, tol = 0, abs = 0;
        for (int i = 0; i < c.m(); i++) {
            int row = c.off() + i * c.n();
            double max = Oracle.max(x, row, c.n()), lse = Oracle.logSumExpShifted(x, row, c.n(), max);
            for (int j = 0; j < c.n(); j++) {
                double logP = x[row + j] - max - lse, p = Math.exp(logP), tj = t[row + j];
                if (tj != 0) {
                    ref -= tj * logP;
                    abs += Math.abs(tj * logP);
                    tol += tj * logSoftmaxTolerance(x[row + j], max, lse, c.n());
                }
                // Probabilities may come from exp(log-softmax): its absolute error becomes their relative error.
                double pTol = softmaxTolerance(p, c.n(), x[row + j] - max)
                        + p * logSoftmaxTolerance(x[row + j], max, lse, c.n());
                if (probs != null) Expect.close("probs row " + i, j, probs[row + j], p, pTol);
                if (grad != null) {
                    double g = gs * (p - tj);
                    Expect.close("dLogits row " + i, j, grad[row + j], g,
                            Math.abs(gs) * (pTol + U * (p + Math.abs(tj))) + Tolerance.ulp(g));
                }
            }
        }
        Expect.closeDouble("softmax cross-entropy loss", loss, ref, tol + Tolerance.reduction((long) c.m() * c.n(), abs));
    }

    /** Element-wise losses: n values of y (or logits) at {@code off} and targets. */
    record LossCase(int n, float scale, int off, boolean binaryTargets, long seed) {
        float[] y() {
            float[] y = Data.vector(new SplittableRandom(seed), Tier.REAL, n, off, 2);
            for (int i = 0; i < n; i++) y[off + i] *= scale;
            return y;
        }

        float[] t() {
            SplittableRandom r = new SplittableRandom(~seed);
            float[] t = new float[off + n + 2];
            for (int i = 0; i < n; i++) t[off + i] = binaryTargets ? r.nextInt(2) : (float) r.nextDouble();
            return t;
        }
    }

    @Provide
    default Arbitrary<LossCase> lossCases() {
        return Combinators.combine(Shapes.size(300, true), Arbitraries.of(1f, 4f, 30f, 100f), Shapes.offsets(),
                Arbitraries.of(true, false), Shapes.seeds()).as(LossCase::new).withoutEdgeCases();
    }

    /**
     * Fused sigmoid–binary-cross-entropy: loss Σ max(z, 0) − z·t + log(1 + e^−|z|), probabilities σ(z) and
     * dLogits = gradScale·(σ(z) − t).
     */
    @Property(tries = 1000)
    default void sigmoidCrossEntropyMatchesOracle(@ForAll("lossCases") LossCase c, @ForAll("gradScales") float gs,
            @ForAll boolean withProbs, @ForAll boolean withGrad) {
        float[] z = c.y(), t = c.t();
        float[] probs = withProbs ? new float[z.length] : null, grad = withGrad ? new float[z.length] : null;
        double loss = backend().sigmoidCrossEntropy(c.n(), z, c.off(), t, c.off(), gs, probs, c.off(), grad, c.off());
        double ref = 0, abs = 0;
        for (int i = c.off(); i < c.off() + c.n(); i++) {
            double zi = z[i], ti = t[i], soft = Math.log1p(Math.exp(-Math.abs(zi)));
            ref += Math.max(zi, 0) - zi * ti + soft;
            abs += Math.max(zi, 0) + Math.abs(zi * ti) + soft;
            double s = Oracle.sigmoid(zi), sTol = Tolerance.forward(Activation.SIGMOID, 0, zi, s);
            if (probs != null) Expect.close("sigmoid probs", i, probs[i], s, sTol);
            if (grad != null) {
                double g = gs * (s - ti);
                Expect.close("sigmoid dLogits", i, grad[i], g, Math.abs(gs) * (sTol + U * (s + ti)) + Tolerance.ulp(g));
            }
        }
        Expect.closeDouble("sigmoid cross-entropy loss", loss, ref,
                (Tolerance.reduction(c.n() + 1, 1) + 8 * U) * abs + Tolerance.TINY);
    }

    /** ½Σ(y − t)² and dy = gradScale·(y − t). */
    @Property(tries = 1000)
    default void squaredErrorMatchesOracle(@ForAll("lossCases") LossCase c, @ForAll("gradScales") float gs,
            @ForAll boolean withGrad) {
        float[] y = c.y(), t = c.t(), dy = withGrad ? new float[y.length] : null;
        double loss = backend().squaredError(c.n(), y, c.off(), t, c.off(), gs, dy, c.off());
        double ref = 0;
        for (int i = c.off(); i < c.off() + c.n(); i++) {
            double d = (double) y[i] - t[i];
            ref += 0.5 * d * d;
            if (dy != null) {
                Expect.close("squared-error dy", i, dy[i], gs * d,
                        Math.abs(gs) * U * (Math.abs(y[i]) + Math.abs(t[i])) + 2 * Tolerance.ulp(gs * d));
            }
        }
        Expect.closeDouble("squared-error loss", loss, ref, (Tolerance.reduction(c.n() + 1, 1) + 8 * U) * ref + Tolerance.TINY);
    }

    /** Σ|y − t| and dy = gradScale·sign(y − t) (0 where y = t), the gradient exact. */
    @Property(tries = 1000)
    default void absoluteErrorMatchesOracle(@ForAll("lossCases") LossCase c, @ForAll("gradScales") float gs,
            @ForAll boolean withGrad, @ForAll boolean someEqual) {
        float[] y = c.y(), t = c.t(), dy = withGrad ? new float[y.length] : null;
        if (someEqual) for (int i = c.off(); i < c.off() + c.n(); i += 3) y[i] = t[i];
        double loss = backend().absoluteError(c.n(), y, c.off(), t, c.off(), gs, dy, c.off());
        double ref = 0;
        for (int i = c.off(); i < c.off() + c.n(); i++) {
            double d = (double) y[i] - t[i];
            ref += Math.abs(d);
            if (dy != null) Expect.same("absolute-error dy", i, dy[i], (float) (gs * Math.signum(d)));
        }
        Expect.closeDouble("absolute-error loss", loss, ref, (Tolerance.reduction(c.n() + 1, 1) + 4 * U) * ref + Tolerance.TINY);
    }

    /** Hinge Σ max(0, 1 − s·y), s = 2t − 1, and dy = −gradScale·s where the margin is violated (exact). */
    @Property(tries = 1000)
    default void hingeMatchesOracle(@ForAll("lossCases") LossCase c0, @ForAll("gradScales") float gs,
            @ForAll boolean withGrad) {
        LossCase c = new LossCase(c0.n(), c0.scale() > 4 ? 2 : c0.scale(), c0.off(), true, c0.seed());
        float[] y = c.y(), t = c.t(), dy = withGrad ? new float[y.length] : null;
        for (int i = c.off(); i < c.off() + c.n(); i += 5) y[i] = 1 - 2 * (i % 2);
        double loss = backend().hinge(c.n(), y, c.off(), t, c.off(), gs, dy, c.off());
        double ref = 0, abs = 0;
        for (int i = c.off(); i < c.off() + c.n(); i++) {
            double s = 2.0 * t[i] - 1, margin = 1 - s * y[i];
            if (margin > 0) ref += margin;
            abs += 1 + Math.abs(y[i]);
            if (dy != null) Expect.same("hinge dy", i, dy[i], margin > 0 ? (float) (-gs * s) : 0f);
        }
        Expect.closeDouble("hinge loss", loss, ref, (Tolerance.reduction(c.n() + 1, 1) + 4 * U) * abs);
    }

    /**
     * Every loss gradient (and the softmax backward) against central finite differences in double of the loss it
     * differentiates, gradScale = 1, on small inputs away from the kinks of |y − t| and of the hinge.
     */
    @Property(tries = 1000)
    default void lossGradientsMatchFiniteDifferences(@ForAll @IntRange(min = 0, max = 5) int kind,
            @ForAll @IntRange(min = 1, max = 3) int m, @ForAll @IntRange(min = 1, max = 6) int n,
            @ForAll("seed") long seed) {
        String[] names = {"softmax cross-entropy", "sigmoid cross-entropy", "squared error", "absolute error",
            "hinge", "softmax backward"};
        Statistics.collect(names[kind]);
        SplittableRandom r = new SplittableRandom(seed);
        int len = m * n;
        float[] y = new float[len], t = new float[len], grad = new float[len];
        for (int i = 0; i < len; i++) {
            t[i] = kind == 4 || r.nextBoolean() ? r.nextInt(2) : (float) r.nextDouble();
            float v;
            do {
                v = (float) r.nextDouble(-3, 3);
            } while (kind == 3 && Math.abs(v - t[i]) < 1e-2 || kind == 4 && Math.abs(1 - (2 * t[i] - 1) * v) < 1e-2);
            y[i] = v;
        }
        if (kind == 0) {
            for (int i = 0; i < m; i++) {
                double sum = 0;
                for (int j = 0; j < n; j++) sum += t[i * n + j];
                if (sum == 0) {
                    t[i * n + r.nextInt(n)] = 1f;
                    sum = 1;
                }
                // The gradient softmax − t is the loss's gradient only for targets that sum to 1.
                for (int j = 0; j < n; j++) t[i * n + j] = (float) (t[i * n + j] / sum);
            }
        }
        float[] dyWeights = Data.uniform(r, len, -1, 1), probs = new float[len];
        Backend be = backend();
        switch (kind) {
            case 0 -> be.softmaxCrossEntropy(m, n, y, 0, t, 0, 1f, null, 0, grad, 0);
            case 1 -> be.sigmoidCrossEntropy(len, y, 0, t, 0, 1f, null, 0, grad, 0);
            case 2 -> be.squaredError(len, y, 0, t, 0, 1f, grad, 0);
            case 3 -> be.absoluteError(len, y, 0, t, 0, 1f, grad, 0);
            case 4 -> be.hinge(len, y, 0, t, 0, 1f, grad, 0);
            default -> {
                be.softmax(m, n, y, 0, probs, 0);
                be.softmaxBackward(m, n, probs, 0, dyWeights, 0, grad, 0);
            }
        }
        double[] yd = new double[len];
        for (int i = 0; i < len; i++) yd[i] = y[i];
        for (int i = 0; i < len; i++) {
            double h = 1e-6, keep = yd[i];
            yd[i] = keep + h;
            double up = lossInDouble(kind, m, n, yd, t, dyWeights);
            yd[i] = keep - h;
            double down = lossInDouble(kind, m, n, yd, t, dyWeights);
            yd[i] = keep;
            double fd = (up - down) / (2 * h);
            Expect.close(names[kind] + " gradient by finite differences", i, grad[i], fd, 2e-5 * (1 + Math.abs(fd)));
        }
    }

    /** The losses in double, the reference of the finite differences. */
    private static double lossInDouble(int kind, int m, int n, double[] y, float[] t, float[] weights) {
        double loss = 0;
        if (kind == 0 || kind == 5) {
            for (int i = 0; i < m; i++) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int j = 0; j < n; j++) max = Math.max(max, y[i * n + j]);
                for (int j = 0; j < n; j++) sum += Math.exp(y[i * n + j] - max);
                for (int j = 0; j < n; j++) {
                    double logP = y[i * n + j] - max - Math.log(sum);
                    loss += kind == 0 ? -t[i * n + j] * logP : weights[i * n + j] * Math.exp(logP);
                }
            }
            return loss;
        }
        for (int i = 0; i < y.length; i++) {
            double d = y[i] - t[i], s = 2.0 * t[i] - 1;
            loss += switch (kind) {
                case 1 -> Math.max(y[i], 0) - y[i] * t[i] + Math.log1p(Math.exp(-Math.abs(y[i])));
                case 2 -> 0.5 * d * d;
                case 3 -> Math.abs(d);
                default -> Math.max(0, 1 - s * y[i]);
            };
        }
        return loss;
    }
}
