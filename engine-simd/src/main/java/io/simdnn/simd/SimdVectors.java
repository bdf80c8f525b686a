package io.simdnn.simd;

import static io.simdnn.simd.Lanes.F;
import static io.simdnn.simd.Lanes.L;

import jdk.incubator.vector.FloatVector;

/**
 * The vector family ({@link io.simdnn.spi.VectorKernels}): axpy, scale, mul and the reductions. Element-wise updates
 * use the same operations in the same order as the scalar reference (no fused multiply-add where the reference has
 * none), so they are bit-identical to it; reductions use several vector accumulators and reduce once at the end.
 */
final class SimdVectors {
    private SimdVectors() {}

    /** Per-thread buffer for summing the lanes of a vector in a fixed order. */
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[L]);

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

    static float sumSquares(int n, float[] x, int xo) {
        return dot(n, x, xo, x, xo);
    }
}
