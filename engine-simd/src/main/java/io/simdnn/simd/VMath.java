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
 * <p>On x86-64 the JDK's {@code lanewise(EXP)} calls the native SVML library; it measured faster than the
 * polynomial there (see docs/simd-accuracy.md), so {@link #NATIVE_EXP} chooses it by platform, overridable with
 * {@code -Dsimdnn.simd.nativeExp=true|false}. EXPM1 has no native version on JDK 25 (its Java fallback is ~30× slower),
 * so expm1 always uses the polynomial.
 */
final class VMath {
    private VMath() {}

    /** Whether exp uses the JDK's native vector math (SVML on x86-64) instead of the polynomial. */
    static final boolean NATIVE_EXP = Boolean.parseBoolean(System.getProperty("simdnn.simd.nativeExp",
            String.valueOf(isX86())));

    /** ln(Float.MIN_NORMAL): below it e^x is subnormal and is flushed to 0. */
    static final float EXP_MIN = -87.33654f;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float ROUND_MAGIC = 12582912f; // 1.5·2²³: adding and subtracting it rounds to an integer
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
            P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    static final float MIN_NORMAL = Float.MIN_NORMAL;

    private static boolean isX86() {
        String arch = System.getProperty("os.arch", "");
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    /** e^x for x ≤ 0 (or NaN); 0 below {@link #EXP_MIN}. */
    static FloatVector expNeg(FloatVector x) {
        FloatVector e = NATIVE_EXP ? x.lanewise(VectorOperators.EXP) : expNegPoly(x);
        return e.blend(FloatVector.zero(F), x.lt(EXP_MIN));
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

    /** σ(x) = 1/(1 + e^−x), as e^−|x| blended by sign: no overflow, no cancellation. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector t = expNeg(x.abs().neg());
        FloatVector s = FloatVector.broadcast(F, 1f).div(t.add(1f));
        return s.blend(t.mul(s), x.lt(0f));
    }

    /**
     * σ(h + l) for an argument carried as a float pair (|l| ≪ |h|), so that an argument that is itself a rounded
     * product (β·z, 1.702·z) keeps its full accuracy in the tails: e^−|h+l| = e^−|h|·(1 ∓ l).
     */
    static FloatVector sigmoid2(FloatVector h, FloatVector l) {
        VectorMask<Float> negative = h.lt(0f);
        FloatVector e = expNeg(h.abs().neg());
        FloatVector t = e.fma(l.blend(l.neg(), negative.not()), e);
        FloatVector s = FloatVector.broadcast(F, 1f).div(t.add(1f));
        return s.blend(t.mul(s), negative);
    }

    /** The rounding error of the float product a·b (0 where the product is not finite). */
    static FloatVector productError(FloatVector a, FloatVector b, FloatVector product) {
        FloatVector err = a.fma(b, product.neg());
        return err.blend(FloatVector.zero(F), err.test(VectorOperators.IS_NAN));
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

    /** ½·erfc(|z|/√2) = Φ(−|z|), the smaller tail probability, with full relative accuracy. */
    static FloatVector normalTail(FloatVector z) {
        FloatVector x = z.abs().mul(INV_SQRT2);
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
        FloatVector zh = z.mul(z);
        FloatVector zl = productError(z, z, zh);
        FloatVector g = expNeg(zh.mul(-0.5f));
        FloatVector q = expNeg(zl.fma(-0.5f, 0f).add(p));
        return t.mul(0.5f).mul(g).mul(q);
    }

    /** Φ(z) from the tail: Φ(z) = tail for z &lt; 0, 1 − tail otherwise. */
    static FloatVector normalCdf(FloatVector z, FloatVector tail) {
        return FloatVector.broadcast(F, 1f).sub(tail).blend(tail, z.lt(0f));
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
     * that much.
     */
    private static final double GELU_A = 2 * Math.sqrt(2 / Math.PI);
    private static final double GELU_B = GELU_A * 0.044715;
    static final float A_HI = (float) GELU_A, A_LO = (float) (GELU_A - A_HI);
    static final float B_HI = (float) GELU_B, B_LO = (float) (GELU_B - B_HI);
    /** Beyond this |z| GELU_TANH(z) is z or 0 in float; the float-pair argument is skipped (z³ may overflow). */
    static final float GELU_TANH_SATURATION = 12f;

    /** Returns σ(2u) for GELU_TANH with 2u carried as an exact-enough float pair. */
    static FloatVector geluTanhGate(FloatVector z) {
        FloatVector zc = z.max(-GELU_TANH_SATURATION).min(GELU_TANH_SATURATION);
        FloatVector z2h = zc.mul(zc);
        FloatVector z2l = zc.fma(zc, z2h.neg());
        FloatVector z3h = z2h.mul(zc);
        FloatVector z3l = z2h.fma(zc, z3h.neg()).add(z2l.mul(zc));
        FloatVector t1h = zc.mul(A_HI);
        FloatVector t1l = zc.fma(FloatVector.broadcast(F, A_HI), t1h.neg()).add(zc.mul(A_LO));
        FloatVector t2h = z3h.mul(B_HI);
        FloatVector t2l = z3h.fma(FloatVector.broadcast(F, B_HI), t2h.neg()).add(z3l.mul(B_HI))
                .add(z3h.mul(B_LO));
        // two-sum of the high parts (same sign, any order of magnitude)
        FloatVector sh = t1h.add(t2h);
        FloatVector bb = sh.sub(t1h);
        FloatVector err = t1h.sub(sh.sub(bb)).add(t2h.sub(bb));
        FloatVector lo = err.add(t1l).add(t2l);
        FloatVector hi = sh.add(lo);
        lo = lo.sub(hi.sub(sh));
        return sigmoid2(hi, lo);
    }
}
