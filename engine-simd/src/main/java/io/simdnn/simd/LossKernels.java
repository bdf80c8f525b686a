package io.simdnn.simd;

import static io.simdnn.simd.Lanes.F;
import static io.simdnn.simd.Lanes.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Loss kernels and optimiser steps. Losses compute their terms in vectors and add them into a double in index order
 * (through a small per-thread buffer), so huge logits or errors do not overflow a float sum and the order is fixed.
 */
final class LossKernels {
    private LossKernels() {}

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
            // log p = (z − max) − lse, never z − (max + lse): see Kernels.logSoftmax
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
     * The four passes over a row (max, Σ e^(z − max), the loss terms, the gradient) each run one exponential or
     * reduction loop. Inlined into one method they exceeded C2's inlining budget in some runs (with the polynomial
     * exp: 2 KB of boxed vectors per training step in 2 of 3 runs), so they are called through one virtual call
     * site that sees four receiver classes: C2 keeps that call virtual and compiles each pass on its own. The
     * receivers come from an array, which C2 does not fold to constants (a constant receiver would be inlined).
     */
    private static final int ROW_MAX = 0, ROW_EXP_SUM = 1, ROW_TERMS = 2, ROW_GRADIENT = 3;
    private static final RowPass[] ROW_PASSES = RowPass.values();

    private static double rowPass(int pass, int n, float max, float lse, float[] logits, int lo, float[] target,
            int to, float gradScale, float[] probs, int po, float[] dLogits, int dlo) {
        return ROW_PASSES[pass].run(n, max, lse, logits, lo, target, to, gradScale, probs, po, dLogits, dlo);
    }

    /** In the order of the ROW_ constants. */
    private enum RowPass {
        MAX {
            @Override
            double run(int n, float max, float lse, float[] logits, int lo, float[] target, int to, float gradScale,
                    float[] probs, int po, float[] dLogits, int dlo) {
                return Kernels.max(n, logits, lo);
            }
        },
        EXP_SUM {
            @Override
            double run(int n, float max, float lse, float[] logits, int lo, float[] target, int to, float gradScale,
                    float[] probs, int po, float[] dLogits, int dlo) {
                return Kernels.expSum(n, max, logits, lo);
            }
        },
        TERMS {
            @Override
            double run(int n, float max, float lse, float[] logits, int lo, float[] target, int to, float gradScale,
                    float[] probs, int po, float[] dLogits, int dlo) {
                return crossEntropyTerms(n, max, lse, logits, lo, target, to);
            }
        },
        GRADIENT {
            @Override
            double run(int n, float max, float lse, float[] logits, int lo, float[] target, int to, float gradScale,
                    float[] probs, int po, float[] dLogits, int dlo) {
                crossEntropyGradient(n, max, lse, logits, lo, target, to, gradScale, probs, po, dLogits, dlo);
                return 0;
            }
        };

        abstract double run(int n, float max, float lse, float[] logits, int lo, float[] target, int to, float gradScale,
                float[] probs, int po, float[] dLogits, int dlo);
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
        double loss = sigmoidCrossEntropySum(full, logits, lo, target, to);
        if (probs != null || dLogits != null) sigmoidGradient(full, logits, lo, target, to, gradScale, probs, po, dLogits, dlo);
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

    /** Σ softplus(z) − z·t over whole vectors. */
    private static double sigmoidCrossEntropySum(int n, float[] logits, int lo, float[] target, int to) {
        float[] buffer = TERMS.get();
        double sum = 0;
        for (int i = 0; i < n; i += L) {
            FloatVector z = FloatVector.fromArray(F, logits, lo + i);
            sum = addTerms(sum, Activations.softplus(z).sub(z.mul(FloatVector.fromArray(F, target, to + i))), buffer);
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

    // ------------------------------------------------------------------------------------------------ optimisers
    // Same operations in the same order as the scalar reference: the updates are bit-identical to it.

    static void momentumStep(int n, float lr, float momentum, boolean nesterov, float[] w, int wo, float[] g, int go,
            float[] v, int vo) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector gi = FloatVector.fromArray(F, g, go + i);
            FloatVector vi = FloatVector.fromArray(F, v, vo + i).mul(momentum).add(gi);
            vi.intoArray(v, vo + i);
            FloatVector step = nesterov ? vi.mul(momentum).add(gi) : vi;
            FloatVector.fromArray(F, w, wo + i).sub(step.mul(lr)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            float gi = g[go + i];
            float vi = momentum * v[vo + i] + gi;
            v[vo + i] = vi;
            w[wo + i] -= lr * (nesterov ? gi + momentum * vi : vi);
        }
    }

    static void adagradStep(int n, float lr, float eps, float[] w, int wo, float[] g, int go, float[] h, int ho) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector gi = FloatVector.fromArray(F, g, go + i);
            FloatVector hi = FloatVector.fromArray(F, h, ho + i).add(gi.mul(gi));
            hi.intoArray(h, ho + i);
            FloatVector den = hi.lanewise(VectorOperators.SQRT).add(eps);
            FloatVector.fromArray(F, w, wo + i).sub(gi.mul(lr).div(den)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            float gi = g[go + i];
            float hi = h[ho + i] + gi * gi;
            h[ho + i] = hi;
            w[wo + i] -= lr * gi / ((float) Math.sqrt(hi) + eps);
        }
    }

    static void rmspropStep(int n, float lr, float rho, float eps, float[] w, int wo, float[] g, int go, float[] s,
            int so) {
        float keep = 1 - rho;
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector gi = FloatVector.fromArray(F, g, go + i);
            FloatVector si = FloatVector.fromArray(F, s, so + i).mul(rho).add(gi.mul(keep).mul(gi));
            si.intoArray(s, so + i);
            FloatVector den = si.lanewise(VectorOperators.SQRT).add(eps);
            FloatVector.fromArray(F, w, wo + i).sub(gi.mul(lr).div(den)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            float gi = g[go + i];
            float si = rho * s[so + i] + (1 - rho) * gi * gi;
            s[so + i] = si;
            w[wo + i] -= lr * gi / ((float) Math.sqrt(si) + eps);
        }
    }

    static void adamStep(int n, float lr, float beta1, float beta2, float eps, float weightDecay, float c1, float c2,
            float[] w, int wo, float[] g, int go, float[] m, int mo, float[] v, int vo) {
        float keep1 = 1 - beta1, keep2 = 1 - beta2, decay = lr * weightDecay;
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector gi = FloatVector.fromArray(F, g, go + i);
            FloatVector mi = FloatVector.fromArray(F, m, mo + i).mul(beta1).add(gi.mul(keep1));
            FloatVector vi = FloatVector.fromArray(F, v, vo + i).mul(beta2).add(gi.mul(keep2).mul(gi));
            mi.intoArray(m, mo + i);
            vi.intoArray(v, vo + i);
            FloatVector wi = FloatVector.fromArray(F, w, wo + i);
            wi = wi.sub(wi.mul(decay));
            FloatVector den = vi.div(c2).lanewise(VectorOperators.SQRT).add(eps);
            wi.sub(mi.div(c1).mul(lr).div(den)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            float gi = g[go + i];
            float mi = beta1 * m[mo + i] + (1 - beta1) * gi;
            float vi = beta2 * v[vo + i] + (1 - beta2) * gi * gi;
            m[mo + i] = mi;
            v[vo + i] = vi;
            float wi = w[wo + i];
            wi -= lr * weightDecay * wi;
            w[wo + i] = wi - lr * (mi / c1) / ((float) Math.sqrt(vi / c2) + eps);
        }
    }
}
