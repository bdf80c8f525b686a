package io.simdnn.conformance;

import io.simdnn.conformance.Data.Tier;
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

/** Vector operations, reductions and the optimiser steps. */
public interface VectorContract extends Contract {

    double U = Tolerance.U;

    /** Two vectors x, y of n values of the tier at their own offsets. */
    record VecCase(int n, Tier tier, int xOff, int yOff, float alpha, boolean alias, long seed) {
        float[] x() {
            return Data.vector(new SplittableRandom(seed), tier, n, xOff, 2);
        }

        float[] y() {
            return Data.vector(new SplittableRandom(~seed), tier, n, yOff, 2);
        }
    }

    @Provide
    default Arbitrary<VecCase> vecCases() {
        return Combinators.combine(Shapes.size(600, true), Shapes.tiers(), Shapes.offsets(), Shapes.offsets(),
                Shapes.scalars(), Arbitraries.of(true, false), Shapes.seeds())
                .as((n, tier, xo, yo, alpha, alias, seed) -> new VecCase(n, tier, xo, yo,
                        tier == Tier.EXACT ? Shapes.exactScalar(alpha) : alpha, alias, seed))
                .withoutEdgeCases();
    }

    /** y += α·x within 3u·(|y| + |α·x|) (one or two roundings), exactly in the exact tier; y = x aliased too. */
    @Property(tries = 1000)
    default void axpyMatchesOracle(@ForAll("vecCases") VecCase c) {
        Statistics.collect(c.n() < 8 ? "n < 8" : c.n() % 8 != 0 ? "n % 8 != 0" : "n % 8 == 0");
        float[] x = c.x(), y = c.alias() ? x : c.y(), yIn = y.clone();
        int yOff = c.alias() ? c.xOff() : c.yOff();
        backend().axpy(c.n(), c.alpha(), x, c.xOff(), y, yOff);
        for (int i = 0; i < c.n(); i++) {
            double ax = (double) c.alpha() * yInX(c, yIn, i), ref = yIn[yOff + i] + ax;
            if (c.tier() == Tier.EXACT) Expect.same("axpy", i, y[yOff + i], (float) ref);
            else Expect.close("axpy", i, y[yOff + i], ref, 3 * U * (Math.abs(yIn[yOff + i]) + Math.abs(ax)) + Float.MIN_VALUE);
        }
        Expect.untouchedOutside("y", y, yIn, i -> i >= yOff && i < yOff + c.n());
    }

    private static float yInX(VecCase c, float[] yIn, int i) {
        return c.alias() ? yIn[c.xOff() + i] : c.x()[c.xOff() + i];
    }

    /** x *= α: one rounding, so exact (α = 0 makes ±∞ and NaN into NaN, as IEEE multiplication). */
    @Property(tries = 1000)
    default void scaleIsExact(@ForAll("vecCases") VecCase c, @ForAll boolean specials) {
        float[] x = c.x();
        if (specials && c.n() > 0) {
            float[] sv = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, Float.MIN_VALUE, 1e38f};
            for (int i = 0; i < c.n(); i += 2) x[c.xOff() + i] = sv[(i / 2) % sv.length];
        }
        float[] xIn = x.clone();
        backend().scale(c.n(), c.alpha(), x, c.xOff());
        for (int i = 0; i < c.n(); i++) Expect.same("scale", i, x[c.xOff() + i], c.alpha() * xIn[c.xOff() + i]);
        Expect.untouchedOutside("x", x, xIn, i -> i >= c.xOff() && i < c.xOff() + c.n());
    }

    /** z = x ⊙ y: one rounding, so exact; z may alias x. */
    @Property(tries = 1000)
    default void mulIsExact(@ForAll("vecCases") VecCase c) {
        float[] x = c.x(), y = c.y(), xIn = x.clone();
        float[] z = c.alias() ? x : new float[c.xOff() + c.n() + 1];
        backend().mul(c.n(), x, c.xOff(), y, c.yOff(), z, c.xOff());
        for (int i = 0; i < c.n(); i++) {
            Expect.same("mul", i, z[c.xOff() + i], xIn[c.xOff() + i] * y[c.yOff() + i]);
        }
    }

    /** Σ x·y within c·γ_n·Σ|x·y|, exactly in the exact tier. */
    @Property(tries = 1000)
    default void dotMatchesOracle(@ForAll("vecCases") VecCase c) {
        float[] x = c.x(), y = c.y();
        float got = backend().dot(c.n(), x, c.xOff(), y, c.yOff());
        double ref = 0, abs = 0;
        for (int i = 0; i < c.n(); i++) {
            double p = (double) x[c.xOff() + i] * y[c.yOff() + i];
            ref += p;
            abs += Math.abs(p);
        }
        checkReduction("dot", c, got, ref, abs);
    }

    /** Σ x within c·γ_n·Σ|x|, exactly in the exact tier. */
    @Property(tries = 1000)
    default void sumMatchesOracle(@ForAll("vecCases") VecCase c) {
        float[] x = c.x();
        float got = backend().sum(c.n(), x, c.xOff());
        double ref = 0, abs = 0;
        for (int i = 0; i < c.n(); i++) {
            ref += x[c.xOff() + i];
            abs += Math.abs(x[c.xOff() + i]);
        }
        checkReduction("sum", c, got, ref, abs);
    }

    /** Σ x² within c·γ_n·Σx², exactly in the exact tier. */
    @Property(tries = 1000)
    default void sumSquaresMatchesOracle(@ForAll("vecCases") VecCase c) {
        float[] x = c.x();
        float got = backend().sumSquares(c.n(), x, c.xOff());
        double ref = 0;
        for (int i = 0; i < c.n(); i++) ref += (double) x[c.xOff() + i] * x[c.xOff() + i];
        checkReduction("sumSquares", c, got, ref, ref);
    }

    private static void checkReduction(String what, VecCase c, float got, double ref, double abs) {
        if (c.tier() == Tier.EXACT) Expect.same(what + " of " + c.n(), 0, got, (float) ref);
        else Expect.close(what + " of " + c.n(), 0, got, ref, Tolerance.reduction(c.n(), abs) + Tolerance.ulp(ref) / 2);
    }

    /** max: the largest element (exact), −∞ for n = 0, NaN if any element is NaN. */
    @Property(tries = 1000)
    default void maxMatchesOracle(@ForAll("vecCases") VecCase c, @ForAll @IntRange(min = 0, max = 2000) int nanAt) {
        float[] x = c.x();
        boolean nan = nanAt < c.n() && c.n() > 0;
        if (nan) x[c.xOff() + nanAt] = Float.NaN;
        float got = backend().max(c.n(), x, c.xOff());
        Expect.same("max", 0, got, (float) (nan ? Double.NaN : Oracle.max(x, c.xOff(), c.n())));
    }

    /** argmaxRows: the first maximal column of each row, or the first NaN, on small integers (many ties). */
    @Property(tries = 1000)
    default void argmaxRowsMatchesOracle(@ForAll @IntRange(min = 0, max = 20) int m,
            @ForAll("vectorColumns") int n, @ForAll boolean withNaN, @ForAll("seed") long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[m * n + 1];
        for (int i = 1; i < x.length; i++) x[i] = withNaN && r.nextInt(12) == 0 ? Float.NaN : r.nextInt(-3, 4);
        int[] out = new int[m + 2];
        java.util.Arrays.fill(out, -7);
        backend().argmaxRows(m, n, x, 1, out, 1);
        for (int i = 0; i < m; i++) {
            int best = 0;
            for (int j = 1; j < n && !Float.isNaN(x[1 + i * n + best]); j++) {
                float v = x[1 + i * n + j];
                if (Float.isNaN(v) || v > x[1 + i * n + best]) best = j;
            }
            Expect.isTrue(out[1 + i] == best, "argmax of row " + i + " = " + out[1 + i] + ", expected " + best);
        }
        Expect.isTrue(out[0] == -7 && out[m + 1] == -7, "argmaxRows wrote outside its window");
    }

    @Provide
    default Arbitrary<Integer> vectorColumns() {
        return Shapes.size(70, false);
    }

    /** A NaN element makes dot, sum, sumSquares and max NaN. */
    @Property(tries = 1000)
    default void reductionsPropagateNaN(@ForAll("vecCases") VecCase c, @ForAll @IntRange(min = 0, max = 2000) int at) {
        if (c.n() == 0) return;
        float[] x = c.x(), y = c.y();
        x[c.xOff() + at % c.n()] = Float.NaN;
        Backend be = backend();
        Expect.isTrue(Float.isNaN(be.dot(c.n(), x, c.xOff(), y, c.yOff())), "dot with a NaN is not NaN");
        Expect.isTrue(Float.isNaN(be.sum(c.n(), x, c.xOff())), "sum with a NaN is not NaN");
        Expect.isTrue(Float.isNaN(be.sumSquares(c.n(), x, c.xOff())), "sumSquares with a NaN is not NaN");
        Expect.isTrue(Float.isNaN(be.max(c.n(), x, c.xOff())), "max with a NaN is not NaN");
    }

    // ------------------------------------------------------------------------------------------ optimisers

    /** One optimiser step: hyper-parameters (a = momentum, ρ or β₁; b = β₂), offsets, state from the seed. */
    record OptCase(int n, float lr, float a, float b, float eps, float weightDecay, int step, boolean nesterov,
            int off, long seed) {
        float[] w() { return values(1, 1); }
        float[] g() { return values(2, 1); }
        float[] state(long salt, boolean positive) {
            float[] s = values(salt, 1);
            if (positive) for (int i = 0; i < s.length; i++) s[i] = Math.abs(s[i]) + 1e-3f;
            return s;
        }
        private float[] values(long salt, float scale) {
            return Data.vector(new SplittableRandom(seed * 31 + salt), Tier.REAL, n, off, 2);
        }
    }

    @Provide
    default Arbitrary<OptCase> optCases() {
        return Combinators.combine(Shapes.size(300, true), Arbitraries.of(0.1f, 0.01f, 1f, -0.5f, 0f),
                Arbitraries.of(0f, 0.5f, 0.9f, 0.99f), Arbitraries.of(0f, 0.9f, 0.999f, 0.9999f),
                Arbitraries.of(1e-8f, 1e-6f, 0f, 0.1f), Arbitraries.of(0f, 0.01f, 0.1f),
                Arbitraries.of(1, 2, 3, 10, 1000), Shapes.seeds())
                // The seed's low bits also pick the offset and the Nesterov flag (combine takes at most 8 inputs).
                .as((n, lr, a, b, eps, wd, step, seed) -> new OptCase(n, lr, a, b, eps, wd, step, (seed & 4) != 0,
                        (int) (seed & 3), seed))
                .withoutEdgeCases();
    }

    /** SGD with momentum and Nesterov momentum: v = μv + g; w −= lr·(nesterov ? g + μv : v). */
    @Property(tries = 1000)
    default void momentumStepMatchesOracle(@ForAll("optCases") OptCase c) {
        Statistics.collect(c.nesterov() ? "nesterov" : "classical");
        float[] w = c.w(), g = c.g(), v = c.state(3, false), wIn = w.clone(), vIn = v.clone();
        backend().momentumStep(c.n(), c.lr(), c.a(), c.nesterov(), w, c.off(), g, c.off(), v, c.off());
        for (int i = c.off(); i < c.off() + c.n(); i++) {
            double mu = c.a(), vr = mu * vIn[i] + g[i], tolV = 2 * U * (Math.abs(mu * vIn[i]) + Math.abs(g[i]));
            double upd = c.nesterov() ? g[i] + mu * vr : vr;
            double wr = wIn[i] - c.lr() * upd;
            double tolW = 4 * U * (Math.abs(wIn[i]) + Math.abs(c.lr()) * (Math.abs(g[i]) + Math.abs(mu * vr) + Math.abs(vr)))
                    + Math.abs(c.lr()) * tolV * (1 + mu);
            Expect.close("momentum v", i, v[i], vr, tolV + Tolerance.ulp(vr) / 2);
            Expect.close("momentum w", i, w[i], wr, tolW + Tolerance.ulp(wr) / 2);
        }
    }

    /** AdaGrad: h += g²; w −= lr·g/(√h + eps). */
    @Property(tries = 1000)
    default void adagradStepMatchesOracle(@ForAll("optCases") OptCase c) {
        float[] w = c.w(), g = c.g(), h = c.state(3, true), wIn = w.clone(), hIn = h.clone();
        backend().adagradStep(c.n(), c.lr(), c.eps(), w, c.off(), g, c.off(), h, c.off());
        for (int i = c.off(); i < c.off() + c.n(); i++) {
            double gi = g[i], hr = hIn[i] + gi * gi, tolH = 2 * U * hr;
            checkScaledStep("adagrad", i, w[i], wIn[i], c.lr(), gi, hr, tolH, c.eps(), 0);
            Expect.close("adagrad h", i, h[i], hr, tolH + Tolerance.ulp(hr) / 2);
        }
    }

    /** RMSprop: s = ρs + (1 − ρ)g²; w −= lr·g/(√s + eps). */
    @Property(tries = 1000)
    default void rmspropStepMatchesOracle(@ForAll("optCases") OptCase c) {
        float rho = Math.min(c.a(), 0.999f);
        float[] w = c.w(), g = c.g(), s = c.state(3, true), wIn = w.clone(), sIn = s.clone();
        backend().rmspropStep(c.n(), c.lr(), rho, c.eps(), w, c.off(), g, c.off(), s, c.off());
        for (int i = c.off(); i < c.off() + c.n(); i++) {
            double gi = g[i], sr = rho * (double) sIn[i] + (1 - (double) rho) * gi * gi;
            double tolS = 4 * U * (rho * (double) sIn[i] + (1 - (double) rho) * gi * gi);
            checkScaledStep("rmsprop", i, w[i], wIn[i], c.lr(), gi, sr, tolS, c.eps(), 0);
            Expect.close("rmsprop s", i, s[i], sr, tolS + Tolerance.ulp(sr) / 2);
        }
    }

    /** w' = w − lr·num/(√den + eps), with den known to tolDen: the step's tolerance from its parts. */
    private static void checkScaledStep(String what, int i, float got, double w, double lr, double num, double den,
            double tolDen, double eps, double tolNum) {
        double root = Math.sqrt(den), q = num / (root + eps), ref = w - lr * q;
        double relQ = 6 * U + (den > 0 ? 0.5 * tolDen / den : 0) + (num != 0 ? tolNum / Math.abs(num) : 0);
        double tol = 3 * U * Math.abs(w) + Math.abs(lr * q) * relQ + Math.abs(lr) * tolNum / (root + eps)
                + Tolerance.ulp(ref) / 2;
        Expect.close(what + " w", i, got, ref, tol);
    }

    /**
     * Adam and AdamW: w −= lr·wd·w; m = β₁m + (1 − β₁)g; v = β₂v + (1 − β₂)g²; w −= lr·(m/c₁)/(√(v/c₂) + eps),
     * c = 1 − β^step.
     */
    @Property(tries = 1000)
    default void adamStepMatchesOracle(@ForAll("optCases") OptCase c) {
        Statistics.collect(c.weightDecay() == 0f ? "adam" : "adamw");
        float b1 = Math.min(c.a(), 0.99f), b2 = c.b();
        float[] w = c.w(), g = c.g(), m = c.state(3, false), v = c.state(4, true);
        float[] wIn = w.clone(), mIn = m.clone(), vIn = v.clone();
        backend().adamStep(c.n(), c.lr(), b1, b2, c.eps(), c.weightDecay(), c.step(), w, c.off(), g, c.off(), m,
                c.off(), v, c.off());
        double c1 = 1 - Math.pow(b1, c.step()), c2 = 1 - Math.pow(b2, c.step());
        for (int i = c.off(); i < c.off() + c.n(); i++) {
            double gi = g[i];
            double mr = b1 * (double) mIn[i] + (1 - (double) b1) * gi;
            double tolM = 4 * U * (Math.abs(b1 * (double) mIn[i]) + Math.abs((1 - (double) b1) * gi));
            double vr = b2 * (double) vIn[i] + (1 - (double) b2) * gi * gi, tolV = 4 * U * vr;
            Expect.close("adam m", i, m[i], mr, tolM + Tolerance.ulp(mr) / 2);
            Expect.close("adam v", i, v[i], vr, tolV + Tolerance.ulp(vr) / 2);
            double decayed = wIn[i] - (double) c.lr() * c.weightDecay() * wIn[i];
            double tolDecay = 3 * U * (Math.abs(wIn[i]) + Math.abs((double) c.lr() * c.weightDecay() * wIn[i]));
            double num = mr / c1, den = vr / c2;
            double tolNum = Math.abs(num) * 3 * U + tolM / c1, tolDen = den * 3 * U + tolV / c2;
            double root = Math.sqrt(den), q = num / (root + c.eps()), ref = decayed - c.lr() * q;
            double tol = tolDecay + 3 * U * Math.abs(decayed) + Math.abs(c.lr() * q) * (6 * U + 0.5 * tolDen / den)
                    + Math.abs(c.lr()) * tolNum / (root + c.eps()) + Tolerance.ulp(ref) / 2;
            Expect.close("adam w (step " + c.step() + ")", i, w[i], ref, tol);
        }
    }

    /** A NaN gradient makes the weight NaN in every optimiser (NaN never becomes a number). */
    @Property(tries = 1000)
    default void optimisersPropagateNaN(@ForAll("optCases") OptCase c0, @ForAll @IntRange(min = 0, max = 1000) int at) {
        if (c0.n() == 0) return;
        OptCase c = c0.lr() == 0f ? new OptCase(c0.n(), 0.1f, c0.a(), c0.b(), c0.eps(), c0.weightDecay(), c0.step(),
                c0.nesterov(), c0.off(), c0.seed()) : c0;
        int i = c.off() + at % c.n();
        Backend be = backend();
        for (int kind = 0; kind < 4; kind++) {
            float[] w = c.w(), g = c.g(), s1 = c.state(3, true), s2 = c.state(4, true);
            g[i] = Float.NaN;
            switch (kind) {
                case 0 -> be.momentumStep(c.n(), c.lr(), c.a(), c.nesterov(), w, c.off(), g, c.off(), s1, c.off());
                case 1 -> be.adagradStep(c.n(), c.lr(), c.eps(), w, c.off(), g, c.off(), s1, c.off());
                case 2 -> be.rmspropStep(c.n(), c.lr(), Math.min(c.a(), 0.999f), c.eps(), w, c.off(), g, c.off(), s1, c.off());
                default -> be.adamStep(c.n(), c.lr(), Math.min(c.a(), 0.99f), c.b(), c.eps(), c.weightDecay(), c.step(),
                        w, c.off(), g, c.off(), s1, c.off(), s2, c.off());
            }
            String[] names = {"momentum", "adagrad", "rmsprop", "adam"};
            Expect.isTrue(Float.isNaN(w[i]), names[kind] + ": a NaN gradient gave the weight " + w[i]);
        }
    }
}
