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

/** Activations forward and backward, PReLU, learnable Swish and Maxout. */
public interface ActivationContract extends Contract {

    /** One element-wise activation call over n values of {@code scale}·tier at offset {@code off}. */
    record ActCase(Activation f, float p, int n, float scale, Tier tier, int off, boolean inPlace, long seed) {
        float[] z() {
            float[] z = Data.vector(new SplittableRandom(seed), tier, n, off, 2);
            for (int i = 0; i < n; i++) z[off + i] *= scale;
            return z;
        }

        float[] da() {
            return Data.vector(new SplittableRandom(~seed), Tier.REAL, n, off, 2);
        }
    }

    @Provide
    default Arbitrary<ActCase> actCases() {
        return Combinators.combine(Shapes.activations(), Shapes.parameters(), Shapes.length(300),
                Arbitraries.of(0.5f, 3f, 12f, 100f), Arbitraries.of(Tier.REAL, Tier.WIDE), Shapes.offsets(),
                Arbitraries.of(true, false), Shapes.seeds())
                .as((f, p, n, scale, tier, off, inPlace, seed) -> new ActCase(f, Shapes.parameter(f, p), n,
                        tier == Tier.WIDE ? 1f / 4096 : scale, tier, off, inPlace, seed))
                .withoutEdgeCases();
    }

    /**
     * a = f(z) within each activation's budget (exact for the piecewise-linear ones), in place or not; cells after
     * the output stay untouched; in place and out of place give identical bits.
     */
    @Property(tries = 1000)
    default void activateMatchesOracle(@ForAll("actCases") ActCase c) {
        Statistics.label("activation").collect(c.f());
        int l = lanes();
        Statistics.label("n").collect(c.n() < l ? "n < L" : c.n() % l != 0 ? "n % L != 0" : "n % L == 0");
        Statistics.label("activation").coverage(k -> {
            for (Activation f : Activation.values()) k.check(f).percentage(p -> p >= 3);
        });
        Statistics.label("n").coverage(k -> {
            k.check("n < L").percentage(p -> p >= 10);
            k.check("n % L != 0").percentage(p -> p >= 10);
        });
        float[] z = c.z(), a = z.clone();
        if (!c.inPlace()) java.util.Arrays.fill(a, Data.GUARD);
        float[] before = a.clone();
        backend().activate(c.f(), c.p(), c.n(), z, c.off(), c.inPlace() ? z : a, c.off());
        float[] out = c.inPlace() ? z : a;
        float[] zIn = c.z();
        for (int i = 0; i < c.n(); i++) {
            double zi = zIn[c.off() + i];
            double ref = Oracle.activation(c.f(), c.p(), zi);
            Expect.close(c.f() + "(" + zIn[c.off() + i] + ")", i, out[c.off() + i], ref,
                    Tolerance.forward(c.f(), c.p(), zi, ref));
        }
        Expect.untouchedOutside("a", out, c.inPlace() ? zIn : before, i -> i >= c.off() && i < c.off() + c.n());
        float[] other = c.z();
        float[] otherOut = c.inPlace() ? new float[other.length] : other;
        backend().activate(c.f(), c.p(), c.n(), other, c.off(), otherOut, c.off());
        for (int i = 0; i < c.n(); i++) {
            Expect.identical("in place vs out of place", new float[] {otherOut[c.off() + i]}, new float[] {out[c.off() + i]});
        }
    }

    /**
     * Special inputs: ±0, subnormals, the smallest normal, the exp edges ±87.33654 and ±88.72283 with their float
     * neighbours, tanh's ±9.011, the kinks, huge values, ±∞ and NaN. NaN gives NaN; ±∞ gives the oracle's limit, or
     * for the products z·σ(βz) and z·Φ(z) at −∞ (∞·0 in the formula) either 0 or NaN; finite values follow the budget.
     */
    @Property(tries = 1000)
    default void activateSpecialValues(@ForAll("activations") Activation f, @ForAll("parameters") float p0) {
        float p = Shapes.parameter(f, p0);
        float[] z = specialValues();
        float[] a = new float[z.length];
        backend().activate(f, p, z.length, z, 0, a, 0);
        for (int i = 0; i < z.length; i++) {
            double ref = Oracle.activation(f, p, z[i]);
            String what = f + "(" + z[i] + ") with p = " + p;
            if (Float.isNaN(z[i])) {
                Expect.isTrue(Float.isNaN(a[i]), what + " = " + a[i] + ", expected NaN");
            } else if (Float.isInfinite(z[i]) && Double.isNaN(ref)) {
                Expect.isTrue(Float.isNaN(a[i]) || a[i] == 0f, what + " = " + a[i] + ", expected 0 or NaN");
            } else {
                Expect.close(what, i, a[i], ref, Tolerance.forward(f, p, z[i], ref));
            }
        }
    }

    /**
     * Large arguments, |z| from 1e-3 up to 1e4 (log-uniform, either sign), forward and backward against the float64
     * oracle within the same budgets. σ' and tanh' are held to 8 ulp with no absolute slack: a derivative formed as
     * a(1 − a) or 1 − a² from the rounded output (0 at z = 20 where σ' = 2.06e-9; 2–5e-4 relative error at |z| = 5)
     * fails.
     */
    @Property(tries = 300)
    default void activationsAtLargeArguments(@ForAll("activations") Activation f, @ForAll("parameters") float p0,
            @ForAll("lengths") int n, @ForAll("seed") long seed) {
        float p = Shapes.parameter(f, p0);
        SplittableRandom r = new SplittableRandom(seed);
        float[] z = new float[n], a = new float[n], da = new float[n], dz = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) ((r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextDouble(-3, 4)));
            da[i] = r.nextBoolean() ? 1f : (float) r.nextDouble(-2, 2);
        }
        checkForwardAndBackward(f, p, z, a, da, dz);
    }

    @Provide
    default Arbitrary<Integer> lengths() {
        return Shapes.length(70);
    }

    /**
     * The derivative at the special inputs and where σ' and tanh' are tiny but normal (|z| = 5, 10, 17, 20, 30, 40,
     * 80, 87): NaN gives NaN; the kinks follow {@link Activation}'s conventions (hard tanh' is 0 at ±1, hard
     * sigmoid' 0 at ±2, ReLU' 0 at 0); infinite z is checked where the oracle's limit is a number.
     */
    @Property(tries = 200)
    default void activateBackwardSpecialValues(@ForAll("activations") Activation f, @ForAll("parameters") float p0) {
        float p = Shapes.parameter(f, p0);
        float[] special = specialValues();
        float[] tiny = {5f, 10f, 17f, 20f, 30f, 40f, 43f, 80f, 87f, 1e4f};
        float[] z = java.util.Arrays.copyOf(special, special.length + 2 * tiny.length);
        for (int i = 0; i < tiny.length; i++) {
            z[special.length + 2 * i] = tiny[i];
            z[special.length + 2 * i + 1] = -tiny[i];
        }
        float[] a = new float[z.length], da = new float[z.length], dz = new float[z.length];
        java.util.Arrays.fill(da, 1f);
        checkForwardAndBackward(f, p, z, a, da, dz);
    }

    /** activate then activateBackward on z; each finite result (or the NaN of a NaN input) against the oracle. */
    private void checkForwardAndBackward(Activation f, float p, float[] z, float[] a, float[] da, float[] dz) {
        int n = z.length;
        backend().activate(f, p, n, z, 0, a, 0);
        backend().activateBackward(f, p, n, z, 0, a, 0, da, 0, dz, 0);
        for (int i = 0; i < n; i++) {
            String what = f + " at z = " + z[i] + ", p = " + p;
            if (Float.isNaN(z[i])) {
                // the identity's derivative does not depend on z: its dz is da
                boolean dzOk = f == Activation.IDENTITY ? dz[i] == da[i] : Float.isNaN(dz[i]);
                Expect.isTrue(Float.isNaN(a[i]) && dzOk, what + ": " + a[i] + ", " + dz[i]);
                continue;
            }
            double ref = Oracle.activation(f, p, z[i]);
            if (!Double.isNaN(ref)) Expect.close(what + ": f", i, a[i], ref, Tolerance.forward(f, p, z[i], ref));
            double d = da[i] * Oracle.derivative(f, p, z[i], a[i]);
            if (!Double.isNaN(d)) Expect.close(what + ": da*f'", i, dz[i], d, Tolerance.backward(f, p, z[i], da[i], d));
        }
    }

    /** The special inputs of {@link #activateSpecialValues}. */
    static float[] specialValues() {
        float[] edges = {87.33654f, 88.72283f, 9.011f, 88.38f, 20f, 2f, 1f, 1e-3f};
        java.util.List<Float> v = new java.util.ArrayList<>(java.util.List.of(0f, -0f, Float.MIN_VALUE,
                -Float.MIN_VALUE, 3e-40f, -3e-40f, Float.MIN_NORMAL, -Float.MIN_NORMAL, 1e30f, -1e30f,
                Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN));
        for (float e : edges) {
            for (float s : new float[] {e, -e}) {
                v.add(s);
                v.add(Math.nextUp(s));
                v.add(Math.nextDown(s));
            }
        }
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) out[i] = v.get(i);
        return out;
    }

    @Provide
    default Arbitrary<Activation> activations() {
        return Shapes.activations();
    }

    @Provide
    default Arbitrary<Float> parameters() {
        return Shapes.parameters();
    }

    /**
     * dz = da·f'(z) against the oracle, where a is the subject's own f(z) as the SPI requires; dz overwrites, and
     * may alias da exactly.
     */
    @Property(tries = 1000)
    default void activateBackwardMatchesOracle(@ForAll("actCases") ActCase c) {
        Statistics.collect(c.f());
        Backend be = backend();
        float[] z = c.z(), a = new float[z.length], da = c.da();
        be.activate(c.f(), c.p(), c.n(), z, c.off(), a, c.off());
        float[] dz = c.inPlace() ? da : Data.vector(new SplittableRandom(c.seed()), Tier.WIDE, c.n(), c.off(), 2);
        float[] daIn = da.clone();
        be.activateBackward(c.f(), c.p(), c.n(), z, c.off(), a, c.off(), da, c.off(), dz, c.off());
        for (int i = 0; i < c.n(); i++) {
            int e = c.off() + i;
            double ref = daIn[e] * Oracle.derivative(c.f(), c.p(), z[e], a[e]);
            Expect.close(c.f() + "'(" + z[e] + ") * " + daIn[e], i, dz[e], ref,
                    Tolerance.backward(c.f(), c.p(), z[e], daIn[e], ref));
        }
    }

    /**
     * The backward kernel against central finite differences of the forward in double, (f(z + h) − f(z − h))/2h, on
     * inputs at least 2h from every kink: checks the derivative formulas themselves, not only their rounding.
     */
    @Property(tries = 1000)
    default void activateBackwardMatchesFiniteDifferences(@ForAll("activations") Activation f,
            @ForAll("parameters") float p0, @ForAll @IntRange(min = 1, max = 9) int n, @ForAll("seed") long seed) {
        float p = Shapes.parameter(f, p0);
        SplittableRandom r = new SplittableRandom(seed);
        float[] z = new float[n], da = Data.uniform(r, n, -2, 2), a = new float[n], dz = new float[n];
        for (int i = 0; i < n; i++) {
            float v;
            do {
                v = (float) r.nextDouble(-6, 6);
            } while (Math.abs(v) < 1e-3 || Math.abs(Math.abs(v) - 1) < 1e-3 || Math.abs(Math.abs(v) - 2) < 1e-3);
            z[i] = v;
        }
        backend().activate(f, p, n, z, 0, a, 0);
        backend().activateBackward(f, p, n, z, 0, a, 0, da, 0, dz, 0);
        for (int i = 0; i < n; i++) {
            double h = 1e-5 * Math.max(1, Math.abs(z[i]));
            double fd = (Oracle.activation(f, p, z[i] + h) - Oracle.activation(f, p, z[i] - h)) / (2 * h);
            double ref = da[i] * fd;
            double tol = Tolerance.backward(f, p, z[i], da[i], ref) + 1e-6 * Math.abs(da[i]) * (1 + Math.abs(fd));
            Expect.close(f + "'(" + z[i] + ") by finite differences, p = " + p, i, dz[i], ref, tol);
        }
    }

    /** NaN in z (and so in a) gives NaN in a and dz (but for the identity); NaN in da gives NaN in dz. */
    @Property(tries = 1000)
    default void activationsPropagateNaN(@ForAll("actCases") ActCase c, @ForAll @IntRange(min = 0, max = 1000) int pick) {
        Backend be = backend();
        float[] z = c.z(), a = new float[z.length], da = c.da(), dz = new float[z.length];
        int nanZ = c.off() + pick % c.n(), nanDa = c.off() + (pick * 7 + 3) % c.n();
        z[nanZ] = Float.NaN;
        be.activate(c.f(), c.p(), c.n(), z, c.off(), a, c.off());
        Expect.isTrue(Float.isNaN(a[nanZ]), c.f() + "(NaN) = " + a[nanZ]);
        da[nanDa] = Float.NaN;
        be.activateBackward(c.f(), c.p(), c.n(), z, c.off(), a, c.off(), da, c.off(), dz, c.off());
        // Identity's derivative does not depend on z: its dz is da even where z is NaN.
        if (c.f() != Activation.IDENTITY) {
            Expect.isTrue(Float.isNaN(dz[nanZ]), c.f() + " backward at z = NaN gave " + dz[nanZ]);
        }
        Expect.isTrue(Float.isNaN(dz[nanDa]), c.f() + " backward with da = NaN gave " + dz[nanDa]);
    }

    /**
     * Exact tier of the piecewise-linear activations: dyadic inputs (multiples of 1/8 up to ±8) and dyadic slopes
     * make every result representable, so forward and backward must be exact.
     */
    @Property(tries = 1000)
    default void piecewiseLinearExactTier(@ForAll("piecewiseLinear") Activation f,
            @ForAll("dyadicSlopes") float p, @ForAll("elementCounts") int n, @ForAll("seed") long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] z = new float[n], da = new float[n], a = new float[n], dz = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = r.nextInt(-64, 65) / 8f;
            da[i] = r.nextInt(-16, 17) / 4f;
        }
        backend().activate(f, p, n, z, 0, a, 0);
        backend().activateBackward(f, p, n, z, 0, a, 0, da, 0, dz, 0);
        for (int i = 0; i < n; i++) {
            Expect.same(f + "(" + z[i] + ")", i, a[i], (float) Oracle.activation(f, p, z[i]));
            Expect.same(f + "'(" + z[i] + ")·" + da[i], i, dz[i], (float) (da[i] * Oracle.derivative(f, p, z[i], a[i])));
        }
    }

    @Provide
    default Arbitrary<Activation> piecewiseLinear() {
        return Arbitraries.of(Activation.IDENTITY, Activation.RELU, Activation.LEAKY_RELU, Activation.HARD_TANH,
                Activation.HARD_SIGMOID);
    }

    @Provide
    default Arbitrary<Float> dyadicSlopes() {
        return Arbitraries.of(0f, 0.125f, 0.25f, 0.5f, -0.5f, 2f);
    }

    @Provide
    default Arbitrary<Integer> elementCounts() {
        return Shapes.length(100);
    }

    /** The subject's activations agree with the scalar reference within the sum of both budgets. */
    @Property(tries = 1000)
    default void activateAgreesWithScalarReference(@ForAll("actCases") ActCase c) {
        float[] z = c.z(), a1 = new float[z.length], a2 = new float[z.length];
        backend().activate(c.f(), c.p(), c.n(), z, c.off(), a1, c.off());
        reference().activate(c.f(), c.p(), c.n(), z, c.off(), a2, c.off());
        for (int i = c.off(); i < c.off() + c.n(); i++) {
            double ref = Oracle.activation(c.f(), c.p(), z[i]);
            Expect.close(c.f() + "(" + z[i] + ") vs scalar", i, a1[i], a2[i], 2 * Tolerance.forward(c.f(), c.p(), z[i], ref));
        }
    }

    // ------------------------------------------------------------------------------------------ PReLU, Swish, Maxout

    /** A row-block case: m×n values in [−scale, scale], per-column parameters, offset, in place or not. */
    record BlockCase(int m, int n, float scale, int off, boolean inPlace, long seed) {
        float[] values(long salt, float s) {
            return scaled(m * n, salt, s);
        }

        /** One parameter per column. */
        float[] params(long salt, float s) {
            return scaled(n, salt, s);
        }

        private float[] scaled(int count, long salt, float s) {
            float[] v = Data.vector(new SplittableRandom(seed ^ salt), Tier.REAL, count, off, 2);
            for (int i = 0; i < count; i++) v[off + i] *= s;
            return v;
        }
    }

    @Provide
    default Arbitrary<BlockCase> blockCases() {
        return Combinators.combine(Shapes.size(20, true), Shapes.size(40, true), Arbitraries.of(1f, 4f, 30f),
                Shapes.offsets(), Arbitraries.of(true, false), Shapes.seeds()).as(BlockCase::new).withoutEdgeCases();
    }

    /** PReLU forward: z for z &gt; 0, else γⱼ·z: one rounding, so exact. */
    @Property(tries = 1000)
    default void preluIsExact(@ForAll("blockCases") BlockCase c) {
        float[] z = c.values(1, c.scale()), gamma = c.params(2, 1f), a = c.inPlace() ? z : new float[z.length];
        float[] zIn = z.clone();
        backend().prelu(c.m(), c.n(), z, c.off(), gamma, c.off(), a, c.off());
        for (int i = 0; i < c.m() * c.n(); i++) {
            float v = zIn[c.off() + i];
            Expect.same("prelu(" + v + ")", i, a[c.off() + i], v > 0 ? v : gamma[c.off() + i % c.n()] * v);
        }
    }

    /** PReLU backward: dz = da·(z &gt; 0 ? 1 : γⱼ) exactly; dGamma accumulates Σᵢ da·min(z, 0) within the bound. */
    @Property(tries = 1000)
    default void preluBackwardMatchesOracle(@ForAll("blockCases") BlockCase c) {
        float[] z = c.values(1, c.scale()), gamma = c.params(2, 1f), da = c.values(3, 1f);
        float[] dGamma = c.params(4, 1f), dGammaIn = dGamma.clone(), daIn = da.clone();
        float[] dz = c.inPlace() ? da : new float[z.length];
        backend().preluBackward(c.m(), c.n(), z, c.off(), gamma, c.off(), da, c.off(), dz, c.off(), dGamma, c.off());
        for (int j = 0; j < c.n(); j++) {
            double sum = dGammaIn[c.off() + j], abs = Math.abs(sum);
            for (int i = 0; i < c.m(); i++) {
                int e = c.off() + i * c.n() + j;
                double term = (double) daIn[e] * Math.min(z[e], 0f);
                sum += term;
                abs += Math.abs(term);
                Expect.same("prelu dz", e, dz[e], z[e] > 0 ? daIn[e] : daIn[e] * gamma[c.off() + j]);
            }
            Expect.close("dGamma", j, dGamma[c.off() + j], sum, Tolerance.reduction(c.m() + 1, abs) + Tolerance.ulp(sum));
        }
    }

    /** Learnable Swish forward z·σ(βⱼz) within the Swish budget. */
    @Property(tries = 1000)
    default void swishMatchesOracle(@ForAll("blockCases") BlockCase c) {
        float[] z = c.values(1, c.scale()), beta = c.params(2, 2f), a = c.inPlace() ? z : new float[z.length];
        float[] zIn = z.clone();
        backend().swish(c.m(), c.n(), z, c.off(), beta, c.off(), a, c.off());
        for (int i = 0; i < c.m() * c.n(); i++) {
            double b = beta[c.off() + i % c.n()], v = zIn[c.off() + i];
            double ref = Oracle.activation(Activation.SWISH, b, v);
            Expect.close("swish(" + v + ", beta " + b + ")", i, a[c.off() + i], ref,
                    Tolerance.forward(Activation.SWISH, b, v, ref));
        }
    }

    /**
     * Learnable Swish backward: dz = da·f'(z) within the Swish backward budget; dBeta accumulates Σᵢ da·z²·s(1 − s)
     * within the reduction bound plus 4u·|da|·z² per term (s(1 − s) of a rounded s is accurate only absolutely).
     */
    @Property(tries = 1000)
    default void swishBackwardMatchesOracle(@ForAll("blockCases") BlockCase c) {
        float[] z = c.values(1, c.scale()), beta = c.params(2, 2f), da = c.values(3, 1f);
        float[] dBeta = c.params(4, 1f), dBetaIn = dBeta.clone(), daIn = da.clone();
        float[] dz = c.inPlace() ? da : new float[z.length];
        backend().swishBackward(c.m(), c.n(), z, c.off(), beta, c.off(), da, c.off(), dz, c.off(), dBeta, c.off());
        for (int j = 0; j < c.n(); j++) {
            double b = beta[c.off() + j], sum = dBetaIn[c.off() + j], abs = Math.abs(sum), perTerm = 0;
            for (int i = 0; i < c.m(); i++) {
                int e = c.off() + i * c.n() + j;
                double v = z[e], g = daIn[e];
                double s = Oracle.sigmoid(b * v), t = Oracle.sigmoid(-b * v);
                double term = g * v * v * s * t;
                sum += term;
                abs += Math.abs(term);
                perTerm += 8 * Tolerance.U * Math.abs(term) + 4 * Tolerance.U * Math.abs(g) * v * v;
                double ref = g * Oracle.swishDerivative(b, v);
                Expect.close("swish dz (z " + v + ", beta " + b + ")", e, dz[e], ref,
                        Tolerance.backward(Activation.SWISH, b, v, g, ref));
            }
            Expect.close("dBeta", j, dBeta[c.off() + j], sum,
                    Tolerance.reduction(c.m() + 1, abs) + perTerm + Tolerance.ulp(sum));
        }
    }

    /**
     * PReLU and learnable Swish backward against central finite differences in double of the scalar loss
     * L = Σ da·f(z; θ), for both dz and the parameter gradient.
     */
    @Property(tries = 1000)
    default void parametricBackwardMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 4) int m,
            @ForAll @IntRange(min = 1, max = 5) int n, @ForAll boolean swish, @ForAll("seed") long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] z = new float[m * n];
        for (int i = 0; i < z.length; i++) {
            float v;
            do {
                v = (float) r.nextDouble(-4, 4);
            } while (Math.abs(v) < 1e-3);
            z[i] = v;
        }
        float[] theta = Data.uniform(r, n, swish ? -2 : -0.5, 2), da = Data.uniform(r, m * n, -2, 2);
        float[] dz = new float[m * n], dTheta = new float[n];
        if (swish) backend().swishBackward(m, n, z, 0, theta, 0, da, 0, dz, 0, dTheta, 0);
        else backend().preluBackward(m, n, z, 0, theta, 0, da, 0, dz, 0, dTheta, 0);
        Activation f = swish ? Activation.SWISH : Activation.LEAKY_RELU;
        for (int e = 0; e < m * n; e++) {
            double p = theta[e % n], h = 1e-5 * Math.max(1, Math.abs(z[e]));
            double fd = da[e] * (Oracle.activation(f, p, z[e] + h) - Oracle.activation(f, p, z[e] - h)) / (2 * h);
            Expect.close(f + " dz by finite differences", e, dz[e], fd, 1e-5 * (1 + Math.abs(fd)));
        }
        for (int j = 0; j < n; j++) {
            double h = 1e-6, fd = 0, abs = 0;
            for (int i = 0; i < m; i++) {
                int e = i * n + j;
                double d = da[e] * (Oracle.activation(f, theta[j] + h, z[e]) - Oracle.activation(f, theta[j] - h, z[e])) / (2 * h);
                fd += d;
                abs += Math.abs(d);
            }
            Expect.close((swish ? "dBeta" : "dGamma") + " by finite differences", j, dTheta[j], fd, 1e-5 * (1 + abs));
        }
    }

    /** Maxout over small integers (many ties) and some NaN: the maximum piece, its first index, the first NaN. */
    @Property(tries = 1000)
    default void maxoutMatchesOracle(@ForAll @IntRange(min = 0, max = 12) int m, @ForAll("units") int units,
            @ForAll @IntRange(min = 1, max = 9) int pieces, @ForAll boolean withNaN, @ForAll("seed") long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int in = m * units * pieces, out = m * units;
        float[] z = new float[in + 2];
        for (int i = 0; i < in; i++) z[i + 1] = withNaN && r.nextInt(10) == 0 ? Float.NaN : r.nextInt(-3, 4);
        float[] a = new float[out + 3];
        java.util.Arrays.fill(a, Data.GUARD);
        float[] before = a.clone();
        int[] argmax = new int[out + 1];
        backend().maxout(m, units, pieces, z, 1, a, 1, argmax, 1);
        for (int u = 0; u < out; u++) {
            int best = 0;
            for (int p = 1; p < pieces; p++) {
                float v = z[1 + u * pieces + p], cur = z[1 + u * pieces + best];
                if (Float.isNaN(cur)) break;
                if (Float.isNaN(v) || v > cur) best = p;
            }
            Expect.same("maxout", u, a[1 + u], z[1 + u * pieces + best]);
            Expect.isTrue(argmax[1 + u] == best, "maxout argmax[" + u + "] = " + argmax[1 + u] + ", expected " + best);
        }
        Expect.untouchedOutside("maxout a", a, before, i -> i >= 1 && i <= out);
    }

    @Provide
    default Arbitrary<Integer> units() {
        return Shapes.size(20, true);
    }

    /** Maxout backward: dz (overwritten) is da at each argmax piece and 0 elsewhere, exactly. */
    @Property(tries = 1000)
    default void maxoutBackwardIsExact(@ForAll @IntRange(min = 0, max = 12) int m, @ForAll("units") int units,
            @ForAll @IntRange(min = 1, max = 9) int pieces, @ForAll("seed") long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int out = m * units;
        float[] da = Data.uniform(r, out, -1, 1);
        int[] argmax = new int[out];
        for (int u = 0; u < out; u++) argmax[u] = r.nextInt(pieces);
        float[] dz = Data.uniform(r, out * pieces + 2, 5, 6);
        float[] before = dz.clone();
        backend().maxoutBackward(m, units, pieces, da, 0, argmax, 0, dz, 1);
        for (int u = 0; u < out; u++) {
            for (int p = 0; p < pieces; p++) {
                Expect.same("maxout dz", u * pieces + p, dz[1 + u * pieces + p], p == argmax[u] ? da[u] : 0f);
            }
        }
        Expect.untouchedOutside("maxout dz", dz, before, i -> i >= 1 && i <= out * pieces);
    }
}
