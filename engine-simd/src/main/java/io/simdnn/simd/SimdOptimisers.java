package io.simdnn.simd;

import static io.simdnn.simd.Lanes.F;
import static io.simdnn.simd.Lanes.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The optimiser family ({@link io.simdnn.spi.OptimiserKernels}): momentum, Adagrad, RMSProp and Adam steps. Adam over
 * many parameters is split over the helper threads ({@link AdamJob}).
 */
final class SimdOptimisers {
    private final int threads;
    private final WorkerPool pool;
    /** The job the pool runs; set only by the caller holding the pool, so no call allocates one. */
    private final AdamJob adamJob = new AdamJob();

    /** {@code pool} null: every step runs on the calling thread. */
    SimdOptimisers(int threads, WorkerPool pool) {
        this.threads = threads;
        this.pool = pool;
    }

    /**
     * Adam over at least this many parameters is split across threads: its step is bound by two divisions and a
     * square root per element rather than by memory, and took 16 % of a one-thread training step of the reference
     * MLP (235,146 parameters) while the second thread waited.
     */
    static final int PARALLEL_STEP = 1 << 15;

    void adamStep(int n, float lr, float beta1, float beta2, float eps, float weightDecay, float c1,
            float c2, float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
        if (pool != null && n >= PARALLEL_STEP && pool.tryAcquire()) {
            adamJob.set(n, lr, beta1, beta2, eps, weightDecay, c1, c2, w, wOff, g, gOff, m, mOff, v, vOff);
            pool.runAndRelease(threads, adamJob);
            return;
        }
        adamSerial(n, lr, beta1, beta2, eps, weightDecay, c1, c2, w, wOff, g, gOff, m, mOff, v, vOff);
    }

    /**
     * One Adam step split into ranges of whole 64-float blocks (the last takes the rest). Each element is the same
     * sequence of IEEE operations in a vector lane or in the scalar tail, so the split never changes a bit.
     */
    private final class AdamJob implements WorkerPool.Job {
        private int n, wOff, gOff, mOff, vOff;
        private float lr, beta1, beta2, eps, weightDecay, c1, c2;
        private float[] w, g, m, v;

        void set(int n, float lr, float beta1, float beta2, float eps, float weightDecay, float c1, float c2,
                float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
            this.n = n;
            this.lr = lr;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
            this.weightDecay = weightDecay;
            this.c1 = c1;
            this.c2 = c2;
            this.w = w;
            this.wOff = wOff;
            this.g = g;
            this.gOff = gOff;
            this.m = m;
            this.mOff = mOff;
            this.v = v;
            this.vOff = vOff;
        }

        @Override
        public void clear() {
            w = g = m = v = null;
        }

        @Override
        public void run(int part) {
            int from = (int) ((long) n * part / threads) & ~63;
            int to = part == threads - 1 ? n : (int) ((long) n * (part + 1) / threads) & ~63;
            adamSerial(to - from, lr, beta1, beta2, eps, weightDecay, c1, c2, w, wOff + from, g,
                    gOff + from, m, mOff + from, v, vOff + from);
        }
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

    static void adamSerial(int n, float lr, float beta1, float beta2, float eps, float weightDecay, float c1, float c2,
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
