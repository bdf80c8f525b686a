package io.simdnn.scalar;

import io.simdnn.spi.Activation;

/**
 * Double-precision reference functions: the JDK's missing erf, erfc and normal CDF (accurate to about 1e-14
 * relative), and every activation with its derivative. Enough to serve as a float32 reference: the scalar backend
 * rounds these, and other backends' accuracy tests measure against them.
 */
public final class ReferenceMath {
    private ReferenceMath() {}

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double GELU_CUBIC = 0.044715;
    private static final double GELU_SIGMOID_SCALE = 1.702;

    /** f(z) in double, for every activation. */
    public static double activation(Activation f, double p, double z) {
        return switch (f) {
            case IDENTITY -> z;
            case SIGMOID -> sigmoid(z);
            case TANH -> Math.tanh(z);
            case HARD_SIGMOID -> Math.max(Math.min(0.25 * z + 0.5, 1), 0);
            case HARD_TANH -> Math.max(Math.min(z, 1), -1);
            case RELU -> Math.max(z, 0);
            case LEAKY_RELU -> z > 0 ? z : p * z;
            case ELU -> z > 0 ? z : p * Math.expm1(z);
            case SOFTPLUS -> softplus(z);
            case SWISH -> gated(z, sigmoid(p * z));
            case GELU -> gated(z, normalCdf(z));
            case GELU_TANH -> gated(z, sigmoid(2 * SQRT_2_OVER_PI * (z + GELU_CUBIC * z * z * z))); // ½(1 + tanh u) = σ(2u)
            case GELU_SIGMOID -> gated(z, sigmoid(GELU_SIGMOID_SCALE * z));
        };
    }

    /** f'(z) in double, from z alone (a, the forward value, is not needed by any formula; kept for callers). */
    public static double activationDerivative(Activation f, double p, double z, double a) {
        return switch (f) {
            case IDENTITY -> 1;
            case SIGMOID -> sigmoid(z) * sigmoid(-z);
            case TANH -> sech2(z);
            case HARD_SIGMOID -> z > -2 && z < 2 ? 0.25 : Double.isNaN(z) ? z : 0;
            case HARD_TANH -> z > -1 && z < 1 ? 1 : Double.isNaN(z) ? z : 0;
            case RELU -> z > 0 ? 1 : Double.isNaN(z) ? z : 0;
            case LEAKY_RELU -> z > 0 ? 1 : Double.isNaN(z) ? z : p;
            case ELU -> z > 0 ? 1 : Double.isNaN(z) ? z : p * Math.exp(z);
            case SOFTPLUS -> sigmoid(z);
            case SWISH -> swishDerivative(p, z);
            case GELU -> normalCdf(z) + z * normalPdf(z);
            case GELU_TANH -> {
                double u = SQRT_2_OVER_PI * (z + GELU_CUBIC * z * z * z);
                double t = Math.tanh(u);
                yield 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * z * z);
            }
            case GELU_SIGMOID -> swishDerivative(GELU_SIGMOID_SCALE, z);
        };
    }

    /** z·g, where a gate of exactly 0 gives a zero of z's sign: the limit at z = ±∞ instead of ∞·0 = NaN. */
    public static double gated(double z, double g) {
        return g == 0 ? (z < 0 ? -0.0 : 0.0) : z * g;
    }

    /** The logistic function, without overflow for any z. */
    public static double sigmoid(double z) {
        // e^{-|z|} never overflows; the two branches are the same function.
        double t = Math.exp(-Math.abs(z));
        return z >= 0 ? 1 / (1 + t) : t / (1 + t);
    }

    /** sech² z = 4t/(1 + t)², t = e^−2|z|: relative accuracy for any z (1 − tanh² cancels). */
    public static double sech2(double z) {
        double t = Math.exp(-2 * Math.abs(z));
        return 4 * t / ((1 + t) * (1 + t));
    }

    /** log(1 + e^z), without overflow or cancellation. */
    public static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /** d/dz of z·σ(βz) = s + βz·s(1 − s), s = σ(βz). */
    public static double swishDerivative(double beta, double z) {
        double s = sigmoid(beta * z);
        return s + beta * z * s * (1 - s);
    }


    /** The error function. */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        if (Math.abs(x) < 3) return erfSeries(x);
        return x > 0 ? 1 - erfcContinuedFraction(x) : erfcContinuedFraction(-x) - 1;
    }

    /** The complementary error function 1 − erf(x), without cancellation for large x. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x >= 3) return erfcContinuedFraction(x);
        if (x <= -3) return 2 - erfcContinuedFraction(-x);
        return 1 - erfSeries(x);
    }

    /** Φ(x), the standard normal cumulative distribution function. */
    public static double normalCdf(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    /** φ(x), the standard normal density. */
    public static double normalPdf(double x) {
        return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    }

    // Maclaurin series: converges for all x; below |x| = 3 it loses at most ~4 digits to cancellation.
    private static double erfSeries(double x) {
        double x2 = x * x, term = x, sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x2 / n;
            double t = term / (2 * n + 1);
            sum += t;
            if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
        }
        return TWO_OVER_SQRT_PI * sum;
    }

    // Continued fraction for x >= 3 (modified Lentz): erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))).
    private static double erfcContinuedFraction(double x) {
        if (x > 27) return 0;
        double tiny = 1e-300, f = x, c = x, d = 0;
        for (int n = 1; n < 500; n++) {
            double an = n * 0.5;
            d = x + an * d;
            d = d == 0 ? tiny : d;
            c = x + an / c;
            c = c == 0 ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
