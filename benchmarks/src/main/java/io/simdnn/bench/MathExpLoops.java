package io.simdnn.bench;

/**
 * The baseline the element-wise kernels are measured against: the loop a Java programmer writes with
 * {@link Math#exp} (float in, double arithmetic, float out), one element at a time. tanh and erf are written through
 * {@code Math.exp} too, so every function costs about one exp per element plus a few operations.
 */
public final class MathExpLoops {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double INV_SQRT_2 = 1 / Math.sqrt(2);

    private MathExpLoops() {}

    /** Applies the named function ("sigmoid", "tanh", "gelu", "gelu_tanh", "softplus", "exp") to n elements. */
    public static void apply(String function, int n, float[] x, float[] y) {
        switch (function) {
            case "sigmoid" -> sigmoid(n, x, y);
            case "tanh" -> tanh(n, x, y);
            case "gelu" -> gelu(n, x, y);
            case "gelu_tanh" -> geluTanh(n, x, y);
            case "softplus" -> softplus(n, x, y);
            case "exp" -> elu(n, x, y);
            default -> throw new IllegalArgumentException("no Math.exp loop for '" + function + "'");
        }
    }

    static void sigmoid(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i++) y[i] = (float) (1 / (1 + Math.exp(-x[i])));
    }

    static void tanh(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i++) y[i] = (float) tanh(x[i]);
    }

    /** Exact GELU x·Φ(x) = x·(1 + erf(x/√2))/2. */
    static void gelu(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i++) {
            double v = x[i];
            y[i] = (float) (0.5 * v * (1 + erf(v * INV_SQRT_2)));
        }
    }

    static void geluTanh(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i++) {
            double v = x[i];
            y[i] = (float) (0.5 * v * (1 + tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))));
        }
    }

    static void softplus(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i++) {
            double v = x[i];
            y[i] = (float) (Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
        }
    }

    /** ELU with α = 1: x for x &gt; 0, e^x − 1 otherwise (an exp per element on negative inputs). */
    static void elu(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i++) {
            double v = x[i];
            y[i] = (float) (v > 0 ? v : Math.exp(v) - 1);
        }
    }

    /** tanh through e^(−2|v|), which never overflows. */
    private static double tanh(double v) {
        double t = Math.exp(-2 * Math.abs(v));
        return Math.copySign((1 - t) / (1 + t), v);
    }

    /** erf by Abramowitz and Stegun 7.1.26: absolute error below 1.5e-7, one exp. */
    private static double erf(double v) {
        double u = Math.abs(v);
        double t = 1 / (1 + 0.3275911 * u);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        return Math.copySign(1 - poly * Math.exp(-u * u), v);
    }
}
