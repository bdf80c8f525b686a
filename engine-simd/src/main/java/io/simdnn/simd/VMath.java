package io.simdnn.simd;

import static io.simdnn.simd.Lanes.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Vectorised transcendental building blocks. Each method is small enough for C2 to inline into the kernel loops that
 * call it, so the vectors never leave registers (no boxing, no allocation).
 *
 * <h2>exp on (−∞, 0]</h2>
 * Every kernel needs e^x only for x ≤ 0 (e^−|z|, e^(x − max), e^(−z²/2)), so overflow cannot happen and the scaling
 * by 2ⁿ is one exponent field. Range reduction: n = round(x·log₂e) by adding and subtracting 1.5·2²³, then
 * r = x − n·ln2_hi − n·ln2_lo where ln2_hi has 9 significant bits, so n·ln2_hi is exact for |n| ≤ 126 and r is
 * accurate to ~2⁻³³; |r| ≤ ln2/2. Then e^r − 1 = r + r²·P(r) with P the degree-5 single-precision minimax
 * polynomial of Cephes' expf, and 2ⁿ is built from the bits (n + 127) &lt;&lt; 23. Inputs below ln(2⁻¹²⁶) =
 * −87.33654 give exactly 0 (the true value is subnormal: none are manufactured), −∞ gives 0 and NaN stays NaN.
 * The same reduction gives expm1 without cancellation: e^x − 1 = 2ⁿ·(e^r − 1) + (2ⁿ − 1), one FMA.
 *
 * <p>The JDK's {@code lanewise(EXP)} calls the native SVML library on x86-64 once C2 has compiled the caller, but runs
 * a per-lane {@code Math.exp} fallback before that: the two differ in the last bit, so a kernel may return other bits
 * while it warms up. It is the default on x86-64 all the same: it keeps the kernels small enough for C2 to inline
 * whole, where the polynomial made some callers exceed C2's inlining budget in some runs (and then box their
 * vectors on every call). {@code -Dsimdnn.simd.nativeExp=false} selects the polynomial, whose bits are the same in
 * every JIT tier and on every platform. EXPM1 has no native version on JDK 25 (its Java fallback is ~30× slower), so
 * expm1 always uses the polynomial.
 */
final class VMath {
    private VMath() {}

    /** Whether exp uses the JDK's native vector math (SVML on x86-64) instead of the polynomial. */
    static final boolean NATIVE_EXP = SimdConfig.nativeExp();

    /** ln(Float.MIN_NORMAL): below it e^x is subnormal and is flushed to 0. */
    static final float EXP_MIN = -87.33654f;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float ROUND_MAGIC = 12582912f; // 1.5·2²³: adding and subtracting it rounds to an integer
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
            P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    static final float MIN_NORMAL = Float.MIN_NORMAL;

    /** e^x for x ≤ 0 (or NaN); 0 below {@link #EXP_MIN}. */
    static FloatVector expNeg(FloatVector x) {
        FloatVector e = NATIVE_EXP ? x.lanewise(VectorOperators.EXP) : expNegPoly(x);
        return e.blend(FloatVector.zero(F), x.lt(EXP_MIN));
    }

    /**
     * log(1 + t) for t in [0, 1] (or NaN), without the JDK's LOG1P, whose native and fallback versions differ in the
     * last bit. With s = t/(2 + t) ≤ 1/3, log(1 + t) = 2·atanh(s) = 2s·(1 + s²/3 + s⁴/5 + …); eight terms leave a
     * truncation error below 2⁻²⁷ relative, so the result is within about 2 ulp.
     */
    static FloatVector log1pUnit(FloatVector t) {
        FloatVector s = t.div(t.add(2f)), s2 = s.mul(s);
        FloatVector p = s2.fma(1f / 15, 1f / 13);
        p = p.fma(s2, FloatVector.broadcast(F, 1f / 11));
        p = p.fma(s2, FloatVector.broadcast(F, 1f / 9));
        p = p.fma(s2, FloatVector.broadcast(F, 1f / 7));
        p = p.fma(s2, FloatVector.broadcast(F, 1f / 5));
        p = p.fma(s2, FloatVector.broadcast(F, 1f / 3));
        p = p.fma(s2, FloatVector.broadcast(F, 1f));
        return s.add(s).mul(p);
    }

    /** The polynomial e^x for x ≤ 0 (without the final flush, which {@link #expNeg} applies). */
    static FloatVector expNegPoly(FloatVector x) {
        FloatVector n = x.fma(LOG2E, ROUND_MAGIC).sub(ROUND_MAGIC);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector em1 = expm1Reduced(r);
        return em1.add(1f).mul(twoToThe(n));
    }

    /** e^x − 1 for x ≤ 0 (or NaN), accurate near 0; exactly −1 below {@link #EXP_MIN}. */
    static FloatVector expm1Neg(FloatVector x) {
        FloatVector n = x.fma(LOG2E, ROUND_MAGIC).sub(ROUND_MAGIC);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector em1 = expm1Reduced(r);
        FloatVector s = twoToThe(n);
        return em1.fma(s, s.sub(1f)).blend(FloatVector.broadcast(F, -1f), x.lt(EXP_MIN));
    }

    /** e^r − 1 = r + r²·P(r) for |r| ≤ ln2/2. */
    private static FloatVector expm1Reduced(FloatVector r) {
        FloatVector p = r.fma(P0, P1);
        p = p.fma(r, FloatVector.broadcast(F, P2));
        p = p.fma(r, FloatVector.broadcast(F, P3));
        p = p.fma(r, FloatVector.broadcast(F, P4));
        p = p.fma(r, FloatVector.broadcast(F, P5));
        return p.fma(r.mul(r), r);
    }

    /** 2ⁿ for integral n in [−126, 127], from the exponent bits. */
    private static FloatVector twoToThe(FloatVector n) {
        IntVector bits = (IntVector) n.convert(VectorOperators.F2I, 0);
        return bits.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    /**
     * σ(x) = 1/(1 + e^−x). With the native exp it is that formula as written, which needs nothing more: e^−x
     * overflowing to ∞ gives the exact limit 0, and 1 + e^−x ≈ e^−x keeps e^−x's relative error for x &lt; 0; only a
     * result below the normal range is flushed. The polynomial exists only on (−∞, 0], so it takes e^−|x| and blends
     * by sign. (The native form runs 1.3× faster: it keeps fewer vectors live across the call into SVML.)
     */
    static FloatVector sigmoid(FloatVector x) {
        if (NATIVE_EXP) {
            FloatVector s = FloatVector.broadcast(F, 1f).div(x.neg().lanewise(VectorOperators.EXP).add(1f));
            return s.blend(FloatVector.zero(F), s.lt(MIN_NORMAL));
        }
        FloatVector t = expNeg(x.abs().neg());
        FloatVector s = FloatVector.broadcast(F, 1f).div(t.add(1f));
        return s.blend(t.mul(s), x.lt(0f));
    }

    /*
     * Gates (σ, Φ) multiply z: z·σ(βz) is a normal float down to z ≈ −91 although σ is subnormal there. So the gates
     * are computed scaled by 2²⁴ (GATE_SCALE), with an exp that reaches down to ln(2⁻¹⁵⁰) without leaving the normal
     * range, and the product is scaled back once: (z·G)·2⁻²⁴ rounds exactly as z·σ would, and only a result below
     * the normal range is flushed.
     */
    static final float GATE_SCALE = 0x1p24f, GATE_UNSCALE = 0x1p-24f;
    /** ln(2⁻¹⁵⁰): below it even the scaled exp is 0. */
    static final float EXP_SCALED_MIN = -103.97208f;

    /** e^x·2²⁴ for x ≤ 0 (or NaN), normal down to {@link #EXP_SCALED_MIN}, 0 below (the polynomial, scaled exactly). */
    static FloatVector expNegScaled(FloatVector x) {
        FloatVector n = x.fma(LOG2E, ROUND_MAGIC).sub(ROUND_MAGIC);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector e = expm1Reduced(r).add(1f).mul(twoToThe(n.add(24f)));
        return e.blend(FloatVector.zero(F), x.lt(EXP_SCALED_MIN));
    }

    /**
     * σ(h + l)·2²⁴ from T = e^−|h+l|·2²⁴: s = 1/(1 + t) (t = T·2⁻²⁴ taken inside an FMA, so no subnormal is formed)
     * and σ = s for h ≥ 0, t·s otherwise.
     */
    static FloatVector sigmoidScaled(FloatVector h, FloatVector tScaled) {
        FloatVector s = FloatVector.broadcast(F, 1f).div(tScaled.fma(FloatVector.broadcast(F, GATE_UNSCALE),
                FloatVector.broadcast(F, 1f)));
        return s.mul(GATE_SCALE).blend(tScaled.mul(s), h.lt(0f));
    }

    /** 1/(1 + t) from T = t·2²⁴. */
    static FloatVector reciprocalOnePlus(FloatVector tScaled) {
        return FloatVector.broadcast(F, 1f).div(tScaled.fma(FloatVector.broadcast(F, GATE_UNSCALE),
                FloatVector.broadcast(F, 1f)));
    }

    /** The rounding error of the float product a·b (0 where it is not finite: the product overflowed). */
    static FloatVector productError(FloatVector a, FloatVector b, FloatVector product) {
        FloatVector err = a.fma(b, product.neg());
        return err.blend(FloatVector.zero(F), err.test(VectorOperators.IS_FINITE).not());
    }

    /** tanh x = −expm1(−2|x|)/(expm1(−2|x|) + 2), sign restored bitwise (so tanh(−0) = −0). */
    static FloatVector tanh(FloatVector x) {
        FloatVector e = expm1Neg(x.abs().mul(-2f));
        FloatVector t = e.neg().div(e.add(2f));
        return copySign(t, x);
    }

    static FloatVector copySign(FloatVector magnitude, FloatVector sign) {
        IntVector s = sign.reinterpretAsInts().and(0x80000000);
        return magnitude.reinterpretAsInts().or(s).reinterpretAsFloats();
    }

    /**
     * The sum of the lanes in lane order, through {@code buffer} (at least L floats). Not reduceLanes(ADD): its order
     * is unspecified and differs between the interpreter and C2, so one call could round differently before and
     * after compilation. (Shuffle-based sums made C2 emit virtual calls in some compilations, which box.)
     */
    static float sumLanes(FloatVector v, float[] buffer) {
        v.intoArray(buffer, 0);
        float s = 0f;
        for (int q = 0; q < Lanes.L; q++) s += buffer[q];
        return s;
    }

    /** e^x for one float x ≤ 0 (tails of the vector loops), 0 below {@link #EXP_MIN} like the vector version. */
    static float expNegScalar(float x) {
        return x < EXP_MIN ? 0f : (float) Math.exp(x);
    }

    /** Results whose magnitude is below the normal range become (signed) zero. */
    static FloatVector flushSubnormal(FloatVector r) {
        return r.blend(r.mul(0f), r.abs().lt(MIN_NORMAL));
    }

    // ------------------------------------------------------------------------------------------- normal CDF

    /*
     * Φ(z) = ½·erfc(−z/√2). erfc(x) for x ≥ 0 is the Chebyshev fit of Numerical Recipes (erfcc, relative error
     * < 1.2e-7 everywhere): erfc(x) = t·exp(−x² + P(t)), t = 1/(1 + x/2). The factor e^(−x²) = e^(−z²/2) is taken
     * from the exact float pair z² = zh + zl (FMA), as e^(−zh/2)·e^(P(t) − zl/2), so that it keeps full relative
     * accuracy in the far tail where Φ is tiny; rounding in t and P(t) only moves the result by about an ulp.
     */
    private static final float INV_SQRT2 = 0.70710678118654752f;
    private static final float C0 = -1.26551223f, C1 = 1.00002368f, C2 = 0.37409196f, C3 = 0.09678418f,
            C4 = -0.18628806f, C5 = 0.27886807f, C6 = -1.13520398f, C7 = 1.48851587f, C8 = -0.82215223f,
            C9 = 0.17087277f;
    static final float INV_SQRT_2PI = 0.39894228040143268f;

    /** Beyond this |z| the tail Φ(−|z|)·|z| is below the float range even scaled; the tail is computed as 0. */
    static final float NORMAL_TAIL_LIMIT = 14.5f;

    /**
     * The factor of Φ(−|z|) = ½·t·e^(P(t) − zl/2)·e^(−zh/2) that needs no scaling (zh + zl = z² exactly, z clamped to
     * ±{@link #NORMAL_TAIL_LIMIT}), in two steps so that each kernel pass stays within C2's inlining budget: this
     * writes the exponent P(t) − zl/2 to {@code exponent[i]} and ½·t to {@code half[j]}; {@link #expNeg} of the
     * exponent times ½·t is the factor.
     */
    static void normalTailFactorParts(FloatVector z, float[] exponent, int i, float[] half, int j) {
        FloatVector az = z.abs().min(NORMAL_TAIL_LIMIT);
        FloatVector x = az.mul(INV_SQRT2);
        FloatVector t = FloatVector.broadcast(F, 1f).div(x.fma(0.5f, 1f));
        FloatVector p = t.fma(C9, C8);
        p = p.fma(t, FloatVector.broadcast(F, C7));
        p = p.fma(t, FloatVector.broadcast(F, C6));
        p = p.fma(t, FloatVector.broadcast(F, C5));
        p = p.fma(t, FloatVector.broadcast(F, C4));
        p = p.fma(t, FloatVector.broadcast(F, C3));
        p = p.fma(t, FloatVector.broadcast(F, C2));
        p = p.fma(t, FloatVector.broadcast(F, C1));
        p = p.fma(t, FloatVector.broadcast(F, C0));
        FloatVector zl = productError(az, az, az.mul(az));
        zl.mul(-0.5f).add(p).intoArray(exponent, i);
        t.mul(0.5f).intoArray(half, j);
    }

    /** Φ(z)·2²⁴ from the scaled tail: the tail for z &lt; 0, (1 − tail)·2²⁴ otherwise. */
    static FloatVector normalCdfScaled(FloatVector z, FloatVector tailScaled) {
        FloatVector upper = tailScaled.fma(FloatVector.broadcast(F, -GATE_UNSCALE), FloatVector.broadcast(F, 1f));
        return upper.mul(GATE_SCALE).blend(tailScaled, z.lt(0f));
    }

    /** φ(z) = e^(−z²/2)/√(2π), with z² taken exactly as a float pair. */
    static FloatVector normalPdf(FloatVector z) {
        FloatVector zh = z.mul(z);
        FloatVector zl = productError(z, z, zh);
        FloatVector g = expNeg(zh.mul(-0.5f));
        return g.fma(zl.mul(-0.5f), g).mul(INV_SQRT_2PI);
    }

    // ------------------------------------------------------------------------------------------- GELU tanh

    /*
     * GELU_TANH(z) = ½z(1 + tanh u), u = √(2/π)(z + 0.044715z³), rewritten as z·σ(2u) (1 + tanh u = 2σ(2u)), which
     * has no cancellation for negative z. 2u = A·z + B·z³ is evaluated as a float pair (error-free products with
     * FMA and a two-sum), because in the tail σ(2u) ≈ e^(2u) with |2u| up to 87 amplifies any rounding of 2u by
     * that much (the passes are in SimdElementwise).
     */
    private static final double GELU_A = 2 * Math.sqrt(2 / Math.PI);
    private static final double GELU_B = GELU_A * 0.044715;
    static final float A_HI = (float) GELU_A, A_LO = (float) (GELU_A - A_HI);
    static final float B_HI = (float) GELU_B, B_LO = (float) (GELU_B - B_HI);
    /** Beyond this |z| GELU_TANH(z) is z or 0 in float; the float-pair argument is skipped (z³ may overflow). */
    static final float GELU_TANH_SATURATION = 12f;

}
