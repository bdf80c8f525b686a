package io.simdnn.simd;

import static io.simdnn.simd.Lanes.F;
import static io.simdnn.simd.Lanes.L;

import io.simdnn.spi.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Element-wise activations and their derivatives.
 *
 * <p>Each activation has one loop over whole vectors whose body calls its per-vector function exactly once: with a
 * second call site (a masked tail) the larger functions pushed C2 over its inlining node budget, and a function that
 * is not inlined boxes its vectors (allocation, 10× slower). The last partial vector instead goes through a small
 * per-thread buffer and the same loop. The gated activations (Swish, GELU) are in {@link GatedActivations}.
 */
final class Activations {
    private Activations() {}

    /** 1.702 as a float pair, for GELU's sigmoid approximation with an exact argument. */
    static final float GELU_SIG_HI = 1.702f, GELU_SIG_LO = (float) (1.702 - (double) 1.702f);
    /** |z| beyond which σ(1.702z) is 0 or 1 in float; keeps 1.702z finite. */
    static final float GELU_SIG_CLAMP = 100f;

    /** Per-thread staging for the last partial vector: four slices (z, a, da, dz) of L lanes. */
    private static final ThreadLocal<float[]> TAIL = ThreadLocal.withInitial(() -> new float[4 * L]);

    /** σ(β·z)·2²⁴ with β·z carried exactly as a float pair (the learnable Swish). */
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
        Loops.BY_ACTIVATION[f.ordinal()].forward(f, p, n, z, zo, a, ao);
    }

    /** dz = da·f'(z), with the derivative {@link Activation} defines, from z alone (a is not read). */
    static void backward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao, float[] da, int dao,
            float[] dz, int dzo) {
        if (f == Activation.IDENTITY) {
            if (da != dz || dao != dzo) System.arraycopy(da, dao, dz, dzo, n);
            return;
        }
        int full = F.loopBound(n);
        if (full > 0) backwardVectors(f, p, full, z, zo, a, ao, da, dao, dz, dzo);
        if (full < n) {
            float[] t = TAIL.get();
            int rest = n - full;
            java.util.Arrays.fill(t, 0f);
            System.arraycopy(z, zo + full, t, 0, rest);
            System.arraycopy(a, ao + full, t, L, rest);
            System.arraycopy(da, dao + full, t, 2 * L, rest);
            backwardVectors(f, p, L, t, 0, t, L, t, 2 * L, t, 3 * L);
            System.arraycopy(t, 3 * L, dz, dzo + full, rest);
        }
    }

    private static void backwardVectors(Activation f, float p, int n, float[] z, int zo, float[] a, int ao,
            float[] da, int dao, float[] dz, int dzo) {
        Loops.BY_ACTIVATION[f.ordinal()].backward(f, p, n, z, zo, a, ao, da, dao, dz, dzo);
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
     * Per-activation entry points as enum constants: the dispatch call ({@code LOOPS[f].forward(...)}) sees many
     * receiver classes, so C2 keeps it a virtual call and compiles each activation's loop on its own. A switch
     * calling the loops directly got every hot case inlined into one method, past C2's inlining budget, and the loops
     * inlined last then boxed their vectors.
     */
    private enum Loops {
        IDENTITY {
            @Override
            void forward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao) {
                System.arraycopy(z, zo, a, ao, n);
            }

            @Override
            void backward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao, float[] da, int dao,
                    float[] dz, int dzo) {
                System.arraycopy(da, dao, dz, dzo, n);
            }
        },
        SIGMOID {
            @Override
            void forward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao) {
                sigmoidLoop(n, z, zo, a, ao);
            }

            @Override
            void backward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao, float[] da, int dao,
                    float[] dz, int dzo) {
                sigmoidBackwardLoop(n, z, zo, da, dao, dz, dzo);
            }
        },
        TANH {
            @Override
            void forward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao) {
                tanhLoop(n, z, zo, a, ao);
            }

            @Override
            void backward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao, float[] da, int dao,
                    float[] dz, int dzo) {
                tanhBackwardLoop(n, z, zo, da, dao, dz, dzo);
            }
        },
        HARD_SIGMOID {
            @Override
            void forward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao) {
                hardSigmoidLoop(n, z, zo, a, ao);
            }

            @Override
            void backward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao, float[] da, int dao,
                    float[] dz, int dzo) {
                hardSigmoidBackwardLoop(n, z, zo, da, dao, dz, dzo);
            }
        },
        HARD_TANH {
            @Override
            void forward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao) {
                hardTanhLoop(n, z, zo, a, ao);
            }

            @Override
            void backward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao, float[] da, int dao,
                    float[] dz, int dzo) {
                hardTanhBackwardLoop(n, z, zo, da, dao, dz, dzo);
            }
        },
        RELU {
            @Override
            void forward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao) {
                reluLoop(n, z, zo, a, ao);
            }

            @Override
            void backward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao, float[] da, int dao,
                    float[] dz, int dzo) {
                reluBackwardLoop(n, z, zo, da, dao, dz, dzo);
            }
        },
        LEAKY_RELU {
            @Override
            void forward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao) {
                leakyReluLoop(n, p, z, zo, a, ao);
            }

            @Override
            void backward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao, float[] da, int dao,
                    float[] dz, int dzo) {
                leakyReluBackwardLoop(n, p, z, zo, da, dao, dz, dzo);
            }
        },
        ELU {
            @Override
            void forward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao) {
                eluLoop(n, p, z, zo, a, ao);
            }

            @Override
            void backward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao, float[] da, int dao,
                    float[] dz, int dzo) {
                eluBackwardLoop(n, p, z, zo, da, dao, dz, dzo);
            }
        },
        SOFTPLUS {
            @Override
            void forward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao) {
                softplusLoop(n, z, zo, a, ao);
            }

            @Override
            void backward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao, float[] da, int dao,
                    float[] dz, int dzo) {
                softplusBackwardLoop(n, z, zo, da, dao, dz, dzo);
            }
        },
        SWISH {
            @Override
            void forward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao) {
                GatedActivations.forward(f, p, n, z, zo, a, ao);
            }

            @Override
            void backward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao, float[] da, int dao,
                    float[] dz, int dzo) {
                GatedActivations.backward(f, p, n, z, zo, da, dao, dz, dzo);
            }
        },
        GELU {
            @Override
            void forward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao) {
                GatedActivations.forward(f, p, n, z, zo, a, ao);
            }

            @Override
            void backward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao, float[] da, int dao,
                    float[] dz, int dzo) {
                GatedActivations.backward(f, p, n, z, zo, da, dao, dz, dzo);
            }
        },
        GELU_TANH {
            @Override
            void forward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao) {
                GatedActivations.forward(f, p, n, z, zo, a, ao);
            }

            @Override
            void backward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao, float[] da, int dao,
                    float[] dz, int dzo) {
                GatedActivations.backward(f, p, n, z, zo, da, dao, dz, dzo);
            }
        },
        GELU_SIGMOID {
            @Override
            void forward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao) {
                GatedActivations.forward(f, p, n, z, zo, a, ao);
            }

            @Override
            void backward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao, float[] da, int dao,
                    float[] dz, int dzo) {
                GatedActivations.backward(f, p, n, z, zo, da, dao, dz, dzo);
            }
        };

        abstract void forward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao);

        abstract void backward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao, float[] da, int dao,
                float[] dz, int dzo);

        private static final Loops[] BY_ACTIVATION = new Loops[Activation.values().length];

        static {
            for (Activation f : Activation.values()) BY_ACTIVATION[f.ordinal()] = valueOf(f.name());
        }
    }
}
