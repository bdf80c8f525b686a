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
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/** GEMM, the fused dense layer, bias addition and column sums. */
public interface GemmContract extends Contract {

    /** Storage of one GEMM call: offsets of A, B, C and the padding of each leading dimension. */
    record Layout(int aOff, int bOff, int cOff, int padA, int padB, int padC) {}

    /** One generated GEMM call; {@link #seed} fills the arrays. */
    record GemmCase(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta, Tier tier,
            Layout layout, long seed) {
        int lda() { return (transA ? m : k) + layout.padA(); }
        int ldb() { return (transB ? k : n) + layout.padB(); }
        int ldc() { return n + layout.padC(); }

        /** The operands A, B and C (C holds its initial values), guard cells around each. */
        float[][] operands() {
            SplittableRandom r = new SplittableRandom(seed);
            float[] a = transA ? Data.matrix(r, tier, k, m, layout.aOff(), Math.max(1, lda()), 2)
                    : Data.matrix(r, tier, m, k, layout.aOff(), Math.max(1, lda()), 2);
            float[] b = transB ? Data.matrix(r, tier, n, k, layout.bOff(), Math.max(1, ldb()), 2)
                    : Data.matrix(r, tier, k, n, layout.bOff(), Math.max(1, ldb()), 2);
            float[] c = Data.matrix(r, tier, m, n, layout.cOff(), Math.max(1, ldc()), 3);
            return new float[][] {a, b, c};
        }
    }

    @Provide
    default Arbitrary<GemmCase> gemmCases() {
        Arbitrary<Layout> layouts = Combinators.combine(Shapes.offsets(), Shapes.offsets(), Shapes.offsets(),
                Shapes.paddings(), Shapes.paddings(), Shapes.paddings()).as(Layout::new);
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
                Shapes.size(150, true), Shapes.size(150, true), Shapes.size(150, true), Shapes.scalars(),
                Shapes.scalars(), Shapes.tiers()).flatAs((ta, tb, m, n, k, alpha, beta, tier) ->
                Combinators.combine(layouts, Shapes.seeds()).as((layout, seed) -> new GemmCase(ta, tb, m, n, k,
                        tier == Tier.EXACT ? Shapes.exactScalar(alpha) : alpha,
                        tier == Tier.EXACT ? Shapes.exactScalar(beta) : beta, tier, layout, seed)))
                .filter(g -> (long) g.m() * g.n() * g.k() <= 400_000).withoutEdgeCases();
    }

    /** The float64 result of a GEMM and the bound of each element: c·γ_{k+2}·(|α|Σ|aᵢbᵢ| + |β·c|). */
    static double[][] gemmOracle(GemmCase g, float[] a, float[] b, float[] c) {
        double[] ref = new double[g.m() * g.n()], tol = new double[g.m() * g.n()];
        for (int i = 0; i < g.m(); i++) {
            for (int j = 0; j < g.n(); j++) {
                double sum = 0, abs = 0;
                for (int p = 0; p < g.k(); p++) {
                    double x = g.transA() ? Data.at(a, g.layout().aOff(), g.lda(), p, i) : Data.at(a, g.layout().aOff(), g.lda(), i, p);
                    double y = g.transB() ? Data.at(b, g.layout().bOff(), g.ldb(), j, p) : Data.at(b, g.layout().bOff(), g.ldb(), p, j);
                    sum += x * y;
                    abs += Math.abs(x * y);
                }
                double c0 = g.beta() == 0f ? 0 : g.beta() * (double) Data.at(c, g.layout().cOff(), g.ldc(), i, j);
                double alphaSum = g.alpha() == 0f ? 0 : g.alpha() * sum;
                ref[i * g.n() + j] = alphaSum + c0;
                tol[i * g.n() + j] = Tolerance.reduction(g.k() + 2, Math.abs(g.alpha()) * abs + Math.abs(c0))
                        + Tolerance.ulp(alphaSum + c0) / 2;
            }
        }
        return new double[][] {ref, tol};
    }

    private static void runGemm(Backend be, GemmCase g, float[] a, float[] b, float[] c) {
        be.gemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), g.alpha(), a, g.layout().aOff(), Math.max(1, g.lda()),
                b, g.layout().bOff(), Math.max(1, g.ldb()), g.beta(), c, g.layout().cOff(), Math.max(1, g.ldc()));
    }

    /**
     * C = α·op(A)·op(B) + β·C against the float64 oracle (exactly in the exact tier), for every transpose, padded
     * leading dimensions and offsets; guard cells around C and all of A and B stay untouched; a second call on the
     * same input gives the identical bits.
     */
    @Property(tries = 250, shrinking = ShrinkingMode.BOUNDED)
    default void gemmMatchesOracle(@ForAll("gemmCases") GemmCase g) {
        Statistics.label("transpose").collect((g.transA() ? "T" : "N") + (g.transB() ? "T" : "N"));
        int l = lanes();
        Statistics.label("k").collect(g.k() < l ? "k < L" : g.k() % l != 0 ? "k % L != 0" : "k % L == 0");
        Statistics.label("n").collect(g.n() < l ? "n < L" : g.n() % l != 0 ? "n % L != 0" : "n % L == 0");
        Statistics.label("tier").collect(g.tier());
        // The coverage checks turn "the tails were hit" into an assertion, evaluated after the last try.
        Statistics.label("transpose").coverage(c -> {
            for (String t : new String[] {"NN", "NT", "TN", "TT"}) c.check(t).percentage(p -> p >= 10);
        });
        Statistics.label("k").coverage(c -> {
            c.check("k < L").percentage(p -> p >= 10);
            c.check("k % L != 0").percentage(p -> p >= 10);
        });
        Statistics.label("n").coverage(c -> c.check("n % L != 0").percentage(p -> p >= 10));
        Statistics.label("tier").coverage(c -> {
            for (Tier t : Tier.values()) c.check(t).percentage(p -> p >= 10);
        });
        float[][] in = g.operands();
        float[] a = in[0].clone(), b = in[1].clone(), c = in[2].clone();
        runGemm(backend(), g, a, b, c);
        double[][] oracle = gemmOracle(g, in[0], in[1], in[2]);
        checkWindow("C", g, c, oracle);
        Expect.identical("A (input)", a, in[0]);
        Expect.identical("B (input)", b, in[1]);
        Expect.untouchedOutside("C", c, in[2], Expect.window(g.layout().cOff(), g.m(), g.n(), Math.max(1, g.ldc())));
        float[] again = in[2].clone();
        runGemm(backend(), g, in[0].clone(), in[1].clone(), again);
        Expect.identical("C of a second identical call", again, c);
    }

    private static void checkWindow(String what, GemmCase g, float[] c, double[][] oracle) {
        for (int i = 0; i < g.m(); i++) {
            for (int j = 0; j < g.n(); j++) {
                float got = Data.at(c, g.layout().cOff(), g.ldc(), i, j);
                double ref = oracle[0][i * g.n() + j];
                String name = what + " " + i + "," + j + " of " + g.m() + "x" + g.n();
                if (g.tier() == Tier.EXACT) Expect.same(name, i * g.n() + j, got, (float) ref);
                else Expect.close(name, i * g.n() + j, got, ref, oracle[1][i * g.n() + j]);
            }
        }
    }

    /**
     * Shapes that straddle the backend's declared blocking edges ({@link Backend#blockingEdges()}: cache blocks,
     * register tiles, small-m thresholds, lanes): one dimension at e − 1, e or e + 1, the others small, every
     * transpose, against the float64 oracle.
     */
    @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
    default void gemmStraddlesBlockingEdges(@ForAll @IntRange(min = 0, max = 63) int edgeIndex,
            @ForAll @IntRange(min = 0, max = 2) int dimension, @ForAll @IntRange(min = -1, max = 1) int delta,
            @ForAll boolean transA, @ForAll boolean transB, @ForAll @IntRange(min = 1, max = 9) int other1,
            @ForAll @IntRange(min = 1, max = 9) int other2, @ForAll("seed") long seed) {
        java.util.List<Integer> edges = backend().blockingEdges();
        int e = edges.isEmpty() ? 8 : edges.get(edgeIndex % edges.size());
        int size = Math.max(1, e + delta);
        Statistics.collect("edge " + e);
        int m = dimension == 0 ? size : other1, n = dimension == 1 ? size : dimension == 0 ? other1 : other2;
        int k = dimension == 2 ? size : other2;
        GemmCase g = new GemmCase(transA, transB, m, n, k, 1f, seed % 2 == 0 ? 0f : 0.5f, Tier.REAL,
                new Layout(1, 2, 3, 1, 0, 2), seed);
        float[][] in = g.operands();
        float[] c = in[2].clone();
        runGemm(backend(), g, in[0].clone(), in[1].clone(), c);
        checkWindow("C at edge " + e, g, c, gemmOracle(g, in[0], in[1], in[2]));
    }

    /** Long exact reductions (k up to 65,536, small integers): every backend must return the exact sum. */
    @Property(tries = 24)
    default void gemmExactTierLongK(@ForAll @IntRange(min = 1, max = 3) int m, @ForAll @IntRange(min = 1, max = 3) int n,
            @ForAll @IntRange(min = 1000, max = 65536) int k, @ForAll boolean transA, @ForAll boolean transB,
            @ForAll("seed") long seed) {
        GemmCase g = new GemmCase(transA, transB, m, n, k, seed % 2 == 0 ? 1f : -1f, 2f, Tier.EXACT,
                new Layout(1, 2, 3, 1, 0, 2), seed);
        float[][] in = g.operands();
        float[] c = in[2].clone();
        runGemm(backend(), g, in[0], in[1], c);
        checkWindow("C", g, c, gemmOracle(g, in[0], in[1], in[2]));
    }

    /** A transpose flag gives exactly the result of an explicitly transposed copy (exact tier). */
    @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
    default void transposeFlagEqualsExplicitCopy(@ForAll("gemmCases") GemmCase g0) {
        GemmCase g = new GemmCase(g0.transA(), g0.transB(), g0.m(), g0.n(), g0.k(), Shapes.exactScalar(g0.alpha()),
                Shapes.exactScalar(g0.beta()), Tier.EXACT, g0.layout(), g0.seed());
        float[][] in = g.operands();
        float[] c1 = in[2].clone();
        runGemm(backend(), g, in[0], in[1], c1);
        int m = g.m(), n = g.n(), k = g.k();
        float[] a = new float[m * k], b = new float[k * n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                a[i * k + p] = g.transA() ? Data.at(in[0], g.layout().aOff(), g.lda(), p, i) : Data.at(in[0], g.layout().aOff(), g.lda(), i, p);
            }
        }
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                b[p * n + j] = g.transB() ? Data.at(in[1], g.layout().bOff(), g.ldb(), j, p) : Data.at(in[1], g.layout().bOff(), g.ldb(), p, j);
            }
        }
        float[] c2 = in[2].clone();
        backend().gemm(false, false, m, n, k, g.alpha(), a, 0, Math.max(1, k), b, 0, Math.max(1, n), g.beta(), c2,
                g.layout().cOff(), Math.max(1, g.ldc()));
        Expect.same("C with transpose flags vs explicit copies", c1, c2);
    }

    /** α = 0 and β = 1 leave C bitwise unchanged, and A and B are not read (they hold NaN here). */
    @Property(tries = 200)
    default void alphaZeroBetaOneLeavesCUnchanged(@ForAll("gemmCases") GemmCase g) {
        float[][] in = g.operands();
        float[] a = in[0].clone(), b = in[1].clone(), c = in[2].clone();
        java.util.Arrays.fill(a, Float.NaN);
        java.util.Arrays.fill(b, Float.NaN);
        backend().gemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), 0f, a, g.layout().aOff(), Math.max(1, g.lda()),
                b, g.layout().bOff(), Math.max(1, g.ldb()), 1f, c, g.layout().cOff(), Math.max(1, g.ldc()));
        Expect.identical("C after alpha = 0, beta = 1", c, in[2]);
    }

    /** β = 0 makes C write-only: NaN in C does not reach the result. */
    @Property(tries = 120, shrinking = ShrinkingMode.BOUNDED)
    default void betaZeroIgnoresNaNInC(@ForAll("gemmCases") GemmCase g0) {
        GemmCase g = new GemmCase(g0.transA(), g0.transB(), g0.m(), g0.n(), g0.k(), g0.alpha(), 0f, g0.tier(),
                g0.layout(), g0.seed());
        float[][] in = g.operands();
        float[] c = in[2].clone();
        for (int i = 0; i < g.m(); i++) {
            for (int j = 0; j < g.n(); j++) c[g.layout().cOff() + i * g.ldc() + j] = Float.NaN;
        }
        float[] before = c.clone();
        runGemm(backend(), g, in[0], in[1], c);
        checkWindow("C (held NaN before, beta = 0)", g, c, gemmOracle(g, in[0], in[1], in[2]));
        Expect.untouchedOutside("C", c, before, Expect.window(g.layout().cOff(), g.m(), g.n(), Math.max(1, g.ldc())));
    }

    /**
     * Splitting K into two calls (the second with β = 1) matches one call: exactly in the exact tier, else within
     * the bound of both calls.
     */
    @Property(tries = 120, shrinking = ShrinkingMode.BOUNDED)
    default void splittingKMatchesOneCall(@ForAll("gemmCases") GemmCase g, @ForAll @IntRange(min = 0, max = 1000) int cut) {
        int k1 = g.k() == 0 ? 0 : cut % (g.k() + 1), k2 = g.k() - k1;
        Statistics.collect(k1 == 0 || k2 == 0 ? "one part empty" : "both parts non-empty");
        float[][] in = g.operands();
        float[] whole = in[2].clone();
        runGemm(backend(), g, in[0], in[1], whole);
        float[] split = in[2].clone();
        int aOff2 = g.layout().aOff() + (g.transA() ? k1 * g.lda() : k1);
        int bOff2 = g.layout().bOff() + (g.transB() ? k1 : k1 * g.ldb());
        Backend be = backend();
        be.gemm(g.transA(), g.transB(), g.m(), g.n(), k1, g.alpha(), in[0], g.layout().aOff(), Math.max(1, g.lda()),
                in[1], g.layout().bOff(), Math.max(1, g.ldb()), g.beta(), split, g.layout().cOff(), Math.max(1, g.ldc()));
        be.gemm(g.transA(), g.transB(), g.m(), g.n(), k2, g.alpha(), in[0], k2 == 0 ? 0 : aOff2, Math.max(1, g.lda()),
                in[1], k2 == 0 ? 0 : bOff2, Math.max(1, g.ldb()), 1f, split, g.layout().cOff(), Math.max(1, g.ldc()));
        double[][] oracle = gemmOracle(g, in[0], in[1], in[2]);
        for (int i = 0; i < g.m(); i++) {
            for (int j = 0; j < g.n(); j++) {
                int e = g.layout().cOff() + i * g.ldc() + j;
                if (g.tier() == Tier.EXACT) Expect.same("C split at k = " + k1, e, split[e], whole[e]);
                else Expect.close("C split at k = " + k1, e, split[e], whole[e], 2 * oracle[1][i * g.n() + j]);
            }
        }
    }

    /** A NaN in row i of op(A) makes row i of C NaN (α ≠ 0). */
    @Property(tries = 150)
    default void gemmPropagatesNaN(@ForAll("gemmCases") GemmCase g0, @ForAll @IntRange(min = 0, max = 10_000) int pick) {
        if (g0.m() == 0 || g0.n() == 0 || g0.k() == 0) return;
        GemmCase g = new GemmCase(g0.transA(), g0.transB(), g0.m(), g0.n(), g0.k(), g0.alpha() == 0f ? 1f : g0.alpha(),
                g0.beta(), g0.tier(), g0.layout(), g0.seed());
        float[][] in = g.operands();
        int row = pick % g.m(), p = pick % g.k();
        in[0][g.layout().aOff() + (g.transA() ? p * g.lda() + row : row * g.lda() + p)] = Float.NaN;
        runGemm(backend(), g, in[0], in[1], in[2]);
        for (int j = 0; j < g.n(); j++) {
            Expect.isTrue(Float.isNaN(Data.at(in[2], g.layout().cOff(), g.ldc(), row, j)),
                    "C[" + row + "][" + j + "] should be NaN: A[" + row + "][" + p + "] of op(A) is NaN");
        }
    }

    /** The subject agrees with the scalar reference within the sum of both budgets. */
    @Property(tries = 100, shrinking = ShrinkingMode.BOUNDED)
    default void gemmAgreesWithScalarReference(@ForAll("gemmCases") GemmCase g) {
        float[][] in = g.operands();
        float[] c1 = in[2].clone(), c2 = in[2].clone();
        runGemm(backend(), g, in[0], in[1], c1);
        runGemm(reference(), g, in[0], in[1], c2);
        double[][] oracle = gemmOracle(g, in[0], in[1], in[2]);
        for (int i = 0; i < g.m(); i++) {
            for (int j = 0; j < g.n(); j++) {
                int e = g.layout().cOff() + i * g.ldc() + j;
                Expect.close("C vs scalar", e, c1[e], c2[e], 2 * oracle[1][i * g.n() + j]);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ dense layer, bias

    /** One generated denseForward call. */
    record DenseCase(int m, int n, int k, Activation f, float p, boolean bias, Tier tier, Layout layout, long seed) {}

    @Provide
    default Arbitrary<DenseCase> denseCases() {
        Arbitrary<Layout> layouts = Combinators.combine(Shapes.offsets(), Shapes.offsets(), Shapes.offsets(),
                Shapes.paddings(), Shapes.paddings(), Shapes.paddings()).as(Layout::new);
        return Combinators.combine(Shapes.size(70, false), Shapes.size(70, false), Shapes.size(70, true),
                Shapes.activations(), Shapes.parameters(), Arbitraries.of(true, false), layouts, Shapes.seeds())
                .as((m, n, k, f, p, bias, layout, seed) -> new DenseCase(m, n, k, f, Shapes.parameter(f, p), bias,
                        Tier.REAL, layout, seed)).withoutEdgeCases();
    }

    /**
     * C = f(A·Wᵀ + bias) against the oracle: the pre-activation within the reduction bound, then f's budget plus
     * |f'(z)| times that bound (the pre-activation error carried through f).
     */
    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    default void denseForwardMatchesOracle(@ForAll("denseCases") DenseCase d) {
        Statistics.collect(d.f());
        Layout l = d.layout();
        int lda = d.k() + l.padA(), ldw = d.k() + l.padB(), ldc = d.n() + l.padC();
        SplittableRandom r = new SplittableRandom(d.seed());
        Tier tier = d.tier();
        float[] a = Data.matrix(r, tier, d.m(), d.k(), l.aOff(), Math.max(1, lda), 1);
        float[] w = Data.matrix(r, tier, d.n(), d.k(), l.bOff(), Math.max(1, ldw), 1);
        float[] bias = d.bias() ? Data.vector(r, tier, d.n(), 1, 1) : null;
        float[] c = Data.matrix(r, tier, d.m(), d.n(), l.cOff(), ldc, 2);
        float[] before = c.clone();
        backend().denseForward(d.m(), d.n(), d.k(), a, l.aOff(), Math.max(1, lda), w, l.bOff(), Math.max(1, ldw), bias,
                1, d.f(), d.p(), c, l.cOff(), ldc);
        for (int i = 0; i < d.m(); i++) {
            for (int j = 0; j < d.n(); j++) {
                double z = bias == null ? 0 : bias[1 + j], abs = Math.abs(z);
                for (int p = 0; p < d.k(); p++) {
                    double prod = (double) Data.at(a, l.aOff(), lda, i, p) * Data.at(w, l.bOff(), ldw, j, p);
                    z += prod;
                    abs += Math.abs(prod);
                }
                double zTol = Tolerance.reduction(d.k() + 1, abs) + Tolerance.ulp(z);
                double ref = Oracle.activation(d.f(), d.p(), z);
                double slope = Math.abs(Oracle.derivative(d.f(), d.p(), z, ref));
                slope = Math.max(slope, Math.abs(Oracle.derivative(d.f(), d.p(), z + zTol, Oracle.activation(d.f(), d.p(), z + zTol))));
                slope = Math.max(slope, Math.abs(Oracle.derivative(d.f(), d.p(), z - zTol, Oracle.activation(d.f(), d.p(), z - zTol))));
                if (d.f() == Activation.HARD_SIGMOID || d.f() == Activation.HARD_TANH || d.f() == Activation.RELU
                        || d.f() == Activation.LEAKY_RELU || d.f() == Activation.ELU) {
                    slope = Math.max(slope, d.f().hasParameter() ? Math.max(1, Math.abs(d.p())) : 1);
                }
                double tol = Tolerance.forward(d.f(), d.p(), z, ref) + 1.01 * slope * zTol + Tolerance.ulp(ref);
                Expect.close("dense C " + i + "," + j, i * d.n() + j, Data.at(c, l.cOff(), ldc, i, j), ref, tol);
            }
        }
        Expect.untouchedOutside("C", c, before, Expect.window(l.cOff(), d.m(), d.n(), ldc));
    }

    /** C += bias row by row: one float addition per element, so exact; ld padding untouched. */
    @Property(tries = 1000)
    default void addBiasIsExact(@ForAll("rows") int m, @ForAll("cols") int n, @ForAll("pad") int pad,
            @ForAll("pad") int off, @ForAll("seed") long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int ldc = Math.max(1, n + pad);
        float[] c = Data.matrix(r, Tier.WIDE, m, n, off, ldc, 2);
        float[] bias = Data.vector(r, Tier.WIDE, n, off, 1);
        float[] before = c.clone();
        backend().addBias(m, n, bias, off, c, off, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int e = off + i * ldc + j;
                Expect.same("C + bias", e, c[e], before[e] + bias[off + j]);
            }
        }
        Expect.untouchedOutside("C", c, before, Expect.window(off, m, n, ldc));
    }

    /** out = β·out + Σᵢ A[i][j]: exact in the exact tier, else within c·γ_{m+1}·(Σ|A[i][j]| + |β·out|). */
    @Property(tries = 1000)
    default void columnSumsMatchOracle(@ForAll("rows") int m, @ForAll("cols") int n, @ForAll("pad") int pad,
            @ForAll("pad") int off, @ForAll("betas") float beta, @ForAll("tier") Tier tier, @ForAll("seed") long seed) {
        Statistics.collect(m < 8 ? "m < 8" : m % 8 != 0 ? "m % 8 != 0" : "m % 8 == 0");
        SplittableRandom r = new SplittableRandom(seed);
        int lda = Math.max(1, n + pad);
        float[] a = Data.matrix(r, tier, m, n, off, lda, 1);
        float[] out = Data.vector(r, tier, n, off, 2);
        float b = tier == Tier.EXACT ? Shapes.exactScalar(beta) : beta;
        if (b == 0f) for (int j = 0; j < n; j++) out[off + j] = Float.NaN;
        float[] before = out.clone();
        backend().columnSums(m, n, a, off, lda, b, out, off);
        for (int j = 0; j < n; j++) {
            double s = b == 0f ? 0 : b * (double) before[off + j], abs = Math.abs(s);
            for (int i = 0; i < m; i++) {
                s += Data.at(a, off, lda, i, j);
                abs += Math.abs(Data.at(a, off, lda, i, j));
            }
            if (tier == Tier.EXACT) Expect.same("column sum", j, out[off + j], (float) s);
            else Expect.close("column sum", j, out[off + j], s, Tolerance.reduction(m + 1, abs) + Tolerance.ulp(s) / 2);
        }
        Expect.untouchedOutside("out", out, before, i -> i >= off && i < off + n);
    }

    @Provide
    default Arbitrary<Integer> rows() {
        return Shapes.size(40, true);
    }

    @Provide
    default Arbitrary<Integer> cols() {
        return Shapes.size(70, true);
    }

    @Provide
    default Arbitrary<Integer> pad() {
        return Arbitraries.integers().between(0, 3);
    }

    @Provide
    default Arbitrary<Float> betas() {
        return Shapes.scalars();
    }

    @Provide
    default Arbitrary<Tier> tier() {
        return Shapes.tiers();
    }
}
