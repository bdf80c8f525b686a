package io.simdnn.simd;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Availability;

/**
 * The availability self-test: the preferred width, then a few kernels (GEMM on its packed and m = 1 paths, a dot
 * product, sigmoid and tanh) on odd sizes against plain double arithmetic.
 */
final class SelfTest {
    private SelfTest() {}

    static Availability run() {
        String width = widthProblem(Lanes.F.vectorBitSize());
        if (width != null) return Availability.no(width);
        io.simdnn.spi.Backend b = SimdBackend.create(1);
        int m = 7, n = 19, k = 37;
        float[] a = new float[m * k], w = new float[n * k], c = new float[m * n], c1 = new float[n];
        for (int i = 0; i < a.length; i++) a[i] = ((i * 7919) % 23 - 11) / 8f;
        for (int i = 0; i < w.length; i++) w[i] = ((i * 104729) % 29 - 14) / 16f;
        b.gemm(false, true, m, n, k, 1f, a, 0, k, w, 0, k, 0f, c, 0, n);
        b.gemm(false, true, 1, n, k, 1f, a, 0, k, w, 0, k, 0f, c1, 0, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double) a[i * k + p] * w[j * k + p];
                // inputs are multiples of 1/128 with small numerators: every sum is exact in float
                if (c[i * n + j] != (float) s || (i == 0 && c1[j] != (float) s)) {
                    return Availability.no("self-test failed: gemm(" + i + ", " + j + ") = " + c[i * n + j]
                            + ", expected " + s);
                }
            }
        }
        float dot = b.dot(k, a, 0, w, 0);
        double dotRef = 0;
        for (int p = 0; p < k; p++) dotRef += (double) a[p] * w[p];
        if (dot != (float) dotRef) return Availability.no("self-test failed: dot = " + dot + ", expected " + dotRef);
        float[] z = {-90f, -3.5f, -1f, -0.1f, 0f, 0.1f, 1f, 3.5f, 20f, Float.NaN, Float.NEGATIVE_INFINITY};
        float[] y = new float[z.length], t = new float[z.length];
        b.activate(Activation.SIGMOID, 0f, z.length, z, 0, y, 0);
        b.activate(Activation.TANH, 0f, z.length, z, 0, t, 0);
        for (int i = 0; i < z.length; i++) {
            double s = 1 / (1 + Math.exp(-(double) z[i])), th = Math.tanh(z[i]);
            if (!close(y[i], s) || !close(t[i], th)) {
                return Availability.no("self-test failed: sigmoid/tanh(" + z[i] + ") = " + y[i] + "/" + t[i]
                        + ", expected " + s + "/" + th);
            }
        }
        return Availability.yes("float " + Lanes.F.vectorBitSize() + "-bit, " + Lanes.L + " lanes"
                + (VMath.NATIVE_EXP ? ", native exp" : ", polynomial exp"));
    }

    /**
     * Why the kernels cannot run at this float vector width, or null: they are written and tested for 128, 256 and
     * 512 bits (4 to 16 lanes; the GEMM tile and the tests' lane edges are measured there). A wider vector (a future
     * SVE or AVX width) is refused rather than run untested, and {@link io.simdnn.spi.Backends} falls back to scalar.
     */
    static String widthProblem(int bits) {
        if (bits < 128) return "the float vector is " + bits + " bits wide (at least 128 needed)";
        if (bits > 512) {
            return "the float vector is " + bits + " bits wide; the simd backend supports 128, 256 and 512 bits"
                    + " (force one with -D" + SimdConfig.BITS + "=512)";
        }
        return null;
    }

    private static boolean close(float got, double want) {
        if (Double.isNaN(want)) return Float.isNaN(got);
        if (Math.abs(want) < Float.MIN_NORMAL) return Math.abs(got) < Float.MIN_NORMAL;
        return Math.abs(got - want) <= 8 * Math.ulp((float) want);
    }
}
