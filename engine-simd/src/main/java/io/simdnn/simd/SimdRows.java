package io.simdnn.simd;

import static io.simdnn.simd.Lanes.F;
import static io.simdnn.simd.Lanes.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The row family ({@link io.simdnn.spi.RowKernels}): softmax, log-softmax and its backward, argmax per row, and the
 * fused losses. Losses compute their terms in vectors and add them into a double in index order (through a small
 * per-thread buffer), so huge logits or errors do not overflow a float sum and the order is fixed.
 */
final class SimdRows {
    private SimdRows() {}

    /** Per-thread buffer for summing the lanes of a vector in a fixed order. */
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[L]);

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
            float max = (float) rowPass(ROW_MAX, n, 0f, 0f, x, xi, null, 0, 0f, null, 0, null, 0);
            float sum = (float) rowPass(ROW_EXP_SHIFT_SUM, n, max, 0f, x, xi, null, 0, 0f, y, yi, null, 0);
            SimdVectors.scale(n, 1f / sum, y, yi);
        }
    }

    static void logSoftmax(int m, int n, float[] x, int xo, float[] y, int yo) {
        for (int i = 0; i < m; i++) {
            int xi = xo + i * n, yi = yo + i * n;
            float max = (float) rowPass(ROW_MAX, n, 0f, 0f, x, xi, null, 0, 0f, null, 0, null, 0);
            // (x − max) − lse, never x − (max + lse): a float near the logits' magnitude would round lse away
            float lse = (float) Math.log(rowPass(ROW_EXP_SUM, n, max, 0f, x, xi, null, 0, 0f, null, 0, null, 0));
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
            float d = SimdVectors.dot(n, dy, dyo + r, y, yo + r);
            FloatVector vd = FloatVector.broadcast(F, d);
            int j = 0;
            for (int end = F.loopBound(n); j < end; j += L) {
                FloatVector.fromArray(F, dy, dyo + r + j).sub(vd).mul(FloatVector.fromArray(F, y, yo + r + j))
                        .intoArray(dx, dxo + r + j);
            }
            for (; j < n; j++) dx[dxo + r + j] = y[yo + r + j] * (dy[dyo + r + j] - d);
        }
    }

    // ------------------------------------------------------------------------------------------------ argmax

    static void argmaxRows(int m, int n, float[] x, int xOff, int[] out, int outOff) {
        for (int i = 0; i < m; i++) {
            int r = xOff + i * n;
            out[outOff + i] = indexOf(n, SimdVectors.max(n, x, r), x, r);
        }
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

    // ------------------------------------------------------------------------------------------------ losses

    private static final ThreadLocal<float[]> TERMS = ThreadLocal.withInitial(() -> new float[L]);

    /** Σ of the lanes of one vector of terms, in double, in lane order. */
    private static double addTerms(double sum, FloatVector terms, float[] buffer) {
        terms.intoArray(buffer, 0);
        for (int q = 0; q < L; q++) sum += buffer[q];
        return sum;
    }

    static double softmaxCrossEntropy(int m, int n, float[] logits, int lo, float[] target, int to,
            float gradScale, float[] probs, int po, float[] dLogits, int dlo) {
        double loss = 0;
        for (int i = 0; i < m; i++) {
            int r = i * n;
            float max = (float) rowPass(ROW_MAX, n, 0f, 0f, logits, lo + r, null, 0, 0f, null, 0, null, 0);
            double sum = rowPass(ROW_EXP_SUM, n, max, 0f, logits, lo + r, null, 0, 0f, null, 0, null, 0);
            // log p = (z − max) − lse, never z − (max + lse): see logSoftmax
            float lse = (float) Math.log(sum);
            int j = F.loopBound(n);
            loss -= rowPass(ROW_TERMS, j, max, lse, logits, lo + r, target, to + r, 0f, null, 0, null, 0);
            if (probs != null || dLogits != null) {
                rowPass(ROW_GRADIENT, j, max, lse, logits, lo + r, target, to + r, gradScale, probs, po + r, dLogits,
                        dlo + r);
            }
            for (; j < n; j++) {
                float logP = (logits[lo + r + j] - max) - lse;
                float t = target[to + r + j];
                if (t != 0) loss -= (double) t * logP;
                float p = VMath.expNegScalar(logP);
                if (probs != null) probs[po + r + j] = p;
                if (dLogits != null) dLogits[dlo + r + j] = gradScale * (p - t);
            }
        }
        return loss;
    }

    /*
     * The passes over a row (max, Σ e^(z − max), the loss terms, the gradient; softmax's and log-softmax's max and
     * exponential sums) each run one exponential or reduction loop, each a VectorLoop: inlined into one method they
     * exceeded C2's inlining budget in some runs (with the polynomial exp: 2 KB of boxed vectors per training step in
     * 2 of 3 runs; log-softmax at 128 bits boxed 85 KB per call of 64 rows in one run).
     */
    private static final VectorLoop ROW_MAX = VectorLoop.of((n, max, lse, gradScale, logits, lo, target, to, probs,
            po, dLogits, dlo) -> SimdVectors.max(n, logits, lo));
    private static final VectorLoop ROW_EXP_SUM = VectorLoop.of((n, max, lse, gradScale, logits, lo, target, to,
            probs, po, dLogits, dlo) -> expSum(n, max, logits, lo));
    private static final VectorLoop ROW_EXP_SHIFT_SUM = VectorLoop.of((n, max, lse, gradScale, logits, lo, target,
            to, probs, po, dLogits, dlo) -> expShiftSum(n, max, logits, lo, probs, po));
    private static final VectorLoop ROW_TERMS = VectorLoop.of((n, max, lse, gradScale, logits, lo, target, to,
            probs, po, dLogits, dlo) -> crossEntropyTerms(n, max, lse, logits, lo, target, to));
    private static final VectorLoop ROW_GRADIENT = VectorLoop.of((n, max, lse, gradScale, logits, lo, target, to,
            probs, po, dLogits, dlo) -> {
        crossEntropyGradient(n, max, lse, logits, lo, target, to, gradScale, probs, po, dLogits, dlo);
        return 0;
    });

    private static double rowPass(VectorLoop pass, int n, float max, float lse, float[] logits, int lo,
            float[] target, int to, float gradScale, float[] probs, int po, float[] dLogits, int dlo) {
        return pass.run(n, max, lse, gradScale, logits, lo, target, to, probs, po, dLogits, dlo);
    }

    /** Σ t·log p over the row's whole vectors, log p = (z − max) − lse. */
    private static double crossEntropyTerms(int n, float max, float lse, float[] logits, int lo, float[] target,
            int to) {
        FloatVector vmax = FloatVector.broadcast(F, max), vlse = FloatVector.broadcast(F, lse);
        float[] buffer = TERMS.get();
        double sum = 0;
        for (int j = 0; j < n; j += L) {
            FloatVector logP = FloatVector.fromArray(F, logits, lo + j).sub(vmax).sub(vlse);
            FloatVector t = FloatVector.fromArray(F, target, to + j);
            // a zero target contributes nothing, even where log p = −∞
            sum = addTerms(sum, t.mul(logP).blend(FloatVector.zero(F), t.eq(0f)), buffer);
        }
        return sum;
    }

    /** p = e^((z − max) − lse) and gradScale·(p − t) over the row's whole vectors (either output may be null). */
    private static void crossEntropyGradient(int n, float max, float lse, float[] logits, int lo, float[] target,
            int to, float gradScale, float[] probs, int po, float[] dLogits, int dlo) {
        FloatVector vmax = FloatVector.broadcast(F, max), vlse = FloatVector.broadcast(F, lse);
        for (int j = 0; j < n; j += L) {
            FloatVector p = VMath.expNeg(FloatVector.fromArray(F, logits, lo + j).sub(vmax).sub(vlse));
            if (probs != null) p.intoArray(probs, po + j);
            if (dLogits != null) p.sub(FloatVector.fromArray(F, target, to + j)).mul(gradScale).intoArray(dLogits, dlo + j);
        }
    }

    static double sigmoidCrossEntropy(int n, float[] logits, int lo, float[] target, int to, float gradScale,
            float[] probs, int po, float[] dLogits, int dlo) {
        int full = F.loopBound(n);
        // two VectorLoops: inlined here, the softplus and sigmoid loops boxed vectors (the polynomial exp, 512 bits)
        double loss = SIGMOID_TERMS.run(full, 0f, 0f, 0f, logits, lo, target, to, null, 0, null, 0);
        if (probs != null || dLogits != null) {
            SIGMOID_GRADIENT.run(full, 0f, 0f, gradScale, logits, lo, target, to, probs, po, dLogits, dlo);
        }
        int i = full;
        for (; i < n; i++) {
            double z = logits[lo + i], t = target[to + i];
            loss += Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
            double e = Math.exp(-Math.abs(z));
            double s = z >= 0 ? 1 / (1 + e) : e / (1 + e);
            if (probs != null) probs[po + i] = (float) s;
            if (dLogits != null) dLogits[dlo + i] = (float) (gradScale * (s - t));
        }
        return loss;
    }

    private static final VectorLoop SIGMOID_TERMS = VectorLoop.of((n, p, q, r, logits, lo, target, to, t, tOff,
            out, oo) -> sigmoidCrossEntropySum(n, logits, lo, target, to));
    private static final VectorLoop SIGMOID_GRADIENT = VectorLoop.of((n, p, q, gradScale, logits, lo, target, to,
            probs, po, dLogits, dlo) -> {
        sigmoidGradient(n, logits, lo, target, to, gradScale, probs, po, dLogits, dlo);
        return 0;
    });

    /** Σ softplus(z) − z·t over whole vectors. */
    private static double sigmoidCrossEntropySum(int n, float[] logits, int lo, float[] target, int to) {
        float[] buffer = TERMS.get();
        double sum = 0;
        for (int i = 0; i < n; i += L) {
            FloatVector z = FloatVector.fromArray(F, logits, lo + i);
            // addTerms written out: after softplus's polynomials C2 is at its node budget and left that call out of
            // line (a boxed vector per iteration with the polynomial exp at 512 bits)
            SimdElementwise.softplus(z).sub(z.mul(FloatVector.fromArray(F, target, to + i))).intoArray(buffer, 0);
            for (int q = 0; q < L; q++) sum += buffer[q];
        }
        return sum;
    }

    private static void sigmoidGradient(int n, float[] logits, int lo, float[] target, int to, float gradScale,
            float[] probs, int po, float[] dLogits, int dlo) {
        for (int i = 0; i < n; i += L) {
            FloatVector s = VMath.sigmoid(FloatVector.fromArray(F, logits, lo + i));
            if (probs != null) s.intoArray(probs, po + i);
            if (dLogits != null) s.sub(FloatVector.fromArray(F, target, to + i)).mul(gradScale).intoArray(dLogits, dlo + i);
        }
    }

    static double squaredError(int n, float[] y, int yo, float[] t, int to, float gradScale, float[] dy, int dyo) {
        double loss = 0;
        int i = 0;
        float[] buffer = TERMS.get();
        double sum = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector d = FloatVector.fromArray(F, y, yo + i).sub(FloatVector.fromArray(F, t, to + i));
            d.intoArray(buffer, 0);
            for (int q = 0; q < L; q++) sum += (double) buffer[q] * buffer[q];
            if (dy != null) d.mul(gradScale).intoArray(dy, dyo + i);
        }
        loss += 0.5 * sum;
        for (; i < n; i++) {
            double d = (double) y[yo + i] - t[to + i];
            loss += 0.5 * d * d;
            if (dy != null) dy[dyo + i] = (float) (gradScale * d);
        }
        return loss;
    }

    static double absoluteError(int n, float[] y, int yo, float[] t, int to, float gradScale, float[] dy, int dyo) {
        double loss = 0;
        int i = 0;
        float[] buffer = TERMS.get();
        double sum = 0;
        FloatVector up = FloatVector.broadcast(F, gradScale), down = FloatVector.broadcast(F, -gradScale);
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector d = FloatVector.fromArray(F, y, yo + i).sub(FloatVector.fromArray(F, t, to + i));
            sum = addTerms(sum, d.abs(), buffer);
            if (dy != null) {
                FloatVector g = FloatVector.zero(F).blend(up, d.compare(VectorOperators.GT, 0f))
                        .blend(down, d.lt(0f)).blend(d, d.test(VectorOperators.IS_NAN));
                g.intoArray(dy, dyo + i);
            }
        }
        loss += sum;
        for (; i < n; i++) {
            double d = (double) y[yo + i] - t[to + i];
            loss += Math.abs(d);
            if (dy != null) dy[dyo + i] = (float) (gradScale * Math.signum(d));
        }
        return loss;
    }

    static double hinge(int n, float[] y, int yo, float[] t, int to, float gradScale, float[] dy, int dyo) {
        double loss = 0;
        int i = 0;
        float[] buffer = TERMS.get();
        double sum = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector s = FloatVector.fromArray(F, t, to + i).fma(2f, -1f);
            FloatVector margin = s.neg().fma(FloatVector.fromArray(F, y, yo + i), FloatVector.broadcast(F, 1f));
            VectorMask<Float> active = margin.compare(VectorOperators.GT, 0f);
            sum = addTerms(sum, margin.blend(FloatVector.zero(F), active.not()), buffer);
            if (dy != null) {
                FloatVector.zero(F).blend(s.mul(-gradScale), active).blend(margin, margin.test(VectorOperators.IS_NAN))
                        .intoArray(dy, dyo + i);
            }
        }
        loss += sum;
        for (; i < n; i++) {
            double s = 2.0 * t[to + i] - 1, margin = 1 - s * y[yo + i];
            if (margin > 0) loss += margin;
            if (dy != null) {
                dy[dyo + i] = margin > 0 ? (float) (-gradScale * s) : Double.isNaN(margin) ? Float.NaN : 0f;
            }
        }
        return loss;
    }
}
