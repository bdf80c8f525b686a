package io.simdnn.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.simdnn.scalar.ScalarBackend;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every kernel of the SIMD backend against the scalar reference, on random and special inputs, at sizes around the
 * lane count, with offsets, padded leading dimensions and guard cells. Surefire runs this class once per forced
 * vector width (128, 256 and the preferred one).
 */
class KernelAgreementTest {
    static final Backend SIMD = new SimdBackend(2);
    static final Backend REF = new ScalarBackend();
    static final int L = Lanes.L;
    static final float GUARD = -12345.5f;
    static final float[] SPECIAL = {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            -87.33654f, -87.34f, -88.73f, 88.72283f, 88.73f, -103.98f, 9.011f, -9.011f, 0.625f, -0.625f, 1e-30f,
            -1e-30f, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MIN_VALUE, 1e30f, -1e30f, Float.MAX_VALUE,
            -Float.MAX_VALUE, 2f, -2f, 12f, -12f, 20f, -20f, -5.5f, 3.25f};
    static final int[] SIZES = {1, 2, L - 1, L, L + 1, 2 * L - 1, 2 * L + 1, 3 * L + 5, 61, 200};

    final SplittableRandom rnd = new SplittableRandom(20240601);

    float[] random(int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        return v;
    }

    /** Random values in a guarded array: off guard cells, n values, then guard cells. */
    float[] guarded(int off, int n, double scale) {
        float[] v = new float[off + n + 7];
        Arrays.fill(v, GUARD);
        for (int i = 0; i < n; i++) v[off + i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        return v;
    }

    /** Mixed random and special values. */
    float[] inputs(int off, int n) {
        float[] v = guarded(off, n, 6);
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(4) == 0) v[off + i] = SPECIAL[rnd.nextInt(SPECIAL.length)];
            else if (rnd.nextInt(3) == 0) v[off + i] = (float) ((rnd.nextDouble() * 2 - 1) * 100);
        }
        return v;
    }

    /** Equal (NaN, ±∞ included) or within tol. */
    static void assertClose(float want, float got, double tol, String what) {
        if (Float.compare(want, got) == 0 || want == got) return;
        if (!(Math.abs(want - got) <= tol)) fail(what + ": simd " + got + ", scalar " + want + ", tolerance " + tol);
    }

    static void assertUlps(String what, float[] want, float[] got, double ulps) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            double e = Reference.ulpError(got[i], want[i], Math.ulp(1f) / 64);
            if (!(e <= ulps) && !(Float.isNaN(want[i]) && Float.isNaN(got[i]))) {
                fail(what + " [" + i + "]: simd " + got[i] + ", scalar " + want[i] + " (" + e + " ulp > " + ulps + ")");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ GEMM

    @Test
    void gemmAgreesForAllTransposesSizesOffsetsAndBetas() {
        int[] dims = {1, 2, 5, 6, 7, L - 1, L + 1, 2 * L, 2 * L + 3, 13, 37, 70};
        float[][] alphaBeta = {{1f, 0f}, {-0.75f, 1f}, {1.5f, 0.5f}, {1f, 0f}};
        int cases = 0;
        for (int m : dims) {
            for (int n : dims) {
                for (int k : new int[] {1, 3, L + 1, 33, 300}) {
                    if (rnd.nextInt(3) != 0) continue;
                    float[] ab = alphaBeta[cases % alphaBeta.length];
                    checkGemm(cases % 4 >= 2, cases % 2 == 1, m, n, k, ab[0], ab[1], 3, 5);
                    cases++;
                }
            }
        }
        // larger than one cache block in every dimension, and the network shapes
        checkGemm(false, false, 150, 1100, 270, 1f, 0f, 0, 0);
        checkGemm(true, true, 150, 70, 270, 1f, 0.5f, 1, 2);
        checkGemm(false, true, 64, 256, 784, 1f, 0f, 0, 0);
        checkGemm(true, false, 256, 78, 64, 1f, 1f, 0, 0);
        checkGemm(false, true, 1, 256, 784, 1f, 0f, 0, 0);
        // the small-batch dot-product tiles: full, and with partial row and column groups
        checkGemm(false, true, 16, 256, 784, 1f, 0f, 0, 0);
        checkGemm(false, true, 11, 37, 300, -0.75f, 1f, 3, 5);
        checkGemm(false, true, 3, 5, L + 1, 1.5f, 0.5f, 1, 2);
        checkGemm(true, true, 1, 33, 70, -2f, 0.25f, 2, 3);
        checkGemm(true, false, 1, 40, 70, 1f, 0f, 2, 3);
    }

    private void checkGemm(boolean tA, boolean tB, int m, int n, int k, float alpha, float beta, int off, int pad) {
        int aRows = tA ? k : m, aCols = tA ? m : k, bRows = tB ? n : k, bCols = tB ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        float[] a = guarded(off, aRows * lda, 1), b = guarded(off + 1, bRows * ldb, 1);
        float[] c = guarded(off + 2, m * ldc, 1);
        if (beta == 0f) {
            for (int i = 0; i < m * ldc; i++) c[off + 2 + i] = Float.NaN; // write-only: NaN must not leak
        }
        float[] cs = c.clone(), cr = c.clone();
        SIMD.gemm(tA, tB, m, n, k, alpha, a, off, lda, b, off + 1, ldb, beta, cs, off + 2, ldc);
        REF.gemm(tA, tB, m, n, k, alpha, a, off, lda, b, off + 1, ldb, beta, cr, off + 2, ldc);
        String what = "gemm tA=" + tA + " tB=" + tB + " " + m + "x" + n + "x" + k;
        double u = Math.ulp(1f) / 2, gamma = k * u / (1 - k * u);
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - (off + 2);
            boolean inside = rel >= 0 && rel < m * ldc && rel % ldc < n;
            if (!inside) {
                if (Float.floatToIntBits(cs[idx]) != Float.floatToIntBits(c[idx])) {
                    fail(what + ": wrote outside the window at " + idx);
                }
                continue;
            }
            int i = rel / ldc, j = rel % ldc;
            double abs = 0;
            for (int p = 0; p < k; p++) {
                double x = tA ? a[off + p * lda + i] : a[off + i * lda + p];
                double y = tB ? b[off + 1 + j * ldb + p] : b[off + 1 + p * ldb + j];
                abs += Math.abs(x * y);
            }
            double cOld = beta == 0f ? 0 : Math.abs(beta * c[idx]);
            double tol = 2 * gamma * Math.abs(alpha) * abs + 4 * u * (Math.abs(alpha) * abs + cOld) + 1e-30;
            if (!(Math.abs(cs[idx] - cr[idx]) <= tol)) {
                fail(what + " at (" + i + ", " + j + "): simd " + cs[idx] + ", scalar " + cr[idx] + ", tol " + tol);
            }
        }
    }

    @Test
    void denseForwardAgreesForEveryActivation() {
        for (Activation f : Activation.values()) {
            for (int m : new int[] {1, 3, 5, 17}) {
                int n = 37 + m, k = 70, off = 2, ldc = n + 3;
                float[] a = guarded(off, m * k, 1), w = guarded(off, n * k, 1), bias = guarded(off, n, 1);
                float[] cs = guarded(off, m * ldc, 1), cr = cs.clone();
                float p = f.hasParameter() ? f.defaultParameter() : 0f;
                SIMD.denseForward(m, n, k, a, off, k, w, off, k, m == 3 ? null : bias, off, f, p, cs, off, ldc);
                REF.denseForward(m, n, k, a, off, k, w, off, k, m == 3 ? null : bias, off, f, p, cr, off, ldc);
                // the pre-activations differ by a few ulps of their own scale; the activations have slope ≤ 1.13
                for (int i = 0; i < cs.length; i++) {
                    if (!(Math.abs(cs[i] - cr[i]) <= 2e-5 * (1 + Math.abs(cr[i])))) {
                        fail("denseForward " + f + " m=" + m + " at " + i + ": simd " + cs[i] + ", scalar " + cr[i]);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ activations

    static double forwardBudget(Activation f) {
        for (TranscendentalAccuracyTest.Bound b : TranscendentalAccuracyTest.BOUNDS) {
            if (b.f() == f) return b.forwardUlps() + 1;
        }
        return 1; // piecewise-linear activations: at most the scalar reference's double rounding
    }

    @Test
    void activationsAgreeOnRandomAndSpecialInputs() {
        for (Activation f : Activation.values()) {
            float p = f.hasParameter() ? f.defaultParameter() : 0f;
            for (int n : SIZES) {
                int off = rnd.nextInt(4);
                float[] z = inputs(off, n);
                float[] as = guarded(off + 1, n, 1), ar = as.clone();
                SIMD.activate(f, p, n, z, off, as, off + 1);
                REF.activate(f, p, n, z, off, ar, off + 1);
                assertGuardsAndUlps(f + " forward n=" + n, ar, as, forwardBudget(f), off + 1, n);
                // in place
                float[] zi = z.clone();
                SIMD.activate(f, p, n, zi, off, zi, off);
                for (int i = 0; i < n; i++) {
                    assertEquals(Float.floatToIntBits(as[off + 1 + i]), Float.floatToIntBits(zi[off + i]),
                            f + " in place");
                }
                // backward, reading the simd forward output for sigmoid and tanh (as training does)
                float[] a = Arrays.copyOfRange(as, off + 1, off + 1 + n);
                float[] zz = Arrays.copyOfRange(z, off, off + n), da = random(n, 2);
                float[] ds = new float[n], dr = new float[n];
                SIMD.activateBackward(f, p, n, zz, 0, a, 0, da, 0, ds, 0);
                REF.activateBackward(f, p, n, zz, 0, a, 0, da, 0, dr, 0);
                for (int i = 0; i < n; i++) {
                    // absolute near zero crossings: floor the unit at 2⁻²³ of the upstream gradient's scale
                    double e = Reference.ulpError(ds[i], dr[i], Math.ulp(1f) * 2);
                    boolean bothNaN = Float.isNaN(ds[i]) && Float.isNaN(dr[i]);
                    if (!(e <= 2 * forwardBudget(f) + 4) && !bothNaN) {
                        fail(f + " backward n=" + n + " z=" + zz[i] + ": simd " + ds[i] + ", scalar " + dr[i]);
                    }
                }
            }
        }
    }

    private static void assertGuardsAndUlps(String what, float[] want, float[] got, double ulps, int off, int n) {
        for (int i = 0; i < want.length; i++) {
            if (i < off || i >= off + n) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), what + " guard " + i);
            }
        }
        assertUlps(what, Arrays.copyOfRange(want, off, off + n), Arrays.copyOfRange(got, off, off + n), ulps);
    }

    @Test
    void limitsAtInfinityAndNaN() {
        float[] z = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, -200f, 200f};
        float[] a = new float[z.length];
        SIMD.activate(Activation.SIGMOID, 0f, 5, z, 0, a, 0);
        assertArrayEquals(new float[] {1f, 0f, Float.NaN, 0f, 1f}, a);
        SIMD.activate(Activation.TANH, 0f, 5, z, 0, a, 0);
        assertArrayEquals(new float[] {1f, -1f, Float.NaN, -1f, 1f}, a);
        for (Activation f : new Activation[] {Activation.GELU, Activation.GELU_TANH, Activation.GELU_SIGMOID,
                Activation.SWISH, Activation.SOFTPLUS}) {
            SIMD.activate(f, 1f, 5, z, 0, a, 0);
            assertEquals(Float.POSITIVE_INFINITY, a[0], f + "(+inf)");
            assertEquals(f == Activation.SOFTPLUS ? 0f : -0f, a[1], f + "(-inf)");
            assertEquals(Float.NaN, a[2], f + "(NaN)");
            assertEquals(f == Activation.SOFTPLUS ? 0f : -0f, a[3], f + "(-200)");
            assertEquals(200f, a[4], f + "(200)");
        }
        float[] huge = {Float.MAX_VALUE, -Float.MAX_VALUE};
        float[] h = new float[2];
        SIMD.activate(Activation.SWISH, 0f, 2, huge, 0, h, 0); // gate ½: no overflow in the scaled product
        assertArrayEquals(new float[] {Float.MAX_VALUE / 2, -Float.MAX_VALUE / 2}, h);
        SIMD.activate(Activation.ELU, 1f, 5, z, 0, a, 0);
        assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, -1f, Float.NaN, -1f, 200f}, a);
    }

    // ------------------------------------------------------------------------------------------------ row kernels

    @Test
    void preluAndLearnableSwishAgree() {
        for (int n : SIZES) {
            int m = 3;
            float[] z = inputs(0, m * n), gamma = random(n, 0.5), da = random(m * n, 1);
            float[] as = new float[m * n], ar = new float[m * n];
            SIMD.prelu(m, n, z, 0, gamma, 0, as, 0);
            REF.prelu(m, n, z, 0, gamma, 0, ar, 0);
            assertUlps("prelu", ar, as, 0);
            float[] ds = new float[m * n], dr = new float[m * n], gs = random(n, 1), gr = gs.clone();
            SIMD.preluBackward(m, n, z, 0, gamma, 0, da, 0, ds, 0, gs, 0);
            REF.preluBackward(m, n, z, 0, gamma, 0, da, 0, dr, 0, gr, 0);
            assertUlps("preluBackward dz", dr, ds, 0);
            assertUlps("preluBackward dGamma", gr, gs, 0);

            float[] zf = random(m * n, 8), beta = random(n, 2);
            SIMD.swish(m, n, zf, 0, beta, 0, as, 0);
            REF.swish(m, n, zf, 0, beta, 0, ar, 0);
            assertUlps("swish", ar, as, 8);
            float[] bs = random(n, 1), br = bs.clone();
            SIMD.swishBackward(m, n, zf, 0, beta, 0, da, 0, ds, 0, bs, 0);
            REF.swishBackward(m, n, zf, 0, beta, 0, da, 0, dr, 0, br, 0);
            for (int i = 0; i < m * n; i++) assertEquals(dr[i], ds[i], 1e-5 * (1 + Math.abs(dr[i])), "swish dz");
            for (int j = 0; j < n; j++) assertEquals(br[j], bs[j], 1e-4 * (1 + Math.abs(br[j])), "swish dBeta");
        }
    }

    @Test
    void maxoutAndArgmaxAgree() {
        for (int units : new int[] {1, 5, L + 1}) {
            for (int pieces : new int[] {1, 2, 3}) {
                int m = 4;
                float[] z = inputs(0, m * units * pieces);
                float[] as = new float[m * units], ar = new float[m * units];
                int[] is = new int[m * units], ir = new int[m * units];
                SIMD.maxout(m, units, pieces, z, 0, as, 0, is, 0);
                REF.maxout(m, units, pieces, z, 0, ar, 0, ir, 0);
                assertArrayEquals(ar, as);
                assertArrayEquals(ir, is);
                float[] da = random(m * units, 1), ds = new float[z.length], dr = new float[z.length];
                SIMD.maxoutBackward(m, units, pieces, da, 0, ir, 0, ds, 0);
                REF.maxoutBackward(m, units, pieces, da, 0, ir, 0, dr, 0);
                assertArrayEquals(dr, ds);
            }
        }
        for (int n : SIZES) {
            int m = 5;
            float[] x = random(m * n, 10);
            x[n / 2] = Float.NaN; // row 0 has a NaN
            if (n > 2) x[n + 1] = x[n + n - 1] = 50f; // row 1 has a tie
            int[] os = new int[m], or = new int[m];
            SIMD.argmaxRows(m, n, x, 0, os, 0);
            REF.argmaxRows(m, n, x, 0, or, 0);
            assertArrayEquals(or, os, "argmax n=" + n);
        }
    }

    @Test
    void softmaxFamilyAgrees() {
        for (int n : SIZES) {
            int m = 3;
            float[] x = random(m * n, 20);
            x[0] = Float.NEGATIVE_INFINITY;
            float[] ys = new float[m * n], yr = new float[m * n];
            SIMD.softmax(m, n, x, 0, ys, 0);
            REF.softmax(m, n, x, 0, yr, 0);
            for (int i = 0; i < ys.length; i++) assertClose(yr[i], ys[i], 1e-6 + 1e-5 * Math.abs(yr[i]), "softmax");
            SIMD.logSoftmax(m, n, x, 0, ys, 0);
            REF.logSoftmax(m, n, x, 0, yr, 0);
            for (int i = 0; i < ys.length; i++) assertClose(yr[i], ys[i], 2e-5 * (1 + Math.abs(yr[i])), "logSoftmax");
            float[] y = new float[m * n], dy = random(m * n, 1), ds = new float[m * n], dr = new float[m * n];
            REF.softmax(m, n, x, 0, y, 0);
            SIMD.softmaxBackward(m, n, y, 0, dy, 0, ds, 0);
            REF.softmaxBackward(m, n, y, 0, dy, 0, dr, 0);
            for (int i = 0; i < ds.length; i++) assertClose(dr[i], ds[i], 1e-6, "softmaxBackward");
        }
        float[] special = {1f, Float.NaN, 2f, 1f, Float.POSITIVE_INFINITY, 2f, Float.NEGATIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        float[] ys = new float[9];
        SIMD.softmax(3, 3, special, 0, ys, 0);
        for (float v : ys) assertEquals(Float.NaN, v);
    }

    @Test
    void lossesAgree() {
        for (int n : SIZES) {
            int m = 2, len = m * n;
            float[] logits = random(len, 15), target = new float[len];
            for (int i = 0; i < m; i++) target[i * n + rnd.nextInt(n)] = 1f;
            float[] ps = new float[len], pr = new float[len], gs = new float[len], gr = new float[len];
            double ls = SIMD.softmaxCrossEntropy(m, n, logits, 0, target, 0, 0.5f, ps, 0, gs, 0);
            double lr = REF.softmaxCrossEntropy(m, n, logits, 0, target, 0, 0.5f, pr, 0, gr, 0);
            assertEquals(lr, ls, 1e-5 * (1 + Math.abs(lr)), "softmaxCrossEntropy loss");
            for (int i = 0; i < len; i++) {
                assertEquals(pr[i], ps[i], 1e-6 + 1e-5 * pr[i], "probs");
                assertEquals(gr[i], gs[i], 1e-6, "dLogits");
            }
            float[] t01 = new float[len];
            for (int i = 0; i < len; i++) t01[i] = rnd.nextInt(3) / 2f;
            float[] z = inputs(0, len);
            for (int i = 0; i < len; i++) if (Float.isNaN(z[i]) || Float.isInfinite(z[i])) z[i] = 3f;
            ls = SIMD.sigmoidCrossEntropy(len, z, 0, t01, 0, 2f, ps, 0, gs, 0);
            lr = REF.sigmoidCrossEntropy(len, z, 0, t01, 0, 2f, pr, 0, gr, 0);
            assertEquals(lr, ls, 1e-6 * (1 + Math.abs(lr)), "sigmoidCrossEntropy loss");
            assertUlps("sigmoidCrossEntropy probs", pr, ps, 5);
            for (int i = 0; i < len; i++) assertEquals(gr[i], gs[i], 1e-6 * (1 + Math.abs(gr[i])), "dLogits");

            float[] y = random(len, 3), t = random(len, 3);
            y[0] = t[0];
            ls = SIMD.squaredError(len, y, 0, t, 0, 0.25f, gs, 0);
            lr = REF.squaredError(len, y, 0, t, 0, 0.25f, gr, 0);
            assertEquals(lr, ls, 1e-6 * (1 + lr), "squaredError");
            assertUlps("squaredError dy", gr, gs, 1);
            ls = SIMD.absoluteError(len, y, 0, t, 0, 0.25f, gs, 0);
            lr = REF.absoluteError(len, y, 0, t, 0, 0.25f, gr, 0);
            assertEquals(lr, ls, 1e-6 * (1 + lr), "absoluteError");
            assertArrayEquals(gr, gs, "absoluteError dy");
            ls = SIMD.hinge(len, y, 0, t01, 0, 0.25f, gs, 0);
            lr = REF.hinge(len, y, 0, t01, 0, 0.25f, gr, 0);
            assertEquals(lr, ls, 1e-6 * (1 + lr), "hinge");
            assertArrayEquals(gr, gs, "hinge dy");
        }
    }

    // ------------------------------------------------------------------------------------------------ vectors

    @Test
    void vectorKernelsAgree() {
        for (int n : SIZES) {
            int off = rnd.nextInt(3);
            float[] x = guarded(off, n, 2), y = guarded(off + 1, n, 2);
            float[] ys = y.clone(), yr = y.clone();
            SIMD.axpy(n, 0.3f, x, off, ys, off + 1);
            REF.axpy(n, 0.3f, x, off, yr, off + 1);
            assertArrayEquals(yr, ys, "axpy is bit-identical");
            ys = y.clone();
            yr = y.clone();
            SIMD.scale(n, -1.7f, ys, off + 1);
            REF.scale(n, -1.7f, yr, off + 1);
            assertArrayEquals(yr, ys, "scale");
            float[] zs = guarded(0, n, 1), zr = zs.clone();
            SIMD.mul(n, x, off, y, off + 1, zs, 0);
            REF.mul(n, x, off, y, off + 1, zr, 0);
            assertArrayEquals(zr, zs, "mul");
            double abs = 0;
            for (int i = 0; i < n; i++) abs += Math.abs(x[off + i] * y[off + 1 + i]);
            double tol = 2 * n * Math.ulp(1f) * abs + 1e-30;
            assertEquals(REF.dot(n, x, off, y, off + 1), SIMD.dot(n, x, off, y, off + 1), tol, "dot");
            double absSum = 0;
            for (int i = 0; i < n; i++) absSum += Math.abs(x[off + i]);
            assertEquals(REF.sum(n, x, off), SIMD.sum(n, x, off), 2 * n * Math.ulp(1f) * absSum + 1e-30, "sum");
            double sq = 0;
            for (int i = 0; i < n; i++) sq += x[off + i] * x[off + i];
            assertEquals(REF.sumSquares(n, x, off), SIMD.sumSquares(n, x, off), 2 * n * Math.ulp(1f) * sq, "sumSq");
            assertEquals(REF.max(n, x, off), SIMD.max(n, x, off), "max");
            float[] xn = x.clone();
            xn[off + n - 1] = Float.NaN;
            assertEquals(Float.NaN, SIMD.max(n, xn, off), "max with NaN");
        }
    }

    @Test
    void biasAndColumnSumsAreBitIdentical() {
        for (int n : SIZES) {
            int m = 7, ld = n + 3;
            float[] bias = random(n, 1), c = guarded(1, m * ld, 1), cs = c.clone(), cr = c.clone();
            SIMD.addBias(m, n, bias, 0, cs, 1, ld);
            REF.addBias(m, n, bias, 0, cr, 1, ld);
            assertArrayEquals(cr, cs, "addBias");
            for (float beta : new float[] {0f, 1f, 0.5f}) {
                float[] os = random(n, 1), or = os.clone();
                if (beta == 0f) Arrays.fill(os, Float.NaN);
                if (beta == 0f) Arrays.fill(or, Float.NaN);
                SIMD.columnSums(m, n, c, 1, ld, beta, os, 0);
                REF.columnSums(m, n, c, 1, ld, beta, or, 0);
                assertArrayEquals(or, os, "columnSums beta=" + beta);
            }
        }
    }

    @Test
    void optimiserStepsAreBitIdentical() {
        for (int n : SIZES) {
            float[] w = random(n, 1), g = random(n, 1), s1 = random(n, 1), s2 = random(n, 1);
            for (int i = 0; i < n; i++) {
                s1[i] = Math.abs(s1[i]);
                s2[i] = Math.abs(s2[i]);
            }
            for (boolean nesterov : new boolean[] {false, true}) {
                float[] ws = w.clone(), wr = w.clone(), vs = s1.clone(), vr = s1.clone();
                SIMD.momentumStep(n, 0.1f, 0.9f, nesterov, ws, 0, g, 0, vs, 0);
                REF.momentumStep(n, 0.1f, 0.9f, nesterov, wr, 0, g, 0, vr, 0);
                assertArrayEquals(wr, ws, "momentum w");
                assertArrayEquals(vr, vs, "momentum v");
            }
            float[] ws = w.clone(), wr = w.clone(), hs = s1.clone(), hr = s1.clone();
            SIMD.adagradStep(n, 0.1f, 1e-8f, ws, 0, g, 0, hs, 0);
            REF.adagradStep(n, 0.1f, 1e-8f, wr, 0, g, 0, hr, 0);
            assertArrayEquals(wr, ws, "adagrad w");
            assertArrayEquals(hr, hs, "adagrad h");
            ws = w.clone();
            wr = w.clone();
            hs = s1.clone();
            hr = s1.clone();
            SIMD.rmspropStep(n, 0.01f, 0.9f, 1e-7f, ws, 0, g, 0, hs, 0);
            REF.rmspropStep(n, 0.01f, 0.9f, 1e-7f, wr, 0, g, 0, hr, 0);
            assertArrayEquals(wr, ws, "rmsprop w");
            assertArrayEquals(hr, hs, "rmsprop s");
            ws = w.clone();
            wr = w.clone();
            float[] ms = s1.clone(), mr = s1.clone(), vs = s2.clone(), vr = s2.clone();
            SIMD.adamStep(n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, 3, ws, 0, g, 0, ms, 0, vs, 0);
            REF.adamStep(n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, 3, wr, 0, g, 0, mr, 0, vr, 0);
            assertArrayEquals(wr, ws, "adam w");
            assertArrayEquals(mr, ms, "adam m");
            assertArrayEquals(vr, vs, "adam v");
        }
    }
}
