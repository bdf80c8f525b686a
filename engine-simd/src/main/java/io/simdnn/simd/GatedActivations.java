package io.simdnn.simd;

import static io.simdnn.simd.Lanes.F;
import static io.simdnn.simd.Lanes.L;

import io.simdnn.spi.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The gated activations z·g(z) — Swish z·σ(βz), GELU z·Φ(z) and its two approximations z·σ(2u(z)), z·σ(1.702z) —
 * and their derivatives.
 *
 * <h2>Why in passes</h2>
 * Each function takes 40–80 vector operations. Written as one loop body, that exceeded C2's inlining node budget
 * (NodeCountInliningCutoff): some helpers stayed out-of-line, and a vector crossing a call is boxed (an allocation
 * per vector, ten times slower). So each function is split into passes of about twenty operations, each its own loop
 * (compiled on its own, see {@link Pass}), over chunks of {@value #CHUNK} floats in per-thread buffers that stay in L1. The
 * passes exchange the gate's pieces — e^−|w| scaled by 2²⁴, and for GELU_TANH the low part of its argument — through
 * those buffers.
 *
 * <h2>Accuracy</h2>
 * The argument w of the gate (βz, 1.702z, 2u) is carried as a float pair h + l (error-free products with FMA), and
 * e^−|w| = e^−|h|·(1 ∓ l), because in the tail σ(w) ≈ e^w amplifies any rounding of w by |w| (up to 104). The gate is
 * kept scaled by 2²⁴ so that z·g stays exact where g is subnormal but z·g is not (z ≈ −90 for Swish); σ(1 − σ),
 * needed by the derivatives, is t/(1 + t)² with t = e^−|w|, which has no cancellation.
 */
final class GatedActivations {
    private GatedActivations() {}

    static final int CHUNK = 256;
    /** Per-thread buffers: E (scaled exponential or GELU tail), LO (low part of 2u, or σ(1 − σ)), BETA. */
    private static final ThreadLocal<float[]> BUFFERS = ThreadLocal.withInitial(() -> new float[3 * CHUNK]);
    private static final int E = 0, LO = CHUNK, BETA = 2 * CHUNK;

    /** a = f(z) for n a multiple of the lane count; a may alias z exactly. */
    static void forward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao) {
        float[] t = BUFFERS.get();
        if (f == Activation.SWISH) java.util.Arrays.fill(t, BETA, BETA + CHUNK, p);
        for (int c = 0; c < n; c += CHUNK) {
            int len = Math.min(CHUNK, n - c);
            int zc = zo + c, ac = ao + c;
            switch (f) {
                case SWISH -> {
                    run(Pass.SWISH_EXP, len, z, zc, t, BETA, t, null, 0);
                    run(Pass.SWISH_APPLY, len, z, zc, t, BETA, t, a, ac);
                }
                case GELU_SIGMOID -> {
                    run(Pass.GELU_SIGMOID_EXP, len, z, zc, null, 0, t, null, 0);
                    run(Pass.GELU_SIGMOID_APPLY, len, z, zc, null, 0, t, a, ac);
                }
                case GELU_TANH -> {
                    run(Pass.GELU_TANH_ARGUMENT, len, z, zc, null, 0, t, null, 0);
                    run(Pass.GELU_TANH_EXP, len, null, 0, null, 0, t, null, 0);
                    run(Pass.GELU_TANH_APPLY, len, z, zc, null, 0, t, a, ac);
                }
                case GELU -> {
                    run(Pass.GELU_TAIL_PARTS, len, z, zc, null, 0, t, null, 0);
                    run(Pass.GELU_TAIL_FACTOR, len, z, zc, null, 0, t, null, 0);
                    run(Pass.GELU_TAIL, len, z, zc, null, 0, t, null, 0);
                    run(Pass.GELU_APPLY, len, z, zc, null, 0, t, a, ac);
                }
                default -> throw new IllegalArgumentException(f + " is not a gated activation");
            }
        }
    }

    /** dz = da·f'(z) for n a multiple of the lane count; dz may alias da or z exactly. */
    static void backward(Activation f, float p, int n, float[] z, int zo, float[] da, int dao, float[] dz, int dzo) {
        float[] t = BUFFERS.get();
        if (f == Activation.SWISH) java.util.Arrays.fill(t, BETA, BETA + CHUNK, p);
        for (int c = 0; c < n; c += CHUNK) {
            int len = Math.min(CHUNK, n - c);
            int zc = zo + c;
            switch (f) {
                case SWISH -> {
                    run(Pass.SWISH_EXP, len, z, zc, t, BETA, t, null, 0);
                    run(Pass.SWISH_DERIVATIVE, len, z, zc, t, BETA, t, null, 0);
                }
                case GELU_SIGMOID -> {
                    run(Pass.GELU_SIGMOID_EXP, len, z, zc, null, 0, t, null, 0);
                    run(Pass.GELU_SIGMOID_DERIVATIVE, len, z, zc, null, 0, t, null, 0);
                }
                case GELU_TANH -> {
                    run(Pass.GELU_TANH_ARGUMENT, len, z, zc, null, 0, t, null, 0);
                    run(Pass.GELU_TANH_EXP, len, null, 0, null, 0, t, null, 0);
                    run(Pass.GELU_TANH_DERIVATIVE, len, z, zc, null, 0, t, null, 0);
                }
                case GELU -> {
                    run(Pass.GELU_TAIL_PARTS, len, z, zc, null, 0, t, null, 0);
                    run(Pass.GELU_TAIL_FACTOR, len, z, zc, null, 0, t, null, 0);
                    run(Pass.GELU_TAIL, len, z, zc, null, 0, t, null, 0);
                    run(Pass.GELU_PDF_TERM, len, z, zc, null, 0, t, null, 0);
                    run(Pass.GELU_DERIVATIVE, len, z, zc, null, 0, t, null, 0);
                }
                default -> throw new IllegalArgumentException(f + " is not a gated activation");
            }
            run(Pass.MULTIPLY, len, null, 0, da, dao + c, t, dz, dzo + c);
        }
    }

    /**
     * Learnable Swish over one row segment (β per column): a = z·σ(βz) for n a multiple of the lane count.
     */
    static void swishRow(int n, float[] z, int zo, float[] beta, int bo, float[] a, int ao) {
        float[] t = BUFFERS.get();
        for (int c = 0; c < n; c += CHUNK) {
            int len = Math.min(CHUNK, n - c);
            run(Pass.SWISH_EXP, len, z, zo + c, beta, bo + c, t, null, 0);
            run(Pass.SWISH_APPLY, len, z, zo + c, beta, bo + c, t, a, ao + c);
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
            run(Pass.SWISH_EXP, len, z, zo + c, beta, bo + c, t, null, 0);
            run(Pass.SWISH_DERIVATIVE, len, z, zo + c, beta, bo + c, t, null, 0);
            run(Pass.BETA_GRADIENT, len, z, zo + c, da, dao + c, t, dBeta, dbo + c);
            run(Pass.MULTIPLY, len, null, 0, da, dao + c, t, dz, dzo + c);
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
        return v.max(-Activations.GELU_SIG_CLAMP).min(Activations.GELU_SIG_CLAMP);
    }


    /** The correction l of 1.702z = h + l (1.702 itself is a float pair). */
    private static FloatVector geluSigmoidLow(FloatVector vc, FloatVector h) {
        return VMath.productError(vc, FloatVector.broadcast(F, Activations.GELU_SIG_HI), h)
                .add(vc.mul(Activations.GELU_SIG_LO));
    }



    // ------------------------------------------------------------------------------------------------ GELU tanh





    // ------------------------------------------------------------------------------------------------ GELU




    /**
     * The passes, as enum constants so that the one call site that runs them ({@link #run}) sees many receiver
     * classes: C2 then keeps it a virtual call instead of inlining every pass into the caller, and each pass is
     * compiled on its own, within the inlining budget. Arguments: n floats of z; x (β, or da); the per-thread
     * buffers t; an output.
     */
    enum Pass {
        /** E = e^−|βz|·2²⁴. */
        SWISH_EXP {
            @Override
            void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
            for (int i = 0; i < n; i += L) {
                FloatVector h = FloatVector.fromArray(F, z, zo + i).mul(FloatVector.fromArray(F, x, xo + i));
                VMath.expNegScaled(h.abs().neg()).intoArray(t, E + i);
            }

            }
        },
        SWISH_APPLY {
            @Override
            void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
            for (int i = 0; i < n; i += L) {
                FloatVector v = FloatVector.fromArray(F, z, zo + i), b = FloatVector.fromArray(F, x, xo + i);
                FloatVector h = v.mul(b);
                FloatVector tail = correctTail(FloatVector.fromArray(F, t, E + i), h, VMath.productError(v, b, h));
                gated(v, VMath.sigmoidScaled(h, tail)).intoArray(out, oo + i);
            }

            }
        },
        /** E ← f'(z) = σ + h·σ(1 − σ) (h = βz), LO ← σ(1 − σ). */
        SWISH_DERIVATIVE {
            @Override
            void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
            for (int i = 0; i < n; i += L) {
                FloatVector v = FloatVector.fromArray(F, z, zo + i), b = FloatVector.fromArray(F, x, xo + i);
                FloatVector h = v.mul(b);
                FloatVector tail = correctTail(FloatVector.fromArray(F, t, E + i), h, VMath.productError(v, b, h));
                FloatVector s = VMath.reciprocalOnePlus(tail);
                FloatVector slope = tail.mul(s).mul(s); // σ(1 − σ)·2²⁴
                unscale(h.mul(slope).add(VMath.sigmoidScaled(h, tail))).intoArray(t, E + i);
                unscale(slope).intoArray(t, LO + i);
            }

            }
        },
        /** dBeta += da·z²·σ(1 − σ), accumulated in row order. */
        BETA_GRADIENT {
            @Override
            void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
            for (int i = 0; i < n; i += L) {
                FloatVector v = FloatVector.fromArray(F, z, zo + i);
                FloatVector g = FloatVector.fromArray(F, x, xo + i).mul(v).mul(v).mul(FloatVector.fromArray(F, t, LO + i));
                FloatVector.fromArray(F, out, oo + i).add(g).intoArray(out, oo + i);
            }

            }
        },
        /** E = e^−|1.702z|·2²⁴. */
        GELU_SIGMOID_EXP {
            @Override
            void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
            for (int i = 0; i < n; i += L) {
                FloatVector h = clampSigmoidArgument(FloatVector.fromArray(F, z, zo + i)).mul(Activations.GELU_SIG_HI);
                VMath.expNegScaled(h.abs().neg()).intoArray(t, E + i);
            }

            }
        },
        GELU_SIGMOID_APPLY {
            @Override
            void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
            for (int i = 0; i < n; i += L) {
                FloatVector v = FloatVector.fromArray(F, z, zo + i);
                FloatVector vc = clampSigmoidArgument(v);
                FloatVector h = vc.mul(Activations.GELU_SIG_HI);
                FloatVector tail = correctTail(FloatVector.fromArray(F, t, E + i), h, geluSigmoidLow(vc, h));
                gated(v, VMath.sigmoidScaled(h, tail)).intoArray(out, oo + i);
            }

            }
        },
        GELU_SIGMOID_DERIVATIVE {
            @Override
            void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
            for (int i = 0; i < n; i += L) {
                FloatVector v = FloatVector.fromArray(F, z, zo + i);
                FloatVector vc = clampSigmoidArgument(v);
                FloatVector h = vc.mul(Activations.GELU_SIG_HI);
                FloatVector tail = correctTail(FloatVector.fromArray(F, t, E + i), h, geluSigmoidLow(vc, h));
                FloatVector s = VMath.reciprocalOnePlus(tail);
                // + 0·z: NaN at z = ±∞, as ∞·0 in the reference formula
                FloatVector d = h.mul(tail.mul(s).mul(s)).add(VMath.sigmoidScaled(h, tail)).add(v.mul(0f));
                unscale(d).intoArray(t, E + i);
            }

            }
        },
        /** E ← high part of 2u = A·z + B·z³, LO ← its low part (float pair, error-free products and a two-sum). */
        GELU_TANH_ARGUMENT {
            @Override
            void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
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

            }
        },
        /** E ← e^−|hi|·2²⁴. */
        GELU_TANH_EXP {
            @Override
            void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
            for (int i = 0; i < n; i += L) {
                VMath.expNegScaled(FloatVector.fromArray(F, t, E + i).abs().neg()).intoArray(t, E + i);
            }

            }
        },
        GELU_TANH_APPLY {
            @Override
            void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
            for (int i = 0; i < n; i += L) {
                FloatVector v = FloatVector.fromArray(F, z, zo + i); // 2u has the sign of z
                FloatVector tail = correctTail(FloatVector.fromArray(F, t, E + i), v, FloatVector.fromArray(F, t, LO + i));
                gated(v, VMath.sigmoidScaled(v, tail)).intoArray(out, oo + i);
            }

            }
        },
        /** f' = σ(2u) + z·σ(1 − σ)·d(2u)/dz. */
        GELU_TANH_DERIVATIVE {
            @Override
            void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
            for (int i = 0; i < n; i += L) {
                FloatVector v = FloatVector.fromArray(F, z, zo + i);
                FloatVector tail = correctTail(FloatVector.fromArray(F, t, E + i), v, FloatVector.fromArray(F, t, LO + i));
                FloatVector s = VMath.reciprocalOnePlus(tail);
                FloatVector vc = v.max(-VMath.GELU_TANH_SATURATION).min(VMath.GELU_TANH_SATURATION);
                FloatVector slope = vc.mul(vc).fma(3 * VMath.B_HI, VMath.A_HI);
                unscale(v.mul(tail.mul(s).mul(s)).mul(slope).add(VMath.sigmoidScaled(v, tail))).intoArray(t, E + i);
            }

            }
        },
        /** E ← P(t) − zl/2 and LO ← ½·t, the parts of the erfc factor (see {@link VMath#normalTailFactorParts}). */
        GELU_TAIL_PARTS {
            @Override
            void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
                for (int i = 0; i < n; i += L) {
                    VMath.normalTailFactorParts(FloatVector.fromArray(F, z, zo + i), t, E + i, t, LO + i);
                }
            }
        },
        /** E ← ½·t·e^(P(t) − zl/2): the erfc factors except e^(−zh/2). */
        GELU_TAIL_FACTOR {
            @Override
            void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
                for (int i = 0; i < n; i += L) {
                    VMath.expNeg(FloatVector.fromArray(F, t, E + i)).mul(FloatVector.fromArray(F, t, LO + i))
                            .intoArray(t, E + i);
                }
            }
        },
        GELU_TAIL {
            @Override
            void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
            for (int i = 0; i < n; i += L) {
                FloatVector az = FloatVector.fromArray(F, z, zo + i).abs().min(VMath.NORMAL_TAIL_LIMIT);
                FloatVector g = VMath.expNegScaled(az.mul(az).mul(-0.5f));
                FloatVector.fromArray(F, t, E + i).mul(g).intoArray(t, E + i);
            }

            }
        },
        GELU_APPLY {
            @Override
            void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
            for (int i = 0; i < n; i += L) {
                FloatVector v = FloatVector.fromArray(F, z, zo + i);
                gated(v, VMath.normalCdfScaled(v, FloatVector.fromArray(F, t, E + i))).intoArray(out, oo + i);
            }

            }
        },
        /** LO ← z·φ(z), a pass of its own to keep each pass within C2's inlining budget. */
        GELU_PDF_TERM {
            @Override
            void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
                for (int i = 0; i < n; i += L) {
                    FloatVector v = FloatVector.fromArray(F, z, zo + i);
                    v.mul(VMath.normalPdf(v)).intoArray(t, LO + i);
                }
            }
        },
        /** f' = Φ(z) + z·φ(z) (the latter from LO), in the gate scale. */
        GELU_DERIVATIVE {
            @Override
            void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
            for (int i = 0; i < n; i += L) {
                FloatVector v = FloatVector.fromArray(F, z, zo + i);
                FloatVector cdf = VMath.normalCdfScaled(v, FloatVector.fromArray(F, t, E + i));
                unscale(FloatVector.fromArray(F, t, LO + i).fma(FloatVector.broadcast(F, VMath.GATE_SCALE), cdf))
                        .intoArray(t, E + i);
            }

            }
        },
        MULTIPLY {
            /** out = x·E (the upstream gradient times the derivative in E). */
            @Override
            void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
                for (int i = 0; i < n; i += L) {
                    FloatVector.fromArray(F, x, xo + i).mul(FloatVector.fromArray(F, t, E + i)).intoArray(out, oo + i);
                }
            }
        };

        abstract void run(int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo);
    }

    private static void run(Pass pass, int n, float[] z, int zo, float[] x, int xo, float[] t, float[] out, int oo) {
        pass.run(n, z, zo, x, xo, t, out, oo);
    }
}
