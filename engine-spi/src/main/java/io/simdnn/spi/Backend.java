package io.simdnn.spi;

/**
 * A compute backend: BLAS-like float32 kernels over primitive arrays with offsets (and, for matrices, leading
 * dimensions), so that a call allocates nothing and any sub-matrix can be addressed.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Matrices are row-major: element (i, j) of a matrix at offset {@code off} with leading dimension {@code ld}
 *       is {@code array[off + i*ld + j]}. Row-wise kernels without a leading dimension (softmax, losses, PReLU,
 *       Swish, Maxout) take a contiguous block ({@code ld} = number of columns).</li>
 *   <li>Every public method checks its arguments once, here, for all backends: a negative size, a leading dimension
 *       below {@code max(1, columns)} or a negative parameter throws {@link IllegalArgumentException}; a region that
 *       does not fit its array throws {@link IndexOutOfBoundsException}; a null array {@link NullPointerException}.
 *       Each message names the argument and the numbers. Backends implement the kernel families
 *       ({@link MatrixKernels}, {@link ElementwiseKernels}, {@link RowKernels}, {@link VectorKernels},
 *       {@link OptimiserKernels}, together {@link BackendKernels}), whose methods receive only checked, non-empty
 *       arguments.</li>
 *   <li>Empty sizes (0 rows, columns or elements) are valid and do nothing (reductions return their identity).</li>
 *   <li>Aliasing: outputs must not overlap inputs, except that element-wise kernels accept the exact in-place alias
 *       (same array and offset), as stated on each method. Overlap is an {@link IllegalArgumentException}.</li>
 *   <li>NaN propagates: a NaN input gives NaN in the outputs it reaches; kernels never turn NaN into a number.</li>
 *   <li>Backward kernels overwrite their input gradient ({@code dz}); parameter gradients ({@code dGamma},
 *       {@code dBeta}) accumulate ({@code +=}), so a caller zeroes them once per batch.</li>
 *   <li>Results may differ between backends in the last bits (summation order, fused multiply-add, vectorised
 *       transcendentals), within the bounds of {@code docs/conformance.md}. One backend, one thread count and one
 *       input give bit-identical results once the kernels are compiled (a backend built on the JDK's native vector
 *       math may differ in the last bit while its code still runs interpreted; see docs/simd-accuracy.md).</li>
 * </ul>
 * Backends are thread-safe: any number of threads may call one instance at once. This class is the facade callers
 * use: it checks every argument once and passes the call to a {@link BackendKernels} implementation.
 */
public class Backend implements AutoCloseable {
    private final BackendKernels kernels;
    /** The instance {@link Backends#get()} hands to every caller: {@link #close()} leaves it open. */
    private final boolean shared;

    /** The checking facade over {@code kernels}. */
    public Backend(BackendKernels kernels) {
        this(kernels, false);
    }

    private Backend(BackendKernels kernels, boolean shared) {
        this.kernels = java.util.Objects.requireNonNull(kernels, "kernels");
        this.shared = shared;
    }

    /** This backend as the shared default: the same kernels, and a {@link #close()} that does nothing. */
    Backend asShared() {
        return new Backend(kernels, true);
    }

    /** Short name, as its provider's. */
    public String name() {
        return kernels.name();
    }

    /** Width in bits of the vectors the kernels use (32 for scalar code). */
    public int vectorBitSize() {
        return kernels.vectorBitSize();
    }

    /** The most threads one kernel call uses. */
    public int threads() {
        return kernels.threads();
    }

    /** The sizes at which the kernels change path (see {@link BackendKernels#blockingEdges()}). */
    public java.util.List<Integer> blockingEdges() {
        return kernels.blockingEdges();
    }

    /**
     * Ends the helper threads of a multi-threaded backend and waits for them (idempotent; the scalar backend holds
     * none). A call in flight on another thread completes normally. The backend stays usable: every later call runs
     * on its caller's thread alone and gives the same results as before (which never depend on the thread count),
     * and {@link #threads()} is then 1. The default backend of {@link Backends#get()} is shared by every caller, so
     * its {@code close()} does nothing (its helpers are daemon threads that park when idle); the backends of
     * {@link Backends#get(String, int)} belong to their caller.
     */
    @Override
    public void close() {
        if (!shared) kernels.close();
    }

    @Override
    public String toString() {
        return name() + " (" + vectorBitSize() + "-bit, " + threads() + (threads() == 1 ? " thread)" : " threads)");
    }

    // ------------------------------------------------------------------------------------------------ GEMM

    /**
     * C = alpha·op(A)·op(B) + beta·C, where op(X) is X or Xᵀ. C is m×n; op(A) is m×k; op(B) is k×n.
     * A is stored m×k ({@code lda ≥ k}), or k×m when {@code transA} ({@code lda ≥ m}); B is stored k×n
     * ({@code ldb ≥ n}), or n×k when {@code transB} ({@code ldb ≥ k}); {@code ldc ≥ n}.
     *
     * <p>{@code beta == 0} makes C write-only: whatever C held (NaN included) does not reach the result. When
     * {@code k == 0} or {@code alpha == 0}, A and B are not read and C becomes beta·C (zeros for beta = 0). Only the
     * m×n window of C is written; elements between rows (ld padding) are untouched. C must not overlap A or B.
     */
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        boolean readsAB = k > 0 && alpha != 0f;
        Checks.product(transA, transB, m, n, k, a, aOff, lda, "b", b, bOff, ldb, c, cOff, ldc, readsAB);
        if (m == 0 || n == 0) return;
        if (!readsAB) {
            scaleMatrix(m, n, beta, c, cOff, ldc);
            return;
        }
        kernels.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }


    private static void scaleMatrix(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + n, 0f);
            } else {
                for (int j = 0; j < n; j++) c[row + j] *= beta;
            }
        }
    }

    /**
     * Fused dense layer for inference: C = f(A·Wᵀ + bias), A m×k, W stored n×k (rows = output units, as PyTorch's
     * {@code nn.Linear}), bias of length n or null, C m×n. C must not overlap A, W or bias. Same result as
     * {@link #gemm} (beta = 0), {@link #addBias} and {@link #activate} in sequence, within the conformance bounds.
     */
    public void denseForward(int m, int n, int k, float[] a, int aOff, int lda, float[] w, int wOff, int ldw,
            float[] bias, int biasOff, Activation f, float p, float[] c, int cOff, int ldc) {
        Checks.notNull("f", f);
        Checks.product(false, true, m, n, k, a, aOff, lda, "w", w, wOff, ldw, c, cOff, ldc, true);
        if (bias != null) Checks.bias(bias, biasOff, n, c, cOff, m, ldc);
        if (m == 0 || n == 0) return;
        kernels.denseForward(m, n, k, a, aOff, lda, w, wOff, ldw, bias, biasOff, f, p, c, cOff, ldc);
    }


    // ------------------------------------------------------------------------------------------------ bias

    /** C[i][j] += bias[j] for the m×n window of C. */
    public void addBias(int m, int n, float[] bias, int biasOff, float[] c, int cOff, int ldc) {
        Checks.matrix("c", c, cOff, m, n, ldc);
        Checks.bias(bias, biasOff, n, c, cOff, m, ldc);
        if (m == 0 || n == 0) return;
        kernels.addBias(m, n, bias, biasOff, c, cOff, ldc);
    }


    /**
     * out[j] = beta·out[j] + Σᵢ A[i][j] over the m×n window of A (the bias gradient). {@code beta == 0} makes out
     * write-only; with m == 0 out becomes beta·out.
     */
    public void columnSums(int m, int n, float[] a, int aOff, int lda, float beta, float[] out, int outOff) {
        Checks.matrix("a", a, aOff, m, n, lda);
        Checks.columnSums(a, aOff, m, n, lda, out, outOff);
        if (n == 0) return;
        if (m == 0) {
            scaleMatrix(1, n, beta, out, outOff, n);
            return;
        }
        kernels.columnSums(m, n, a, aOff, lda, beta, out, outOff);
    }


    // ------------------------------------------------------------------------------------------------ activations

    /**
     * a[i] = f(z[i]) for n elements, with parameter p for the activations that have one ({@link
     * Activation#hasParameter()}; ignored otherwise). {@code a} may be the exact alias of {@code z} (in place).
     */
    public void activate(Activation f, float p, int n, float[] z, int zOff, float[] a, int aOff) {
        Checks.notNull("f", f);
        Checks.elementwise(Checks.length(n), "z", z, zOff, "a", a, aOff);
        if (n == 0) return;
        kernels.activate(f, p, n, z, zOff, a, aOff);
    }


    /**
     * dz[i] = da[i]·f'(z[i]) for n elements (overwrites dz). {@code a} must hold f(z) as computed by
     * {@link #activate}: a backend may read it, but the derivative is a function of z with relative accuracy (see
     * {@link Activation}), so the built-in backends compute every derivative from z. {@code dz} may be the exact
     * alias of {@code da}, {@code z} or {@code a}.
     */
    public void activateBackward(Activation f, float p, int n, float[] z, int zOff, float[] a, int aOff,
            float[] da, int daOff, float[] dz, int dzOff) {
        Checks.notNull("f", f);
        Checks.elementwise(Checks.length(n), "z", z, zOff, "a", a, aOff, "da", da, daOff, "dz", dz, dzOff);
        if (n == 0) return;
        kernels.activateBackward(f, p, n, z, zOff, a, aOff, da, daOff, dz, dzOff);
    }


    /**
     * PReLU over a contiguous m×n block: a[i][j] = z[i][j] for z &gt; 0, else gamma[j]·z[i][j] (one learnable
     * slope per unit j). {@code a} may be the exact alias of {@code z}.
     */
    public void prelu(int m, int n, float[] z, int zOff, float[] gamma, int gammaOff, float[] a, int aOff) {
        Checks.unitActivation(m, n, z, zOff, "gamma", gamma, gammaOff, a, aOff);
        if (m == 0 || n == 0) return;
        kernels.unitActivation(UnitActivation.PRELU, m, n, z, zOff, gamma, gammaOff, a, aOff);
    }

    /**
     * PReLU backward: dz = da·(z &gt; 0 ? 1 : gamma[j]) (overwritten; may alias da or z exactly) and
     * dGamma[j] += Σᵢ da[i][j]·min(z[i][j], 0) (accumulated).
     */
    public void preluBackward(int m, int n, float[] z, int zOff, float[] gamma, int gammaOff, float[] da,
            int daOff, float[] dz, int dzOff, float[] dGamma, int dGammaOff) {
        Checks.unitActivationBackward(m, n, z, zOff, "gamma", gamma, gammaOff, da, daOff, dz, dzOff, "dGamma",
                dGamma, dGammaOff);
        if (m == 0 || n == 0) return;
        kernels.unitActivationBackward(UnitActivation.PRELU, m, n, z, zOff, gamma, gammaOff, da, daOff, dz, dzOff,
                dGamma, dGammaOff);
    }

    /**
     * Swish with a learnable β per unit over a contiguous m×n block: a[i][j] = z·σ(beta[j]·z).
     * {@code a} may be the exact alias of {@code z}. (For one fixed β use {@link Activation#SWISH}.)
     */
    public void swish(int m, int n, float[] z, int zOff, float[] beta, int betaOff, float[] a, int aOff) {
        Checks.unitActivation(m, n, z, zOff, "beta", beta, betaOff, a, aOff);
        if (m == 0 || n == 0) return;
        kernels.unitActivation(UnitActivation.SWISH, m, n, z, zOff, beta, betaOff, a, aOff);
    }

    /**
     * Learnable Swish backward, s = σ(β·z): dz = da·(s + β·z·s·(1 − s)) (overwritten; may alias da or z exactly)
     * and dBeta[j] += Σᵢ da·z²·s·(1 − s) (accumulated).
     */
    public void swishBackward(int m, int n, float[] z, int zOff, float[] beta, int betaOff, float[] da,
            int daOff, float[] dz, int dzOff, float[] dBeta, int dBetaOff) {
        Checks.unitActivationBackward(m, n, z, zOff, "beta", beta, betaOff, da, daOff, dz, dzOff, "dBeta", dBeta,
                dBetaOff);
        if (m == 0 || n == 0) return;
        kernels.unitActivationBackward(UnitActivation.SWISH, m, n, z, zOff, beta, betaOff, da, daOff, dz, dzOff,
                dBeta, dBetaOff);
    }

    /**
     * Maxout: z is a contiguous m×(units·pieces) block where unit u's pieces sit at columns u·pieces … u·pieces +
     * pieces − 1; a (m×units) gets the maximum piece and argmax (m×units) its index. Ties pick the first maximal
     * piece; a NaN piece makes the result NaN and is the argmax (the first NaN).
     */
    public void maxout(int m, int units, int pieces, float[] z, int zOff, float[] a, int aOff, int[] argmax,
            int argmaxOff) {
        long out = Checks.maxout(m, units, pieces);
        Checks.separate("z", z, zOff, out * pieces, "a", a, aOff, out);
        Checks.vector("argmax", argmax, argmaxOff, out);
        if (out == 0) return;
        kernels.maxout(m, units, pieces, z, zOff, a, aOff, argmax, argmaxOff);
    }


    /** Maxout backward: dz (m×(units·pieces), overwritten) is da at each argmax piece and 0 elsewhere. */
    public void maxoutBackward(int m, int units, int pieces, float[] da, int daOff, int[] argmax,
            int argmaxOff, float[] dz, int dzOff) {
        long out = Checks.maxout(m, units, pieces);
        Checks.separate("da", da, daOff, out, "dz", dz, dzOff, out * pieces);
        Checks.vector("argmax", argmax, argmaxOff, out);
        if (out == 0) return;
        Checks.pieceIndices(argmax, argmaxOff, out, pieces);
        kernels.maxoutBackward(m, units, pieces, da, daOff, argmax, argmaxOff, dz, dzOff);
    }


    // ------------------------------------------------------------------------------------------------ softmax

    /**
     * Row-wise softmax of a contiguous m×n block, stable (the row maximum is subtracted first). −∞ entries get
     * probability 0; a row containing NaN or +∞, or only −∞, becomes NaN. {@code y} may be the exact alias of x.
     */
    public void softmax(int m, int n, float[] x, int xOff, float[] y, int yOff) {
        Checks.elementwise(Checks.rows(m, n), "x", x, xOff, "y", y, yOff);
        if (m == 0 || n == 0) return;
        kernels.softmax(m, n, x, xOff, y, yOff);
    }


    /** Row-wise log-softmax, y = x − max − log Σ exp(x − max); special values as {@link #softmax}. */
    public void logSoftmax(int m, int n, float[] x, int xOff, float[] y, int yOff) {
        Checks.elementwise(Checks.rows(m, n), "x", x, xOff, "y", y, yOff);
        if (m == 0 || n == 0) return;
        kernels.logSoftmax(m, n, x, xOff, y, yOff);
    }


    /**
     * Softmax backward for a loss other than cross-entropy: dx = y ⊙ (dy − Σⱼ dy·y) per row, y the softmax output.
     * dx is overwritten and may be the exact alias of dy.
     */
    public void softmaxBackward(int m, int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx,
            int dxOff) {
        long len = Checks.rows(m, n);
        Checks.elementwise(len, "dy", dy, dyOff, "dx", dx, dxOff);
        Checks.separate("y", y, yOff, len, "dx", dx, dxOff, len);
        if (len == 0) return;
        kernels.softmaxBackward(m, n, y, yOff, dy, dyOff, dx, dxOff);
    }


    // ------------------------------------------------------------------------------------------------ losses

    /**
     * Fused softmax + cross-entropy over a contiguous m×n block of logits and target distributions (one-hot or
     * soft rows). Returns Σ over rows of −Σⱼ t·log softmax(z) (the caller divides by m for the mean), computed with
     * log-softmax so that huge logits do not overflow. Writes the probabilities to {@code probs} when non-null and
     * dLogits = gradScale·(softmax(z) − t) when {@code dLogits} is non-null. Outputs overlap nothing.
     */
    public double softmaxCrossEntropy(int m, int n, float[] logits, int logitsOff, float[] target,
            int targetOff, float gradScale, float[] probs, int probsOff, float[] dLogits, int dLogitsOff) {
        Checks.loss(Checks.rows(m, n), "logits", logits, logitsOff, target, targetOff, "probs", probs, probsOff,
                "dLogits", dLogits, dLogitsOff);
        if (m == 0 || n == 0) return 0;
        return kernels.softmaxCrossEntropy(m, n, logits, logitsOff, target, targetOff, gradScale, probs, probsOff,
                dLogits, dLogitsOff);
    }


    /**
     * Fused sigmoid + binary cross-entropy, element-wise over n logits and targets in [0, 1]. Returns
     * Σ max(z, 0) − z·t + log(1 + e^−|z|) (stable for any z); writes σ(z) to {@code probs} and
     * dLogits = gradScale·(σ(z) − t) when they are non-null. Outputs overlap nothing.
     */
    public double sigmoidCrossEntropy(int n, float[] logits, int logitsOff, float[] target, int targetOff,
            float gradScale, float[] probs, int probsOff, float[] dLogits, int dLogitsOff) {
        Checks.loss(Checks.length(n), "logits", logits, logitsOff, target, targetOff, "probs", probs, probsOff,
                "dLogits", dLogits, dLogitsOff);
        if (n == 0) return 0;
        return kernels.sigmoidCrossEntropy(n, logits, logitsOff, target, targetOff, gradScale, probs, probsOff,
                dLogits, dLogitsOff);
    }


    /** Returns ½Σ(y − t)²; writes dy = gradScale·(y − t) when {@code dy} is non-null. */
    public double squaredError(int n, float[] y, int yOff, float[] t, int tOff, float gradScale, float[] dy,
            int dyOff) {
        Checks.loss(Checks.length(n), "y", y, yOff, t, tOff, "dy", dy, dyOff);
        if (n == 0) return 0;
        return kernels.squaredError(n, y, yOff, t, tOff, gradScale, dy, dyOff);
    }


    /** Returns Σ|y − t|; writes dy = gradScale·sign(y − t) (0 where y = t) when {@code dy} is non-null. */
    public double absoluteError(int n, float[] y, int yOff, float[] t, int tOff, float gradScale, float[] dy,
            int dyOff) {
        Checks.loss(Checks.length(n), "y", y, yOff, t, tOff, "dy", dy, dyOff);
        if (n == 0) return 0;
        return kernels.absoluteError(n, y, yOff, t, tOff, gradScale, dy, dyOff);
    }


    /**
     * Hinge loss with targets t in {0, 1} (one-hot or binary), read as signs s = 2t − 1: returns
     * Σ max(0, 1 − s·y); writes dy = −gradScale·s where 1 − s·y &gt; 0, else 0, when {@code dy} is non-null.
     */
    public double hinge(int n, float[] y, int yOff, float[] t, int tOff, float gradScale, float[] dy,
            int dyOff) {
        Checks.loss(Checks.length(n), "y", y, yOff, t, tOff, "dy", dy, dyOff);
        if (n == 0) return 0;
        return kernels.hinge(n, y, yOff, t, tOff, gradScale, dy, dyOff);
    }


    // ------------------------------------------------------------------------------------------------ vectors

    /** y += alpha·x. y and x must not overlap (the exact alias is allowed: y += alpha·y). */
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        Checks.elementwise(Checks.length(n), "x", x, xOff, "y", y, yOff);
        if (n == 0) return;
        kernels.axpy(n, alpha, x, xOff, y, yOff);
    }


    /** x *= alpha. (alpha = 0 gives 0 for finite x and NaN for NaN and ±∞, as IEEE multiplication does.) */
    public void scale(int n, float alpha, float[] x, int xOff) {
        Checks.vector("x", x, xOff, Checks.length(n));
        if (n == 0) return;
        kernels.scale(n, alpha, x, xOff);
    }


    /** z = x ⊙ y (element-wise product); z may be the exact alias of x or y. */
    public void mul(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
        Checks.elementwise(Checks.length(n), "x", x, xOff, "y", y, yOff, "z", z, zOff);
        if (n == 0) return;
        kernels.mul(n, x, xOff, y, yOff, z, zOff);
    }


    /** Σ x·y (0 for n = 0). */
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        Checks.vector("x", x, xOff, Checks.length(n));
        Checks.vector("y", y, yOff, n);
        return n == 0 ? 0f : kernels.dot(n, x, xOff, y, yOff);
    }


    /** Σ x (0 for n = 0). */
    public float sum(int n, float[] x, int xOff) {
        Checks.vector("x", x, xOff, Checks.length(n));
        return n == 0 ? 0f : kernels.sum(n, x, xOff);
    }


    /** Σ x² (0 for n = 0): the squared Euclidean norm, for gradient clipping and weight decay. */
    public float sumSquares(int n, float[] x, int xOff) {
        Checks.vector("x", x, xOff, Checks.length(n));
        return n == 0 ? 0f : kernels.sumSquares(n, x, xOff);
    }


    /** The largest element; NaN if any element is NaN; −∞ for n = 0. */
    public float max(int n, float[] x, int xOff) {
        Checks.vector("x", x, xOff, Checks.length(n));
        return n == 0 ? Float.NEGATIVE_INFINITY : kernels.max(n, x, xOff);
    }


    /**
     * For each row of a contiguous m×n block (n ≥ 1 when m &gt; 0), the column of its largest element (the first
     * one on ties; the first NaN if the row has one) into out[i].
     */
    public void argmaxRows(int m, int n, float[] x, int xOff, int[] out, int outOff) {
        long len = Checks.rows(m, n);
        if (m > 0 && n == 0) throw new IllegalArgumentException("n = 0: a row of no columns has no largest element");
        Checks.vector("x", x, xOff, len);
        Checks.vector("out", out, outOff, m);
        if (m == 0) return;
        kernels.argmaxRows(m, n, x, xOff, out, outOff);
    }


    // ------------------------------------------------------------------------------------------------ optimisers

    /**
     * SGD with momentum μ, as PyTorch: v = μ·v + g; w −= lr·(nesterov ? g + μ·v : v). With μ = 0 and nesterov
     * false this is plain SGD. w, g and v must not overlap.
     */
    public void momentumStep(int n, float lr, float momentum, boolean nesterov, float[] w, int wOff,
            float[] g, int gOff, float[] v, int vOff) {
        Checks.nonNegativeFinite("momentum", momentum);
        Checks.optimiser(n, lr, w, wOff, g, gOff, "v", v, vOff);
        if (n == 0) return;
        kernels.momentumStep(n, lr, momentum, nesterov, w, wOff, g, gOff, v, vOff);
    }


    /** AdaGrad: h += g²; w −= lr·g/(√h + eps). */
    public void adagradStep(int n, float lr, float eps, float[] w, int wOff, float[] g, int gOff, float[] h,
            int hOff) {
        Checks.nonNegativeFinite("eps", eps);
        Checks.optimiser(n, lr, w, wOff, g, gOff, "h", h, hOff);
        if (n == 0) return;
        kernels.adagradStep(n, lr, eps, w, wOff, g, gOff, h, hOff);
    }


    /** RMSprop: s = ρ·s + (1 − ρ)·g²; w −= lr·g/(√s + eps). */
    public void rmspropStep(int n, float lr, float rho, float eps, float[] w, int wOff, float[] g, int gOff,
            float[] s, int sOff) {
        Checks.unitInterval("rho", rho);
        Checks.nonNegativeFinite("eps", eps);
        Checks.optimiser(n, lr, w, wOff, g, gOff, "s", s, sOff);
        if (n == 0) return;
        kernels.rmspropStep(n, lr, rho, eps, w, wOff, g, gOff, s, sOff);
    }


    /**
     * Adam / AdamW step number {@code step} (1 for the first): w −= lr·weightDecay·w (decoupled decay, AdamW; 0 for
     * Adam); m = β₁m + (1 − β₁)g; v = β₂v + (1 − β₂)g²; w −= lr·(m/c₁)/(√(v/c₂) + eps) with the bias corrections
     * c₁ = 1 − β₁^step, c₂ = 1 − β₂^step.
     */
    public void adamStep(int n, float lr, float beta1, float beta2, float eps, float weightDecay, int step,
            float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
        Checks.unitInterval("beta1", beta1);
        Checks.unitInterval("beta2", beta2);
        Checks.nonNegativeFinite("eps", eps);
        Checks.nonNegativeFinite("weightDecay", weightDecay);
        Checks.positive("step", step);
        Checks.optimiser(n, lr, w, wOff, g, gOff, "m", m, mOff, "v", v, vOff);
        if (n == 0) return;
        float c1 = (float) (1 - Math.pow(beta1, step));
        float c2 = (float) (1 - Math.pow(beta2, step));
        kernels.adamStep(n, lr, beta1, beta2, eps, weightDecay, c1, c2, w, wOff, g, gOff, m, mOff, v, vOff);
    }

    // ------------------------------------------------------------------------------------------------ packed weights

    /**
     * Prepares W (n×k, stored at wOff with {@code ldw ≥ k}: rows are output units, as {@link #denseForward}'s) for
     * repeated products with this backend: a backend that packs copies W once into its own panel layout. The handle
     * refers to W's array; see {@link PackedWeights} for when it stays valid. Allocates the packed copy (about n·k
     * floats); {@link PackedWeights#repack()} reuses it.
     */
    public PackedWeights pack(int n, int k, float[] w, int wOff, int ldw) {
        Checks.nonNegative("n", n);
        Checks.nonNegative("k", k);
        Checks.matrix("w", w, wOff, n, k, ldw);
        return new PackedWeights(kernels, n, k, w, wOff, ldw);
    }

    /**
     * {@link #denseForward(int, int, int, float[], int, int, float[], int, int, float[], int, Activation, float,
     * float[], int, int)} with W from a handle of this backend: n and k must be the handle's. The same bits as the
     * call on the handle's plain W. Throws {@link IllegalStateException} for a stale, invalidated or foreign handle.
     */
    public void denseForward(int m, int n, int k, float[] a, int aOff, int lda, PackedWeights w, float[] bias,
            int biasOff, Activation f, float p, float[] c, int cOff, int ldc) {
        Checks.notNull("w", w);
        Checks.notNull("f", f);
        if (w.rows() != n || w.columns() != k) {
            throw new IllegalArgumentException("w is packed " + w.rows() + " x " + w.columns() + ", but the layer is n = "
                    + n + " by k = " + k);
        }
        Checks.product(false, true, m, n, k, a, aOff, lda, "w", w.weights(), w.offset(), w.ld(), c, cOff, ldc, true);
        if (bias != null) Checks.bias(bias, biasOff, n, c, cOff, m, ldc);
        w.checkUsable("w", kernels);
        if (m == 0 || n == 0) return;
        kernels.denseForward(m, n, k, a, aOff, lda, w, bias, biasOff, f, p, c, cOff, ldc);
    }

    /**
     * {@link #gemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int,
     * int)} with B the W of a handle of this backend: op(B) = Wᵀ when {@code transB} (the forward: the handle is
     * n×k), else W (the backward product δ·W: the handle is k×n). The same bits as the call on the plain W. Throws
     * {@link IllegalStateException} for a stale, invalidated or foreign handle.
     */
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            PackedWeights b, float beta, float[] c, int cOff, int ldc) {
        Checks.notNull("b", b);
        int bRows = transB ? n : k, bCols = transB ? k : n;
        if (b.rows() != bRows || b.columns() != bCols) {
            throw new IllegalArgumentException("b is packed " + b.rows() + " x " + b.columns() + ", but op(B) = "
                    + (transB ? "W^T needs W stored n x k = " : "W needs W stored k x n = ") + bRows + " x " + bCols);
        }
        boolean readsAB = k > 0 && alpha != 0f;
        Checks.product(transA, transB, m, n, k, a, aOff, lda, "b", b.weights(), b.offset(), b.ld(), c, cOff, ldc,
                readsAB);
        b.checkUsable("b", kernels);
        if (m == 0 || n == 0) return;
        if (!readsAB) {
            scaleMatrix(m, n, beta, c, cOff, ldc);
            return;
        }
        kernels.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, beta, c, cOff, ldc);
    }
}
