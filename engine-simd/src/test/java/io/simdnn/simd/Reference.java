package io.simdnn.simd;

import io.simdnn.scalar.ReferenceMath;
import io.simdnn.spi.Activation;

/** Double-precision activations and derivatives, the ground truth the accuracy tests measure against. */
final class Reference {
    private Reference() {}

    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    static double sigmoid(double z) {
        double t = Math.exp(-Math.abs(z));
        return z >= 0 ? 1 / (1 + t) : t / (1 + t);
    }

    /** z·g with the limit (a signed zero) where the gate is exactly 0. */
    private static double gated(double z, double g) {
        return g == 0 ? (z < 0 ? -0.0 : 0.0) : z * g;
    }

    static double forward(Activation f, double p, double z) {
        return switch (f) {
            case IDENTITY -> z;
            case SIGMOID -> sigmoid(z);
            case TANH -> Math.tanh(z);
            case HARD_SIGMOID -> Math.max(Math.min(0.25 * z + 0.5, 1), 0);
            case HARD_TANH -> Math.max(Math.min(z, 1), -1);
            case RELU -> Math.max(z, 0);
            case LEAKY_RELU -> z > 0 ? z : p * z;
            case ELU -> z > 0 ? z : p * Math.expm1(z);
            case SOFTPLUS -> Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
            case SWISH -> gated(z, sigmoid(p * z));
            case GELU -> gated(z, ReferenceMath.normalCdf(z));
            case GELU_TANH -> gated(z, sigmoid(2 * SQRT_2_OVER_PI * (z + 0.044715 * z * z * z)));
            case GELU_SIGMOID -> gated(z, sigmoid(1.702 * z));
        };
    }

    /** f'(z); a is f(z) as computed by the backend under test (sigmoid and tanh read it). */
    static double derivative(Activation f, double p, double z, double a) {
        return switch (f) {
            case IDENTITY -> 1;
            case SIGMOID -> a * (1 - a);
            case TANH -> 1 - a * a;
            case HARD_SIGMOID -> z > -2 && z < 2 ? 0.25 : Double.isNaN(z) ? z : 0;
            case HARD_TANH -> z > -1 && z < 1 ? 1 : Double.isNaN(z) ? z : 0;
            case RELU -> z > 0 ? 1 : Double.isNaN(z) ? z : 0;
            case LEAKY_RELU -> z > 0 ? 1 : Double.isNaN(z) ? z : p;
            case ELU -> z > 0 ? 1 : Double.isNaN(z) ? z : p * Math.exp(z);
            case SOFTPLUS -> sigmoid(z);
            case SWISH -> swishDerivative(p, z);
            case GELU -> ReferenceMath.normalCdf(z) + z * ReferenceMath.normalPdf(z);
            case GELU_TANH -> {
                double u = SQRT_2_OVER_PI * (z + 0.044715 * z * z * z);
                double t = Math.tanh(u);
                yield 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * z * z);
            }
            case GELU_SIGMOID -> swishDerivative(1.702, z);
        };
    }

    static double swishDerivative(double beta, double z) {
        double s = sigmoid(beta * z);
        return s + beta * z * s * (1 - s);
    }

    /**
     * The error of a float result in units of the last place of the reference, with the unit floored at
     * {@code floorUlp} (an absolute tolerance near zero). Results whose reference is below the normal float range
     * count as exact when they are (flushed) below it too. NaN and infinities must match exactly.
     */
    static double ulpError(float got, double want, double floorUlp) {
        if (Double.isNaN(want)) return Float.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        if (Float.isNaN(got)) return Double.POSITIVE_INFINITY;
        if (Double.isInfinite(want) || Float.isInfinite(got)) return got == want ? 0 : Double.POSITIVE_INFINITY;
        if (Math.abs(want) < Float.MIN_NORMAL && Math.abs(got) < Float.MIN_NORMAL) return 0;
        double ulp = Math.max(Math.ulp((float) Math.max(Math.abs(want), Float.MIN_NORMAL)), floorUlp);
        return Math.abs(got - want) / ulp;
    }
}
