package io.simdnn.simd;

import static io.simdnn.simd.Lanes.F;
import static io.simdnn.simd.Lanes.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The non-GEMM, non-activation kernels. Element-wise updates use the same operations in the same order as the scalar
 * reference (no fused multiply-add where the reference has none), so optimiser steps, bias and scaling are
 * bit-identical to it; reductions use several vector accumulators and reduce once at the end.
 */
final class Kernels {
    private Kernels() {}

    /** Per-thread buffer for summing the lanes of a vector in a fixed order. */
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[L]);

    // ------------------------------------------------------------------------------------------------ vectors

    static void scale(int n, float alpha, float[] x, int xo) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(F, x, xo + i).mul(alpha).intoArray(x, xo + i);
        }
        for (; i < n; i++) x[xo + i] *= alpha;
    }

    static void axpy(int n, float alpha, float[] x, int xo, float[] y, int yo) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(F, x, xo + i).mul(alpha).add(FloatVector.fromArray(F, y, yo + i))
                    .intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    static void mul(int n, float[] x, int xo, float[] y, int yo, float[] z, int zo) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(F, x, xo + i).mul(FloatVector.fromArray(F, y, yo + i)).intoArray(z, zo + i);
        }
        for (; i < n; i++) z[zo + i] = x[xo + i] * y[yo + i];
    }

    static float dot(int n, float[] x, int xo, float[] y, int yo) {
        FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
        FloatVector s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
        int i = 0;
        for (int end = n - 4 * L; i <= end; i += 4 * L) {
            s0 = FloatVector.fromArray(F, x, xo + i).fma(FloatVector.fromArray(F, y, yo + i), s0);
            s1 = FloatVector.fromArray(F, x, xo + i + L).fma(FloatVector.fromArray(F, y, yo + i + L), s1);
            s2 = FloatVector.fromArray(F, x, xo + i + 2 * L).fma(FloatVector.fromArray(F, y, yo + i + 2 * L), s2);
            s3 = FloatVector.fromArray(F, x, xo + i + 3 * L).fma(FloatVector.fromArray(F, y, yo + i + 3 * L), s3);
        }
        for (int end = F.loopBound(n); i < end; i += L) {
            s0 = FloatVector.fromArray(F, x, xo + i).fma(FloatVector.fromArray(F, y, yo + i), s0);
        }
        float s = VMath.sumLanes(s0.add(s1).add(s2.add(s3)), LANES.get());
        for (; i < n; i++) s = Math.fma(x[xo + i], y[yo + i], s);
        return s;
    }

    static float sum(int n, float[] x, int xo) {
        FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
        FloatVector s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
        int i = 0;
        for (int end = n - 4 * L; i <= end; i += 4 * L) {
            s0 = s0.add(FloatVector.fromArray(F, x, xo + i));
            s1 = s1.add(FloatVector.fromArray(F, x, xo + i + L));
            s2 = s2.add(FloatVector.fromArray(F, x, xo + i + 2 * L));
            s3 = s3.add(FloatVector.fromArray(F, x, xo + i + 3 * L));
        }
        for (int end = F.loopBound(n); i < end; i += L) s0 = s0.add(FloatVector.fromArray(F, x, xo + i));
        float s = VMath.sumLanes(s0.add(s1).add(s2.add(s3)), LANES.get());
        for (; i < n; i++) s += x[xo + i];
        return s;
    }

    static float max(int n, float[] x, int xo) {
        FloatVector m0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY), m1 = m0;
        int i = 0;
        for (int end = n - 2 * L; i <= end; i += 2 * L) {
            m0 = m0.max(FloatVector.fromArray(F, x, xo + i));
            m1 = m1.max(FloatVector.fromArray(F, x, xo + i + L));
        }
        for (int end = F.loopBound(n); i < end; i += L) m0 = m0.max(FloatVector.fromArray(F, x, xo + i));
        // max propagates NaN (Math.max semantics), so a NaN anywhere reaches the result; the lanes are combined in
        // scalar code (reduceLanes(MAX) is not intrinsic on every CPU, and its fallback allocates)
        float[] lanes = LANES.get();
        m0.max(m1).intoArray(lanes, 0);
        float m = lanes[0];
        for (int q = 1; q < L; q++) m = Math.max(m, lanes[q]);
        for (; i < n; i++) m = Math.max(m, x[xo + i]);
        return m;
    }

    /** Index of the first element equal to m (or the first NaN when m is NaN) in x[xo, xo + n). */
    static int indexOf(int n, float m, float[] x, int xo) {
        boolean nan = Float.isNaN(m);
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            VectorMask<Float> hit = nan ? v.test(VectorOperators.IS_NAN) : v.eq(m);
            if (hit.anyTrue()) return i + hit.firstTrue();
        }
        for (; i < n; i++) {
            float v = x[xo + i];
            if (nan ? Float.isNaN(v) : v == m) return i;
        }
        throw new IllegalStateException("maximum " + m + " not found");
    }

    // ------------------------------------------------------------------------------------------------ bias

    static void addBias(int n, float[] bias, int bo, float[] c, int co) {
        int j = 0;
        for (int end = F.loopBound(n); j < end; j += L) {
            FloatVector.fromArray(F, c, co + j).add(FloatVector.fromArray(F, bias, bo + j)).intoArray(c, co + j);
        }
        for (; j < n; j++) c[co + j] += bias[bo + j];
    }

    static void columnSums(int m, int n, float[] a, int ao, int lda, float beta, float[] out, int oo) {
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) {
            FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
            for (int i = 0, r = ao + j; i < m; i++, r += lda) {
                s0 = s0.add(FloatVector.fromArray(F, a, r));
                s1 = s1.add(FloatVector.fromArray(F, a, r + L));
                s2 = s2.add(FloatVector.fromArray(F, a, r + 2 * L));
                s3 = s3.add(FloatVector.fromArray(F, a, r + 3 * L));
            }
            storeSums(s0, beta, out, oo + j);
            storeSums(s1, beta, out, oo + j + L);
            storeSums(s2, beta, out, oo + j + 2 * L);
            storeSums(s3, beta, out, oo + j + 3 * L);
        }
        for (; j + L <= n; j += L) {
            FloatVector s0 = FloatVector.zero(F);
            for (int i = 0, r = ao + j; i < m; i++, r += lda) s0 = s0.add(FloatVector.fromArray(F, a, r));
            storeSums(s0, beta, out, oo + j);
        }
        for (; j < n; j++) {
            float s = 0f;
            for (int i = 0, r = ao + j; i < m; i++, r += lda) s += a[r];
            out[oo + j] = beta == 0f ? s : beta * out[oo + j] + s;
        }
    }

    private static void storeSums(FloatVector s, float beta, float[] out, int o) {
        if (beta != 0f) s = FloatVector.fromArray(F, out, o).mul(beta).add(s);
        s.intoArray(out, o);
    }

    // ------------------------------------------------------------------------------------------------ PReLU, Swish

    static void prelu(int m, int n, float[] z, int zo, float[] gamma, int go, float[] a, int ao) {
        for (int i = 0; i < m; i++) {
            int r = i * n, j = 0;
            for (int end = F.loopBound(n); j < end; j += L) {
                FloatVector v = FloatVector.fromArray(F, z, zo + r + j);
                v.mul(FloatVector.fromArray(F, gamma, go + j)).blend(v, v.compare(VectorOperators.GT, 0f))
                        .intoArray(a, ao + r + j);
            }
            for (; j < n; j++) {
                float v = z[zo + r + j];
                a[ao + r + j] = v > 0 ? v : gamma[go + j] * v;
            }
        }
    }

    static void preluBackward(int m, int n, float[] z, int zo, float[] gamma, int go, float[] da, int dao,
            float[] dz, int dzo, float[] dGamma, int dgo) {
        for (int i = 0; i < m; i++) {
            int r = i * n, j = 0;
            for (int end = F.loopBound(n); j < end; j += L) {
                FloatVector v = FloatVector.fromArray(F, z, zo + r + j);
                FloatVector g = FloatVector.fromArray(F, da, dao + r + j);
                FloatVector dg = FloatVector.fromArray(F, dGamma, dgo + j);
                dg.add(g.mul(v.min(0f))).intoArray(dGamma, dgo + j);
                VectorMask<Float> positive = v.compare(VectorOperators.GT, 0f);
                g.mul(FloatVector.fromArray(F, gamma, go + j)).blend(g, positive)
                        .blend(v, v.test(VectorOperators.IS_NAN)).intoArray(dz, dzo + r + j);
            }
            for (; j < n; j++) {
                int e = r + j;
                float v = z[zo + e], g = da[dao + e];
                dGamma[dgo + j] += g * Math.min(v, 0f);
                dz[dzo + e] = v > 0 ? g : Float.isNaN(v) ? v : g * gamma[go + j];
            }
        }
    }

    /** Learnable Swish: whole vectors in {@link GatedActivations}, the last few columns of a row in double. */
    static void swish(int m, int n, float[] z, int zo, float[] beta, int bo, float[] a, int ao) {
        int full = F.loopBound(n);
        for (int i = 0; i < m; i++) {
            int r = i * n;
            if (full > 0) GatedActivations.swishRow(full, z, zo + r, beta, bo, a, ao + r);
            for (int j = full; j < n; j++) {
                double v = z[zo + r + j];
                double s = sigmoid(beta[bo + j] * v);
                a[ao + r + j] = s == 0 ? (v < 0 ? -0f : 0f) : (float) (v * s);
            }
        }
    }

    static void swishBackward(int m, int n, float[] z, int zo, float[] beta, int bo, float[] da, int dao,
            float[] dz, int dzo, float[] dBeta, int dbo) {
        int full = F.loopBound(n);
        for (int i = 0; i < m; i++) {
            int r = i * n;
            if (full > 0) {
                GatedActivations.swishRowBackward(full, z, zo + r, beta, bo, da, dao + r, dz, dzo + r, dBeta, dbo);
            }
            for (int j = full; j < n; j++) {
                int e = r + j;
                double v = z[zo + e], g = da[dao + e], b = beta[bo + j];
                double s = sigmoid(b * v);
                dBeta[dbo + j] += (float) (g * v * v * s * (1 - s));
                dz[dzo + e] = (float) (g * (s + b * v * s * (1 - s)));
            }
        }
    }

    private static double sigmoid(double z) {
        double t = Math.exp(-Math.abs(z));
        return z >= 0 ? 1 / (1 + t) : t / (1 + t);
    }

    // ------------------------------------------------------------------------------------------------ softmax

    /** Σ e^(x − max) over a row, e^(x − max) written to y (y may alias x). */
    static float expShiftSum(int n, float max, float[] x, int xo, float[] y, int yo) {
        FloatVector vmax = FloatVector.broadcast(F, max);
        FloatVector s0 = FloatVector.zero(F);
        int j = 0;
        for (int end = F.loopBound(n); j < end; j += L) {
            FloatVector e = VMath.expNeg(FloatVector.fromArray(F, x, xo + j).sub(vmax));
            e.intoArray(y, yo + j);
            s0 = s0.add(e);
        }
        float sum = VMath.sumLanes(s0, LANES.get());
        for (; j < n; j++) {
            float e = VMath.expNegScalar(x[xo + j] - max);
            y[yo + j] = e;
            sum += e;
        }
        return sum;
    }

    static void softmax(int m, int n, float[] x, int xo, float[] y, int yo) {
        for (int i = 0; i < m; i++) {
            int xi = xo + i * n, yi = yo + i * n;
            float max = max(n, x, xi);
            float sum = expShiftSum(n, max, x, xi, y, yi);
            scale(n, 1f / sum, y, yi);
        }
    }

    static void logSoftmax(int m, int n, float[] x, int xo, float[] y, int yo) {
        for (int i = 0; i < m; i++) {
            int xi = xo + i * n, yi = yo + i * n;
            float max = max(n, x, xi);
            // (x − max) − lse, never x − (max + lse): a float near the logits' magnitude would round lse away
            float lse = (float) Math.log(expSum(n, max, x, xi));
            int j = 0;
            FloatVector vmax = FloatVector.broadcast(F, max), vlse = FloatVector.broadcast(F, lse);
            for (int end = F.loopBound(n); j < end; j += L) {
                FloatVector.fromArray(F, x, xi + j).sub(vmax).sub(vlse).intoArray(y, yi + j);
            }
            for (; j < n; j++) y[yi + j] = (x[xi + j] - max) - lse;
        }
    }

    /** Σ e^(x − max) over a row, without storing the terms. */
    static float expSum(int n, float max, float[] x, int xo) {
        FloatVector vmax = FloatVector.broadcast(F, max);
        FloatVector s0 = FloatVector.zero(F);
        int j = 0;
        for (int end = F.loopBound(n); j < end; j += L) {
            s0 = s0.add(VMath.expNeg(FloatVector.fromArray(F, x, xo + j).sub(vmax)));
        }
        float sum = VMath.sumLanes(s0, LANES.get());
        for (; j < n; j++) sum += VMath.expNegScalar(x[xo + j] - max);
        return sum;
    }

    static void softmaxBackward(int m, int n, float[] y, int yo, float[] dy, int dyo, float[] dx, int dxo) {
        for (int i = 0; i < m; i++) {
            int r = i * n;
            float d = dot(n, dy, dyo + r, y, yo + r);
            FloatVector vd = FloatVector.broadcast(F, d);
            int j = 0;
            for (int end = F.loopBound(n); j < end; j += L) {
                FloatVector.fromArray(F, dy, dyo + r + j).sub(vd).mul(FloatVector.fromArray(F, y, yo + r + j))
                        .intoArray(dx, dxo + r + j);
            }
            for (; j < n; j++) dx[dxo + r + j] = y[yo + r + j] * (dy[dyo + r + j] - d);
        }
    }
}
