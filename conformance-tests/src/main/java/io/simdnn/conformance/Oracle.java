package io.simdnn.conformance;

import io.simdnn.spi.Activation;

/**
 * Float64 reference formulas, written independently of every backend: the kit judges backends against these.
 * Inputs are the float values a backend received, widened exactly to double.
 */
public final class Oracle {
    private Oracle() {}

    static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    static final double GELU_CUBIC = 0.044715;
    static final double GELU_SIGMOID_SCALE = 1.702;

    /** 1/(1 + e^−z), without overflow for either sign. */
    public static double sigmoid(double z) {
        if (z >= 0) return 1 / (1 + Math.exp(-z));
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** f(z) with parameter p. */
    public static double activation(Activation f, double p, double z) {
        return switch (f) {
            case IDENTITY -> z;
            case SIGMOID -> sigmoid(z);
            case TANH -> Math.tanh(z);
            case HARD_SIGMOID -> z <= -2 ? 0 : z >= 2 ? 1 : Double.isNaN(z) ? z : 0.25 * z + 0.5;
            case HARD_TANH -> z <= -1 ? -1 : z >= 1 ? 1 : z;
            case RELU -> z > 0 ? z : Double.isNaN(z) ? z : 0;
            case LEAKY_RELU -> z > 0 ? z : p * z;
            case ELU -> z > 0 ? z : p * Math.expm1(z);
            case SOFTPLUS -> z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
            case SWISH -> z * sigmoid(p * z);
            case GELU -> z * normalCdf(z);
            case GELU_TANH -> 0.5 * z * (1 + Math.tanh(SQRT_2_OVER_PI * (z + GELU_CUBIC * z * z * z)));
            case GELU_SIGMOID -> z * sigmoid(GELU_SIGMOID_SCALE * z);
        };
    }

    /**
     * f'(z), with the kink conventions of {@link Activation}, from z (σ' = σ(z)·σ(−z) and tanh' = 1/cosh² z, so the
     * derivative keeps its relative accuracy where it is tiny; {@code a} is not used).
     */
    public static double derivative(Activation f, double p, double z, double a) {
        if (Double.isNaN(z)) return z;
        return switch (f) {
            case IDENTITY -> 1;
            case SIGMOID -> sigmoid(z) * sigmoid(-z);
            case TANH -> 1 / (Math.cosh(z) * Math.cosh(z));
            case HARD_SIGMOID -> z > -2 && z < 2 ? 0.25 : 0;
            case HARD_TANH -> z > -1 && z < 1 ? 1 : 0;
            case RELU -> z > 0 ? 1 : 0;
            case LEAKY_RELU -> z > 0 ? 1 : p;
            case ELU -> z > 0 ? 1 : p * Math.exp(z);
            case SOFTPLUS -> sigmoid(z);
            case SWISH -> swishDerivative(p, z);
            case GELU -> normalCdf(z) + z * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
            case GELU_TANH -> {
                double t = Math.tanh(SQRT_2_OVER_PI * (z + GELU_CUBIC * z * z * z));
                double sech2 = 1 / Math.pow(Math.cosh(SQRT_2_OVER_PI * (z + GELU_CUBIC * z * z * z)), 2);
                yield 0.5 * (1 + t) + 0.5 * z * sech2 * SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * z * z);
            }
            case GELU_SIGMOID -> swishDerivative(GELU_SIGMOID_SCALE, z);
        };
    }

    /** d/dz z·σ(βz) = σ(βz) + βz·σ(βz)·σ(−βz). */
    public static double swishDerivative(double beta, double z) {
        double s = sigmoid(beta * z);
        return s + beta * z * s * sigmoid(-beta * z);
    }

    /** Φ(z) = erfc(−z/√2)/2. */
    public static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /**
     * erfc(x). For |x| ≤ 2.5 via erf's series e^{−x²}·Σ 2ⁿx^{2n+1}/(1·3·…·(2n+1)), whose terms are all positive (no
     * cancellation); beyond, by the continued fraction e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))),
     * evaluated from a fixed depth upwards.
     */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x < -2.5) return 2 - erfc(-x);
        if (x <= 2.5) return 1 - erf(x);
        if (x > 27) return 0;
        double tail = x;
        for (int n = 200; n >= 1; n--) tail = x + (n * 0.5) / tail;
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / tail;
    }

    /** erf(x) for |x| ≤ 2.5 by the positive series; beyond, 1 − erfc. */
    public static double erf(double x) {
        if (Math.abs(x) > 2.5) return Math.signum(x) * (1 - erfc(Math.abs(x)));
        double x2 = x * x, term = x, sum = x;
        for (int n = 1; n < 400; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (Math.abs(term) < 1e-18 * Math.abs(sum)) break;
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum;
    }

    /** Largest element of a row of doubles, NaN if any is NaN. */
    public static double max(float[] x, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            if (Float.isNaN(x[off + j])) return Double.NaN;
            max = Math.max(max, x[off + j]);
        }
        return max;
    }

    /** log Σ exp(x − max) of a row, in double. */
    public static double logSumExpShifted(float[] x, int off, int n, double max) {
        double sum = 0;
        for (int j = 0; j < n; j++) sum += Math.exp(x[off + j] - max);
        return Math.log(sum);
    }
}
