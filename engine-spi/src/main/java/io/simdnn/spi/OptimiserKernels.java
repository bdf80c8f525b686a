package io.simdnn.spi;

/**
 * Optimiser steps over n ≥ 1 parameters: each reads g, updates its state arrays and w in place. Arguments (ranges of
 * the hyper-parameters included) are checked by the {@link Backend} facade; w, g and the states overlap nowhere.
 */
public interface OptimiserKernels {
    /** v = μ·v + g; w −= lr·(nesterov ? g + μ·v : v). */
    void momentumStep(int n, float lr, float momentum, boolean nesterov, float[] w, int wOff, float[] g, int gOff,
            float[] v, int vOff);

    /** h += g²; w −= lr·g/(√h + eps). */
    void adagradStep(int n, float lr, float eps, float[] w, int wOff, float[] g, int gOff, float[] h, int hOff);

    /** s = ρ·s + (1 − ρ)·g²; w −= lr·g/(√s + eps). */
    void rmspropStep(int n, float lr, float rho, float eps, float[] w, int wOff, float[] g, int gOff, float[] s,
            int sOff);

    /**
     * w −= lr·weightDecay·w; m = β₁m + (1 − β₁)g; v = β₂v + (1 − β₂)g²; w −= lr·(m/c1)/(√(v/c2) + eps), with the
     * bias corrections c1 = 1 − β₁^step and c2 = 1 − β₂^step computed by the facade.
     */
    void adamStep(int n, float lr, float beta1, float beta2, float eps, float weightDecay, float c1, float c2,
            float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff);
}
