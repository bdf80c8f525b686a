package io.simdnn.simd;

import static io.simdnn.simd.Lanes.F;
import static io.simdnn.simd.Lanes.L;

import io.simdnn.spi.Activation;
import io.simdnn.spi.UnitActivation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The element-wise family ({@link io.simdnn.spi.ElementwiseKernels}): activations and their derivatives, the gated
 * activations, PReLU and the learnable Swish (Maxout is the scalar reference's).
 *
 * <p>Each activation's loop over whole vectors is a {@link VectorLoop}, so that C2 compiles it on its own (the
 * reason is there). Its body calls its per-vector function exactly once: with a second call site (a masked tail) the
 * larger functions pushed C2 over its inlining node budget, so the last partial vector instead goes through a small
 * per-thread buffer and the same loop.
 *
 * <h2>The gated activations: why in passes</h2>
 * The gated activations z·g(z) are Swish z·σ(βz), GELU z·Φ(z) and its two approximations z·σ(2u(z)), z·σ(1.702z).
 * Each function takes 40–80 vector operations, too many for one loop body within C2's inlining budget, so it is
 * split into passes of about twenty operations, each a {@link VectorLoop}, over chunks of {@value #CHUNK} floats in
 * per-thread buffers that stay in L1. The passes exchange the gate's pieces — e^−|w| scaled by 2²⁴, and for
 * GELU_TANH the low part of its argument — through those buffers.
 *
 * <h2>The gated activations: accuracy</h2>
 * The argument w of the gate (βz, 1.702z, 2u) is carried as a float pair h + l (error-free products with FMA), and
 * e^−|w| = e^−|h|·(1 ∓ l), because in the tail σ(w) ≈ e^w amplifies any rounding of w by |w| (up to 104). The gate is
 * kept scaled by 2²⁴ so that z·g stays exact where g is subnormal but z·g is not (z ≈ −90 for Swish); σ(1 − σ),
 * needed by the derivatives, is t/(1 + t)² with t = e^−|w|, which has no cancellation.
 */
final class SimdElementwise {
    private SimdElementwise() {}

    /** 1.702 as a float pair, for GELU's sigmoid approximation with an exact argument. */
    static final float GELU_SIG_HI = 1.702f, GELU_SIG_LO = (float) (1.702 - (double) 1.702f);
    /** |z| beyond which σ(1.702z) is 0 or 1 in float; keeps 1.702z finite. */
    static final float GELU_SIG_CLAMP = 100f;

    /** Per-thread staging for the last partial vector: three slices (z, da, dz) of L lanes. */
    private static final ThreadLocal<float[]> TAIL = ThreadLocal.withInitial(() -> new float[3 * L]);

    /** a = f(z); a may alias z exactly. */
    static void forward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao) {
        if (f == Activation.IDENTITY) {
            if (z != a || zo != ao) System.arraycopy(z, zo, a, ao, n);
            return;
        }
        int full = F.loopBound(n);
        if (full > 0) forwardVectors(f, p, full, z, zo, a, ao);
        if (full < n) {
            float[] t = TAIL.get();
            int rest = n - full;
            System.arraycopy(z, zo + full, t, 0, rest);
            java.util.Arrays.fill(t, rest, L, 0f);
            forwardVectors(f, p, L, t, 0, t, 0);
            System.arraycopy(t, 0, a, ao + full, rest);
        }
    }

    /** n a multiple of the lane count. */
    private static void forwardVectors(Activation f, float p, int n, float[] z, int zo, float[] a, int ao) {
        FORWARD[f.ordinal()].run(n, p, 0f, 0f, z, zo, null, 0, null, 0, a, ao);
    }

    /** dz = da·f'(z), with the derivative {@link Activation} defines, from z alone (a is not read). */
    static void backward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao, float[] da, int dao,
            float[] dz, int dzo) {
        if (f == Activation.IDENTITY) {
            if (da != dz || dao != dzo) System.arraycopy(da, dao, dz, dzo, n);
            return;
        }
        int full = F.loopBound(n);
        if (full > 0) backwardVectors(f, p, full, z, zo, da, dao, dz, dzo);
        if (full < n) {
            float[] t = TAIL.get();
            int rest = n - full;
            java.util.Arrays.fill(t, 0f);
            System.arraycopy(z, zo + full, t, 0, rest);
            System.arraycopy(da, dao + full, t, L, rest);
            backwardVectors(f, p, L, t, 0, t, L, t, 2 * L);
            System.arraycopy(t, 2 * L, dz, dzo + full, rest);
        }
    }

    private static void backwardVectors(Activation f, float p, int n, float[] z, int zo, float[] da, int dao,
            float[] dz, int dzo) {
        BACKWARD[f.ordinal()].run(n, p, 0f, 0f, z, zo, da, dao, null, 0, dz, dzo);
    }

    // ------------------------------------------------------------------------------------------------ f(z)

    private static FloatVector sigmoid(FloatVector v) {
        return VMath.sigmoid(v);
    }

    private static void sigmoidLoop(int n, float[] z, int zo, float[] a, int ao) {
        for (int i = 0; i < n; i += L) sigmoid(FloatVector.fromArray(F, z, zo + i)).intoArray(a, ao + i);
    }

    private static FloatVector tanh(FloatVector v) {
        return VMath.tanh(v);
    }

    private static void tanhLoop(int n, float[] z, int zo, float[] a, int ao) {
        for (int i = 0; i < n; i += L) tanh(FloatVector.fromArray(F, z, zo + i)).intoArray(a, ao + i);
    }

    private static FloatVector hardSigmoid(FloatVector v) {
        return v.fma(0.25f, 0.5f).min(1f).max(0f);
    }

    private static void hardSigmoidLoop(int n, float[] z, int zo, float[] a, int ao) {
        for (int i = 0; i < n; i += L) hardSigmoid(FloatVector.fromArray(F, z, zo + i)).intoArray(a, ao + i);
    }

    private static FloatVector hardTanh(FloatVector v) {
        return v.min(1f).max(-1f);
    }

    private static void hardTanhLoop(int n, float[] z, int zo, float[] a, int ao) {
        for (int i = 0; i < n; i += L) hardTanh(FloatVector.fromArray(F, z, zo + i)).intoArray(a, ao + i);
    }

    private static FloatVector relu(FloatVector v) {
        return v.max(0f);
    }

    private static void reluLoop(int n, float[] z, int zo, float[] a, int ao) {
        for (int i = 0; i < n; i += L) relu(FloatVector.fromArray(F, z, zo + i)).intoArray(a, ao + i);
    }

    private static FloatVector leakyRelu(FloatVector v, float p) {
        return v.mul(p).blend(v, v.compare(VectorOperators.GT, 0f));
    }

    private static void leakyReluLoop(int n, float p, float[] z, int zo, float[] a, int ao) {
        for (int i = 0; i < n; i += L) leakyRelu(FloatVector.fromArray(F, z, zo + i), p).intoArray(a, ao + i);
    }

    private static FloatVector elu(FloatVector v, float p) {
        VectorMask<Float> positive = v.compare(VectorOperators.GT, 0f);
        FloatVector e = VMath.expm1Neg(v.blend(FloatVector.zero(F), positive));
        return e.mul(p).blend(v, positive);
    }

    private static void eluLoop(int n, float p, float[] z, int zo, float[] a, int ao) {
        for (int i = 0; i < n; i += L) elu(FloatVector.fromArray(F, z, zo + i), p).intoArray(a, ao + i);
    }

    static FloatVector softplus(FloatVector v) {
        // max(z, 0) + log1p(e^−|z|): the JDK's LOG1P with native exp (both SVML), the series otherwise
        FloatVector t = VMath.expNeg(v.abs().neg());
        return v.max(0f).add(VMath.NATIVE_EXP ? t.lanewise(VectorOperators.LOG1P) : VMath.log1pUnit(t));
    }

    private static void softplusLoop(int n, float[] z, int zo, float[] a, int ao) {
        for (int i = 0; i < n; i += L) softplus(FloatVector.fromArray(F, z, zo + i)).intoArray(a, ao + i);
    }

    // ------------------------------------------------------------------------------------------------ f'(z)
    // Each d… function takes z (none reads the forward value a).

    /**
     * σ'(z) = σ(z)·σ(−z) = t/(1 + t)² with t = e^−|z|: relative accuracy over the whole range (a(1 − a) from the
     * rounded output is 0 from z ≈ 17 on, and loses digits well before).
     */
    private static FloatVector dSigmoid(FloatVector v) {
        FloatVector t = VMath.expNeg(v.abs().neg()), u = t.add(1f);
        return t.div(u.mul(u));
    }

    private static void sigmoidBackwardLoop(int n, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        for (int i = 0; i < n; i += L) {
            FloatVector d = dSigmoid(FloatVector.fromArray(F, x, xo + i));
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
    }

    /**
     * tanh'(z) = sech² z = 4t/(1 + t)² with t = e^−2|z| (2|z| is exact): relative accuracy, unlike 1 − a². t is
     * taken scaled by 2²⁴ ({@link VMath#expNegScaled}) because 4t is normal for 43.7 &lt; |z| &lt; 44.4 where t is not.
     */
    private static FloatVector dTanh(FloatVector v) {
        FloatVector t = VMath.expNegScaled(v.abs().mul(-2f));
        FloatVector u = t.fma(FloatVector.broadcast(F, VMath.GATE_UNSCALE), FloatVector.broadcast(F, 1f));
        return VMath.flushSubnormal(t.div(u.mul(u)).mul(4 * VMath.GATE_UNSCALE));
    }

    private static void tanhBackwardLoop(int n, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        for (int i = 0; i < n; i += L) {
            FloatVector d = dTanh(FloatVector.fromArray(F, x, xo + i));
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
    }

    private static FloatVector dHardSigmoid(FloatVector v) {
        VectorMask<Float> inside = v.compare(VectorOperators.GT, -2f).and(v.lt(2f));
        return FloatVector.zero(F).blend(FloatVector.broadcast(F, 0.25f), inside).blend(v, v.test(VectorOperators.IS_NAN));
    }

    private static void hardSigmoidBackwardLoop(int n, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        for (int i = 0; i < n; i += L) {
            FloatVector d = dHardSigmoid(FloatVector.fromArray(F, x, xo + i));
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
    }

    private static FloatVector dHardTanh(FloatVector v) {
        VectorMask<Float> inside = v.compare(VectorOperators.GT, -1f).and(v.lt(1f));
        return FloatVector.zero(F).blend(FloatVector.broadcast(F, 1f), inside).blend(v, v.test(VectorOperators.IS_NAN));
    }

    private static void hardTanhBackwardLoop(int n, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        for (int i = 0; i < n; i += L) {
            FloatVector d = dHardTanh(FloatVector.fromArray(F, x, xo + i));
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
    }

    private static FloatVector dRelu(FloatVector v) {
        return FloatVector.zero(F).blend(FloatVector.broadcast(F, 1f), v.compare(VectorOperators.GT, 0f))
                .blend(v, v.test(VectorOperators.IS_NAN));
    }

    private static void reluBackwardLoop(int n, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        for (int i = 0; i < n; i += L) {
            FloatVector d = dRelu(FloatVector.fromArray(F, x, xo + i));
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
    }

    private static FloatVector dLeakyRelu(FloatVector v, float p) {
        return FloatVector.broadcast(F, p).blend(FloatVector.broadcast(F, 1f), v.compare(VectorOperators.GT, 0f))
                .blend(v, v.test(VectorOperators.IS_NAN));
    }

    private static void leakyReluBackwardLoop(int n, float p, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        for (int i = 0; i < n; i += L) {
            FloatVector d = dLeakyRelu(FloatVector.fromArray(F, x, xo + i), p);
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
    }

    private static FloatVector dElu(FloatVector v, float p) {
        VectorMask<Float> positive = v.compare(VectorOperators.GT, 0f);
        FloatVector e = VMath.expNeg(v.blend(FloatVector.zero(F), positive));
        return e.mul(p).blend(FloatVector.broadcast(F, 1f), positive);
    }

    private static void eluBackwardLoop(int n, float p, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        for (int i = 0; i < n; i += L) {
            FloatVector d = dElu(FloatVector.fromArray(F, x, xo + i), p);
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
    }

    private static FloatVector dSoftplus(FloatVector v) {
        return VMath.sigmoid(v);
    }

    private static void softplusBackwardLoop(int n, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        for (int i = 0; i < n; i += L) {
            FloatVector d = dSoftplus(FloatVector.fromArray(F, x, xo + i));
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
    }

    /**
     * Each activation's loop over whole vectors, by ordinal (null for IDENTITY, which copies): a {@link VectorLoop}
     * each, so that C2 compiles each on its own. Parameters: p, z, da (backward), the output (a or dz).
     */
    private static final VectorLoop[] FORWARD = new VectorLoop[Activation.values().length];
    private static final VectorLoop[] BACKWARD = new VectorLoop[Activation.values().length];

    static {
        for (Activation f : Activation.values()) {
            FORWARD[f.ordinal()] = forwardLoop(f);
            BACKWARD[f.ordinal()] = backwardLoop(f);
        }
    }

    private static VectorLoop forwardLoop(Activation f) {
        return switch (f) {
            case IDENTITY -> null;
            case SIGMOID -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                sigmoidLoop(n, z, zo, out, oo);
                return 0;
            });
            case TANH -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                tanhLoop(n, z, zo, out, oo);
                return 0;
            });
            case HARD_SIGMOID -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                hardSigmoidLoop(n, z, zo, out, oo);
                return 0;
            });
            case HARD_TANH -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                hardTanhLoop(n, z, zo, out, oo);
                return 0;
            });
            case RELU -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                reluLoop(n, z, zo, out, oo);
                return 0;
            });
            case LEAKY_RELU -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                leakyReluLoop(n, p, z, zo, out, oo);
                return 0;
            });
            case ELU -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                eluLoop(n, p, z, zo, out, oo);
                return 0;
            });
            case SOFTPLUS -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                softplusLoop(n, z, zo, out, oo);
                return 0;
            });
            case SWISH -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                gatedForward(Activation.SWISH, p, n, z, zo, out, oo);
                return 0;
            });
            case GELU -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                gatedForward(Activation.GELU, p, n, z, zo, out, oo);
                return 0;
            });
            case GELU_TANH -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                gatedForward(Activation.GELU_TANH, p, n, z, zo, out, oo);
                return 0;
            });
            case GELU_SIGMOID -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                gatedForward(Activation.GELU_SIGMOID, p, n, z, zo, out, oo);
                return 0;
            });
        };
    }

    private static VectorLoop backwardLoop(Activation f) {
        return switch (f) {
            case IDENTITY -> null;
            case SIGMOID -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                sigmoidBackwardLoop(n, z, zo, da, dao, out, oo);
                return 0;
            });
            case TANH -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                tanhBackwardLoop(n, z, zo, da, dao, out, oo);
                return 0;
            });
            case HARD_SIGMOID -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                hardSigmoidBackwardLoop(n, z, zo, da, dao, out, oo);
                return 0;
            });
            case HARD_TANH -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                hardTanhBackwardLoop(n, z, zo, da, dao, out, oo);
                return 0;
            });
            case RELU -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                reluBackwardLoop(n, z, zo, da, dao, out, oo);
                return 0;
            });
            case LEAKY_RELU -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                leakyReluBackwardLoop(n, p, z, zo, da, dao, out, oo);
                return 0;
            });
            case ELU -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                eluBackwardLoop(n, p, z, zo, da, dao, out, oo);
                return 0;
            });
            case SOFTPLUS -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                softplusBackwardLoop(n, z, zo, da, dao, out, oo);
                return 0;
            });
            case SWISH -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                gatedBackward(Activation.SWISH, p, n, z, zo, da, dao, out, oo);
                return 0;
            });
            case GELU -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                gatedBackward(Activation.GELU, p, n, z, zo, da, dao, out, oo);
                return 0;
            });
            case GELU_TANH -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                gatedBackward(Activation.GELU_TANH, p, n, z, zo, da, dao, out, oo);
                return 0;
            });
            case GELU_SIGMOID -> VectorLoop.of((n, p, q, r, z, zo, da, dao, t, to, out, oo) -> {
                gatedBackward(Activation.GELU_SIGMOID, p, n, z, zo, da, dao, out, oo);
                return 0;
            });
        };
    }

    // ------------------------------------------------------------------------------------------------ gated

    static final int CHUNK = 256;
    /** Per-thread buffers: E (scaled exponential or GELU tail), LO (low part of 2u, or σ(1 − σ)), BETA. */
    private static final ThreadLocal<float[]> BUFFERS = ThreadLocal.withInitial(() -> new float[3 * CHUNK]);
    private static final int E = 0, LO = CHUNK, BETA = 2 * CHUNK;

    /** a = f(z) for n a multiple of the lane count; a may alias z exactly. */
    static void gatedForward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao) {
        float[] t = BUFFERS.get();
        if (f == Activation.SWISH) java.util.Arrays.fill(t, BETA, BETA + CHUNK, p);
        for (int c = 0; c < n; c += CHUNK) {
            int len = Math.min(CHUNK, n - c);
            int zc = zo + c, ac = ao + c;
            switch (f) {
                case SWISH -> {
                    pass(SWISH_EXP, len, z, zc, t, BETA, t, null, 0);
                    pass(SWISH_APPLY, len, z, zc, t, BETA, t, a, ac);
                }
                case GELU_SIGMOID -> {
                    pass(GELU_SIGMOID_EXP, len, z, zc, null, 0, t, null, 0);
                    pass(GELU_SIGMOID_APPLY, len, z, zc, null, 0, t, a, ac);
                }
                case GELU_TANH -> {
                    pass(GELU_TANH_ARGUMENT, len, z, zc, null, 0, t, null, 0);
                    pass(GELU_TANH_EXP, len, null, 0, null, 0, t, null, 0);
                    pass(GELU_TANH_APPLY, len, z, zc, null, 0, t, a, ac);
                }
                case GELU -> {
                    pass(GELU_TAIL_PARTS, len, z, zc, null, 0, t, null, 0);
                    pass(GELU_TAIL_FACTOR, len, z, zc, null, 0, t, null, 0);
                    pass(GELU_TAIL, len, z, zc, null, 0, t, null, 0);
                    pass(GELU_APPLY, len, z, zc, null, 0, t, a, ac);
                }
                default -> throw new IllegalArgumentException(f + " is not a gated activation");
            }
        }
    }

    /** dz = da·f'(z) for n a multiple of the lane count; dz may alias da or z exactly. */
    static void gatedBackward(Activation f, float p, int n, float[] z, int zo, float[] da, int dao, float[] dz, int dzo) {
        float[] t = BUFFERS.get();
        if (f == Activation.SWISH) java.util.Arrays.fill(t, BETA, BETA + CHUNK, p);
        for (int c = 0; c < n; c += CHUNK) {
            int len = Math.min(CHUNK, n - c);
            int zc = zo + c;
            switch (f) {
                case SWISH -> {
                    pass(SWISH_EXP, len, z, zc, t, BETA, t, null, 0);
                    pass(SWISH_DERIVATIVE, len, z, zc, t, BETA, t, null, 0);
                }
                case GELU_SIGMOID -> {
                    pass(GELU_SIGMOID_EXP, len, z, zc, null, 0, t, null, 0);
                    pass(GELU_SIGMOID_DERIVATIVE, len, z, zc, null, 0, t, null, 0);
                }
                case GELU_TANH -> {
                    pass(GELU_TANH_ARGUMENT, len, z, zc, null, 0, t, null, 0);
                    pass(GELU_TANH_EXP, len, null, 0, null, 0, t, null, 0);
                    pass(GELU_TANH_DERIVATIVE, len, z, zc, null, 0, t, null, 0);
                }
                case GELU -> {
                    pass(GELU_TAIL_PARTS, len, z, zc, null, 0, t, null, 0);
                    pass(GELU_TAIL_FACTOR, len, z, zc, null, 0, t, null, 0);
                    pass(GELU_TAIL, len, z, zc, null, 0, t, null, 0);
                    pass(GELU_PDF_TERM, len, z, zc, null, 0, t, null, 0);
                    pass(GELU_DERIVATIVE, len, z, zc, null, 0, t, null, 0);
                }
                default -> throw new IllegalArgumentException(f + " is not a gated activation");
            }
            pass(MULTIPLY, len, null, 0, da, dao + c, t, dz, dzo + c);
        }
    }

    /**
     * Learnable Swish over one row segment (β per column): a = z·σ(βz) for n a multiple of the lane count.
     */
    static void swishRow(int n, float[] z, int zo, float[] beta, int bo, float[] a, int ao) {
        float[] t = BUFFERS.get();
        for (int c = 0; c < n; c += CHUNK) {
            int len = Math.min(CHUNK, n - c);
            pass(SWISH_EXP, len, z, zo + c, beta, bo + c, t, null, 0);
            pass(SWISH_APPLY, len, z, zo + c, beta, bo + c, t, a, ao + c);
        }
    }

    /**
     * Learnable Swish backward over one row segment: dz = da·(σ + βzσ(1 − σ)), dBeta += da·z²·σ(1 − σ).
     */
    static void swishRowBackward(int n, float[] z, int zo, float[] beta, int bo, float[] da, int dao, float[] dz,
            int dzo, float[] dBeta, int dbo) {
        float[] t = BUFFERS.get();
        for (int c = 0; c < n; c += CHUNK) {
            int len = Math.min(CHUNK, n - c);
            pass(SWISH_EXP, len, z, zo + c, beta, bo + c, t, null, 0);
            pass(SWISH_DERIVATIVE, len, z, zo + c, beta, bo + c, t, null, 0);
            pass(BETA_GRADIENT, len, z, zo + c, da, dao + c, t, dBeta, dbo + c);
            pass(MULTIPLY, len, null, 0, da, dao + c, t, dz, dzo + c);
        }
    }

    // ------------------------------------------------------------------------------------------------ shared

    /**
     * z·g from G = g·2²⁴, rounded once: z·(G·2⁻²⁴) while g is a normal float (no overflow for any z), (z·G)·2⁻²⁴ when
     * g is below the normal range (then |z·G| is small). A zero gate, or a product below the normal range, gives a
     * zero of z's sign.
     */
    private static FloatVector gated(FloatVector z, FloatVector scaledGate) {
        FloatVector r = z.mul(scaledGate.mul(VMath.GATE_UNSCALE))
                .blend(z.mul(scaledGate).mul(VMath.GATE_UNSCALE), scaledGate.lt(0x1p-102f));
        VectorMask<Float> zero = scaledGate.eq(0f).or(r.abs().lt(VMath.MIN_NORMAL));
        FloatVector signedZero = FloatVector.zero(F).blend(FloatVector.broadcast(F, -0f), z.lt(0f));
        return r.blend(signedZero, zero);
    }

    /** D·2⁻²⁴, flushed below the normal range. */
    private static FloatVector unscale(FloatVector scaled) {
        return VMath.flushSubnormal(scaled.mul(VMath.GATE_UNSCALE));
    }

    // ------------------------------------------------------------------------------------------------ Swish

    /** E·(1 ∓ l): e^−|h+l|·2²⁴ from e^−|h|·2²⁴. */
    private static FloatVector correctTail(FloatVector e, FloatVector h, FloatVector l) {
        return e.fma(l.blend(l.neg(), h.lt(0f).not()), e);
    }

    // ------------------------------------------------------------------------------------------------ GELU σ

    private static FloatVector clampSigmoidArgument(FloatVector v) {
        return v.max(-GELU_SIG_CLAMP).min(GELU_SIG_CLAMP);
    }

    /** The correction l of 1.702z = h + l (1.702 itself is a float pair). */
    private static FloatVector geluSigmoidLow(FloatVector vc, FloatVector h) {
        return VMath.productError(vc, FloatVector.broadcast(F, GELU_SIG_HI), h)
                .add(vc.mul(GELU_SIG_LO));
    }

    // ------------------------------------------------------------------------------------------------ passes
    // Each pass a VectorLoop (so that C2 compiles each on its own, within the inlining budget), run by pass(...).
    // Parameters: n floats of z; x (β, or da); the per-thread buffers t; an output.

    /** E = e^−|βz|·2²⁴. */
    private static final VectorLoop SWISH_EXP = VectorLoop.of((n, p, q, r, z, zo, x, xo, t, to, out, oo) -> {
        for (int i = 0; i < n; i += L) {
            FloatVector h = FloatVector.fromArray(F, z, zo + i).mul(FloatVector.fromArray(F, x, xo + i));
            VMath.expNegScaled(h.abs().neg()).intoArray(t, E + i);
        }
        return 0;
    });

    private static final VectorLoop SWISH_APPLY = VectorLoop.of((n, p, q, r, z, zo, x, xo, t, to, out, oo) -> {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zo + i), b = FloatVector.fromArray(F, x, xo + i);
            FloatVector h = v.mul(b);
            FloatVector tail = correctTail(FloatVector.fromArray(F, t, E + i), h, VMath.productError(v, b, h));
            gated(v, VMath.sigmoidScaled(h, tail)).intoArray(out, oo + i);
        }
        return 0;
    });

    /** E ← f'(z) = σ + h·σ(1 − σ) (h = βz), LO ← σ(1 − σ). */
    private static final VectorLoop SWISH_DERIVATIVE = VectorLoop.of((n, p, q, r, z, zo, x, xo, t, to, out, oo) -> {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zo + i), b = FloatVector.fromArray(F, x, xo + i);
            FloatVector h = v.mul(b);
            FloatVector tail = correctTail(FloatVector.fromArray(F, t, E + i), h, VMath.productError(v, b, h));
            FloatVector s = VMath.reciprocalOnePlus(tail);
            FloatVector slope = tail.mul(s).mul(s); // σ(1 − σ)·2²⁴
            unscale(h.mul(slope).add(VMath.sigmoidScaled(h, tail))).intoArray(t, E + i);
            unscale(slope).intoArray(t, LO + i);
        }
        return 0;
    });

    /** dBeta += da·z²·σ(1 − σ), accumulated in row order. */
    private static final VectorLoop BETA_GRADIENT = VectorLoop.of((n, p, q, r, z, zo, x, xo, t, to, out, oo) -> {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zo + i);
            FloatVector g = FloatVector.fromArray(F, x, xo + i).mul(v).mul(v).mul(FloatVector.fromArray(F, t, LO + i));
            FloatVector.fromArray(F, out, oo + i).add(g).intoArray(out, oo + i);
        }
        return 0;
    });

    /** E = e^−|1.702z|·2²⁴. */
    private static final VectorLoop GELU_SIGMOID_EXP = VectorLoop.of((n, p, q, r, z, zo, x, xo, t, to, out, oo) -> {
        for (int i = 0; i < n; i += L) {
            FloatVector h = clampSigmoidArgument(FloatVector.fromArray(F, z, zo + i)).mul(GELU_SIG_HI);
            VMath.expNegScaled(h.abs().neg()).intoArray(t, E + i);
        }
        return 0;
    });

    private static final VectorLoop GELU_SIGMOID_APPLY = VectorLoop.of((n, p, q, r, z, zo, x, xo, t, to, out, oo) -> {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zo + i);
            FloatVector vc = clampSigmoidArgument(v);
            FloatVector h = vc.mul(GELU_SIG_HI);
            FloatVector tail = correctTail(FloatVector.fromArray(F, t, E + i), h, geluSigmoidLow(vc, h));
            gated(v, VMath.sigmoidScaled(h, tail)).intoArray(out, oo + i);
        }
        return 0;
    });

    private static final VectorLoop GELU_SIGMOID_DERIVATIVE =
            VectorLoop.of((n, p, q, r, z, zo, x, xo, t, to, out, oo) -> {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zo + i);
            FloatVector vc = clampSigmoidArgument(v);
            FloatVector h = vc.mul(GELU_SIG_HI);
            FloatVector tail = correctTail(FloatVector.fromArray(F, t, E + i), h, geluSigmoidLow(vc, h));
            FloatVector s = VMath.reciprocalOnePlus(tail);
            // + 0·z: NaN at z = ±∞, as ∞·0 in the reference formula
            FloatVector d = h.mul(tail.mul(s).mul(s)).add(VMath.sigmoidScaled(h, tail)).add(v.mul(0f));
            unscale(d).intoArray(t, E + i);
        }
        return 0;
    });

    /** E ← high part of 2u = A·z + B·z³, LO ← its low part (float pair, error-free products and a two-sum). */
    private static final VectorLoop GELU_TANH_ARGUMENT = VectorLoop.of((n, p, q, r, z, zo, x, xo, t, to, out, oo) -> {
        for (int i = 0; i < n; i += L) {
            FloatVector zc = FloatVector.fromArray(F, z, zo + i).max(-VMath.GELU_TANH_SATURATION)
                    .min(VMath.GELU_TANH_SATURATION);
            FloatVector z2h = zc.mul(zc);
            FloatVector z2l = zc.fma(zc, z2h.neg());
            FloatVector z3h = z2h.mul(zc);
            FloatVector z3l = z2h.fma(zc, z3h.neg()).add(z2l.mul(zc));
            FloatVector t1h = zc.mul(VMath.A_HI);
            FloatVector t1l = zc.fma(FloatVector.broadcast(F, VMath.A_HI), t1h.neg()).add(zc.mul(VMath.A_LO));
            FloatVector t2h = z3h.mul(VMath.B_HI);
            FloatVector t2l = z3h.fma(FloatVector.broadcast(F, VMath.B_HI), t2h.neg()).add(z3l.mul(VMath.B_HI))
                    .add(z3h.mul(VMath.B_LO));
            FloatVector sh = t1h.add(t2h);
            FloatVector bb = sh.sub(t1h);
            FloatVector lo = t1h.sub(sh.sub(bb)).add(t2h.sub(bb)).add(t1l).add(t2l);
            FloatVector hi = sh.add(lo);
            hi.intoArray(t, E + i);
            lo.sub(hi.sub(sh)).intoArray(t, LO + i);
        }
        return 0;
    });

    /** E ← e^−|hi|·2²⁴. */
    private static final VectorLoop GELU_TANH_EXP = VectorLoop.of((n, p, q, r, z, zo, x, xo, t, to, out, oo) -> {
        for (int i = 0; i < n; i += L) {
            VMath.expNegScaled(FloatVector.fromArray(F, t, E + i).abs().neg()).intoArray(t, E + i);
        }
        return 0;
    });

    private static final VectorLoop GELU_TANH_APPLY = VectorLoop.of((n, p, q, r, z, zo, x, xo, t, to, out, oo) -> {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zo + i); // 2u has the sign of z
            FloatVector tail = correctTail(FloatVector.fromArray(F, t, E + i), v, FloatVector.fromArray(F, t, LO + i));
            gated(v, VMath.sigmoidScaled(v, tail)).intoArray(out, oo + i);
        }
        return 0;
    });

    /** f' = σ(2u) + z·σ(1 − σ)·d(2u)/dz. */
    private static final VectorLoop GELU_TANH_DERIVATIVE = VectorLoop.of((n, p, q, r, z, zo, x, xo, t, to, out, oo) -> {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zo + i);
            FloatVector tail = correctTail(FloatVector.fromArray(F, t, E + i), v, FloatVector.fromArray(F, t, LO + i));
            FloatVector s = VMath.reciprocalOnePlus(tail);
            FloatVector vc = v.max(-VMath.GELU_TANH_SATURATION).min(VMath.GELU_TANH_SATURATION);
            FloatVector slope = vc.mul(vc).fma(3 * VMath.B_HI, VMath.A_HI);
            unscale(v.mul(tail.mul(s).mul(s)).mul(slope).add(VMath.sigmoidScaled(v, tail))).intoArray(t, E + i);
        }
        return 0;
    });

    /** E ← P(t) − zl/2 and LO ← ½·t, the parts of the erfc factor (see {@link VMath#normalTailFactorParts}). */
    private static final VectorLoop GELU_TAIL_PARTS = VectorLoop.of((n, p, q, r, z, zo, x, xo, t, to, out, oo) -> {
        for (int i = 0; i < n; i += L) {
            VMath.normalTailFactorParts(FloatVector.fromArray(F, z, zo + i), t, E + i, t, LO + i);
        }
        return 0;
    });

    /** E ← ½·t·e^(P(t) − zl/2): the erfc factors except e^(−zh/2). */
    private static final VectorLoop GELU_TAIL_FACTOR = VectorLoop.of((n, p, q, r, z, zo, x, xo, t, to, out, oo) -> {
        for (int i = 0; i < n; i += L) {
            VMath.expNeg(FloatVector.fromArray(F, t, E + i)).mul(FloatVector.fromArray(F, t, LO + i))
                    .intoArray(t, E + i);
        }
        return 0;
    });

    private static final VectorLoop GELU_TAIL = VectorLoop.of((n, p, q, r, z, zo, x, xo, t, to, out, oo) -> {
        for (int i = 0; i < n; i += L) {
            FloatVector az = FloatVector.fromArray(F, z, zo + i).abs().min(VMath.NORMAL_TAIL_LIMIT);
            FloatVector g = VMath.expNegScaled(az.mul(az).mul(-0.5f));
            FloatVector.fromArray(F, t, E + i).mul(g).intoArray(t, E + i);
        }
        return 0;
    });

    private static final VectorLoop GELU_APPLY = VectorLoop.of((n, p, q, r, z, zo, x, xo, t, to, out, oo) -> {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zo + i);
            gated(v, VMath.normalCdfScaled(v, FloatVector.fromArray(F, t, E + i))).intoArray(out, oo + i);
        }
        return 0;
    });

    /** LO ← z·φ(z), a pass of its own to keep each pass within C2's inlining budget. */
    private static final VectorLoop GELU_PDF_TERM = VectorLoop.of((n, p, q, r, z, zo, x, xo, t, to, out, oo) -> {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zo + i);
            v.mul(VMath.normalPdf(v)).intoArray(t, LO + i);
        }
        return 0;
    });

    /** f' = Φ(z) + z·φ(z) (the latter from LO), in the gate scale. */
    private static final VectorLoop GELU_DERIVATIVE = VectorLoop.of((n, p, q, r, z, zo, x, xo, t, to, out, oo) -> {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zo + i);
            FloatVector cdf = VMath.normalCdfScaled(v, FloatVector.fromArray(F, t, E + i));
            unscale(FloatVector.fromArray(F, t, LO + i).fma(FloatVector.broadcast(F, VMath.GATE_SCALE), cdf))
                    .intoArray(t, E + i);
        }
        return 0;
    });

    /** out = x·E (the upstream gradient times the derivative in E). */
    private static final VectorLoop MULTIPLY = VectorLoop.of((n, p, q, r, z, zo, x, xo, t, to, out, oo) -> {
        for (int i = 0; i < n; i += L) {
            FloatVector.fromArray(F, x, xo + i).mul(FloatVector.fromArray(F, t, E + i)).intoArray(out, oo + i);
        }
        return 0;
    });

    private static void pass(VectorLoop pass, int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out,
            int oo) {
        pass.run(n, 0f, 0f, 0f, z, zo, x, xo, t, 0, out, oo);
    }

    // ------------------------------------------------------------------------------------------------ PReLU, Swish

    static void unitActivation(UnitActivation f, int m, int n, float[] z, int zOff, float[] param, int paramOff,
            float[] a, int aOff) {
        switch (f) {
            case PRELU -> prelu(m, n, z, zOff, param, paramOff, a, aOff);
            case SWISH -> swish(m, n, z, zOff, param, paramOff, a, aOff);
        }
    }

    static void unitActivationBackward(UnitActivation f, int m, int n, float[] z, int zOff, float[] param,
            int paramOff, float[] da, int daOff, float[] dz, int dzOff, float[] dParam, int dParamOff) {
        switch (f) {
            case PRELU -> preluBackward(m, n, z, zOff, param, paramOff, da, daOff, dz, dzOff, dParam,
                    dParamOff);
            case SWISH -> swishBackward(m, n, z, zOff, param, paramOff, da, daOff, dz, dzOff, dParam,
                    dParamOff);
        }
    }

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

    /** Learnable Swish: whole vectors in {@link #swishRow}, the last few columns of a row in double. */
    static void swish(int m, int n, float[] z, int zo, float[] beta, int bo, float[] a, int ao) {
        int full = F.loopBound(n);
        for (int i = 0; i < m; i++) {
            int r = i * n;
            if (full > 0) swishRow(full, z, zo + r, beta, bo, a, ao + r);
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
                swishRowBackward(full, z, zo + r, beta, bo, da, dao + r, dz, dzo + r, dBeta, dbo);
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
}
