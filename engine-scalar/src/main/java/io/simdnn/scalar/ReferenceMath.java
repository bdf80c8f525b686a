package io.simdnn.scalar;

/**
 * Double-precision functions the JDK lacks (erf, erfc, the normal CDF), accurate to about 1e-14 relative: enough
 * to serve as a float32 reference.
 */
public final class ReferenceMath {
    private ReferenceMath() {}

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

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
