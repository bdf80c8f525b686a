package io.simdnn.conformance;

import io.simdnn.spi.Activation;

/**
 * The tolerance policy of the kit (stated in full in {@code docs/conformance.md}).
 *
 * <ul>
 *   <li>Reductions of length k (dot products, GEMM entries, sums): |x − y| ≤ c·γ_k·Σ|aᵢbᵢ| with
 *       γ_k = k·u/(1 − k·u), u = 2⁻²⁴ and c = {@value #REDUCTION_FACTOR}, Σ computed in double. The bound holds for any
 *       summation order, with or without fused multiply-add, so it never flakes; it is scaled by Σ|aᵢbᵢ| and not by
 *       the result, which may cancel to zero.</li>
 *   <li>Element-wise functions: a budget in ulps of the correctly rounded result, or an absolute floor where the
 *       relative error of a float formula is meaningless (outputs far below the inputs' scale).</li>
 *   <li>The exact tier: small integers make every product and partial sum representable, so every backend must
 *       return the oracle's value exactly (+0 and −0 count as equal).</li>
 * </ul>
 */
public final class Tolerance {
    private Tolerance() {}

    /** The unit roundoff of float32, 2⁻²⁴. */
    public static final double U = 0x1p-24;

    /** The constant c of the reduction bound c·γ_k·Σ|aᵢbᵢ|. */
    public static final int REDUCTION_FACTOR = 2;

    /**
     * Absolute floor for transcendental results: values below 2⁻¹⁰⁰ may be flushed to 0 (a vectorised exp returns 0
     * below −87.3 rather than a subnormal).
     */
    public static final double TINY = 0x1p-100;

    /** γ_k = k·u/(1 − k·u). */
    public static double gamma(long k) {
        double ku = k * U;
        return ku / (1 - ku);
    }

    /** The reduction bound c·γ_k·absSum. */
    public static double reduction(long k, double absSum) {
        return REDUCTION_FACTOR * gamma(k) * absSum;
    }

    /** The spacing of floats at {@code x} (x rounded to float first). */
    public static double ulp(double x) {
        float f = (float) x;
        return Float.isFinite(f) ? Math.ulp(f) : Math.ulp(Float.MAX_VALUE);
    }

    /**
     * The distance in units in the last place between two floats, counting +0 and −0 as equal: the raw bits are
     * mapped to a monotonic integer scale (negative values to 0x80000000 − bits). Undefined for NaN.
     */
    public static long ulpDistance(float x, float y) {
        return Math.abs(ordered(x) - ordered(y));
    }

    private static long ordered(float x) {
        int bits = Float.floatToRawIntBits(x);
        return bits >= 0 ? bits : (long) Integer.MIN_VALUE - bits;
    }

    /**
     * Ulp budget of each activation's forward value against the correctly rounded result. The exp-based ones allow
     * a vectorised exp of up to about 2.7 ulp (a degree-6 Taylor polynomial) composed with a few roundings: for
     * sigmoid t·1/(1 + t) with t = e^−|z| that is 2·2.7 + 2.5 ≈ 8 ulp of the result.
     */
    public static int forwardUlps(Activation f) {
        return switch (f) {
            case IDENTITY, RELU, HARD_TANH -> 0;
            case LEAKY_RELU, HARD_SIGMOID -> 1;
            case SIGMOID, TANH, ELU, SOFTPLUS -> 8;
            case SWISH, GELU_SIGMOID, GELU, GELU_TANH -> 10;
        };
    }

    /**
     * Tolerance of an activation's forward value: the ulp budget, plus for z·σ(βz) (swish, and gelu_sigmoid with
     * β = 1.702) the relative error 2u·|βz| that rounding the argument βz to float causes where σ is small, or an
     * absolute floor: {@link #TINY} for every transcendental; 4u·|p| for ELU (e^z − 1 cancels for z near 0⁻); 4u for
     * softplus (log of a rounded 1 + e^z for z ≪ 0); 4u·|z| for GELU and its tanh form (z·(1 + erf) and
     * z·(1 + tanh) cancel for z &lt; 0).
     */
    public static double forward(Activation f, double p, double z, double ref) {
        double tol = forwardUlps(f) * ulp(ref);
        if (f == Activation.SWISH) tol += 2 * U * Math.abs(p * z * ref);
        if (f == Activation.GELU_SIGMOID) tol += 2 * U * Math.abs(1.702 * z * ref);
        double floor = switch (f) {
            case IDENTITY, RELU, HARD_TANH, LEAKY_RELU, HARD_SIGMOID -> 0;
            case SIGMOID, TANH, SWISH, GELU_SIGMOID -> TINY;
            case ELU -> Math.max(TINY, 4 * U * Math.abs(p));
            case SOFTPLUS -> 4 * U;
            case GELU, GELU_TANH -> Math.max(TINY, 4 * U * Math.abs(z));
        };
        return Math.max(tol, floor);
    }

    /**
     * Tolerance of dz = da·f'(z): 8 ulps of the result plus an absolute term u·|da|·M, M bounding the magnitude of the
     * parts of f' that a float formula may compute with absolute (not relative) accuracy, such as 1 − a² for tanh
     * near saturation or s(1 − s) of a rounded sigmoid s (the guide's advice: absolute tolerances for backward passes).
     */
    public static double backward(Activation f, double p, double z, double da, double ref) {
        double parts = switch (f) {
            case IDENTITY, RELU, HARD_TANH, LEAKY_RELU, HARD_SIGMOID -> 0;
            case SIGMOID, TANH -> 0;
            case SOFTPLUS -> 4;
            case ELU -> 4 * Math.abs(p);
            case SWISH -> 4 * (1 + Math.abs(p * z));
            case GELU_SIGMOID -> 4 * (1 + 1.702 * Math.abs(z));
            case GELU -> 4 * (1 + Math.abs(z));
            case GELU_TANH -> 4 * (1 + Math.abs(z) * (1 + 0.14 * z * z));
        };
        double finite = Double.isFinite(parts) ? parts : 0;
        return 8 * ulp(ref) + (finite * U + TINY) * Math.abs(da);
    }
}
