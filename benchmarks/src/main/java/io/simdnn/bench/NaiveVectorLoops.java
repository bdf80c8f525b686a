package io.simdnn.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise loops a Java programmer writes with the Vector API and the JDK's own vector math: the textbook
 * formula on {@code lanewise(EXP)} and {@code lanewise(TANH)} (SVML on x86-64), with no care for the tails (no
 * overflow guard, no cancellation-free forms, no subnormal flush). The engine's kernels hold documented error bounds
 * across the whole float range; this loop shows what that costs against the fastest thing the JDK offers. Same
 * formulas as {@link MathExpLoops}; the last partial vector goes through {@link MathExpLoops}.
 */
public final class NaiveVectorLoops {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);
    private static final float INV_SQRT_2 = (float) (1 / Math.sqrt(2));

    private NaiveVectorLoops() {}

    /** Applies the named function ("sigmoid", "tanh", "gelu", "gelu_tanh", "softplus", "exp") to n elements. */
    public static void apply(String function, int n, float[] x, float[] y) {
        int full = S.loopBound(n);
        switch (function) {
            case "sigmoid" -> sigmoid(full, x, y);
            case "tanh" -> tanh(full, x, y);
            case "gelu" -> gelu(full, x, y);
            case "gelu_tanh" -> geluTanh(full, x, y);
            case "softplus" -> softplus(full, x, y);
            case "exp" -> elu(full, x, y);
            default -> throw new IllegalArgumentException("no naive vector loop for '" + function + "'");
        }
        if (full < n) {
            float[] xs = java.util.Arrays.copyOfRange(x, full, n), ys = new float[n - full];
            MathExpLoops.apply(function, n - full, xs, ys);
            System.arraycopy(ys, 0, y, full, n - full);
        }
    }

    private static FloatVector load(float[] x, int i) {
        return FloatVector.fromArray(S, x, i);
    }

    static void sigmoid(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i += S.length()) {
            FloatVector e = load(x, i).neg().lanewise(VectorOperators.EXP);
            FloatVector.broadcast(S, 1f).div(e.add(1f)).intoArray(y, i);
        }
    }

    static void tanh(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i += S.length()) load(x, i).lanewise(VectorOperators.TANH).intoArray(y, i);
    }

    /** x·(1 + erf(x/√2))/2 with erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7). */
    static void gelu(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i += S.length()) {
            FloatVector v = load(x, i), u = v.mul(INV_SQRT_2).abs();
            FloatVector t = FloatVector.broadcast(S, 1f).div(u.fma(0.3275911f, 1f));
            FloatVector p = t.fma(1.061405429f, -1.453152027f);
            p = p.fma(t, FloatVector.broadcast(S, 1.421413741f));
            p = p.fma(t, FloatVector.broadcast(S, -0.284496736f));
            p = p.fma(t, FloatVector.broadcast(S, 0.254829592f)).mul(t);
            FloatVector erfAbs = p.mul(u.mul(u).neg().lanewise(VectorOperators.EXP)).neg().add(1f);
            FloatVector erf = erfAbs.blend(erfAbs.neg(), v.lt(0f));
            v.mul(0.5f).mul(erf.add(1f)).intoArray(y, i);
        }
    }

    static void geluTanh(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i += S.length()) {
            FloatVector v = load(x, i);
            FloatVector u = v.mul(v).mul(v).mul(0.044715f).add(v).mul(SQRT_2_OVER_PI);
            v.mul(0.5f).mul(u.lanewise(VectorOperators.TANH).add(1f)).intoArray(y, i);
        }
    }

    static void softplus(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i += S.length()) {
            FloatVector v = load(x, i);
            FloatVector e = v.abs().neg().lanewise(VectorOperators.EXP);
            v.max(0f).add(e.lanewise(VectorOperators.LOG1P)).intoArray(y, i);
        }
    }

    /** ELU with α = 1 as e^x − 1 for x ≤ 0 (EXPM1 has no native version on JDK 25; its fallback is ~30× slower). */
    static void elu(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i += S.length()) {
            FloatVector v = load(x, i);
            FloatVector e = v.lanewise(VectorOperators.EXP).sub(1f);
            e.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, i);
        }
    }
}
