package io.simdnn.spi;

/**
 * Element-wise kernels: the activations and their derivatives, the per-unit parameterised activations (PReLU,
 * learnable Swish) as one pair, and Maxout. Arguments are checked by the {@link Backend} facade; sizes are at least 1.
 * "Exact alias" means the same array and offset; any other overlap has been rejected.
 */
public interface ElementwiseKernels {
    /** Reads z (n); overwrites a (n) with f(z), parameter p where f has one. a may be the exact alias of z. */
    void activate(Activation f, float p, int n, float[] z, int zOff, float[] a, int aOff);

    /**
     * Reads z, a = f(z) (may be ignored) and da (n each); overwrites dz with da·f'(z), the derivative
     * {@link Activation} defines. dz may be the exact alias of z, a or da.
     */
    void activateBackward(Activation f, float p, int n, float[] z, int zOff, float[] a, int aOff, float[] da,
            int daOff, float[] dz, int dzOff);

    /**
     * Reads z (contiguous m×n) and one parameter per unit (n); overwrites a (m×n) with f(z, param[j]). a may be the
     * exact alias of z; it overlaps param nowhere.
     */
    void unitActivation(UnitActivation f, int m, int n, float[] z, int zOff, float[] param, int paramOff, float[] a,
            int aOff);

    /**
     * Reads z, param, da; overwrites dz (m×n) with da·∂f/∂z and accumulates dParam[j] += Σᵢ da·∂f/∂param. dz may be
     * the exact alias of z or da; dParam overlaps nothing.
     */
    void unitActivationBackward(UnitActivation f, int m, int n, float[] z, int zOff, float[] param, int paramOff,
            float[] da, int daOff, float[] dz, int dzOff, float[] dParam, int dParamOff);

    /**
     * Reads z (m×(units·pieces)); overwrites a and argmax (m×units) with each unit's largest piece and its index
     * (first on ties; the first NaN wins). pieces ≥ 1. a overlaps nothing.
     */
    void maxout(int m, int units, int pieces, float[] z, int zOff, float[] a, int aOff, int[] argmax, int argmaxOff);

    /**
     * Reads da and argmax (m×units, every index in [0, pieces)); overwrites dz (m×(units·pieces)) with da at each
     * argmax piece and 0 elsewhere. dz overlaps nothing.
     */
    void maxoutBackward(int m, int units, int pieces, float[] da, int daOff, int[] argmax, int argmaxOff, float[] dz,
            int dzOff);
}
