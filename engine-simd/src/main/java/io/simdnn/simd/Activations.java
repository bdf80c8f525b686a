package io.simdnn.simd;

import static io.simdnn.simd.Lanes.F;
import static io.simdnn.simd.Lanes.L;

import io.simdnn.spi.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Element-wise activations and their derivatives. One loop per activation (the activation is chosen once per call,
 * outside the loop); the last partial vector is handled once with a mask. Products with a gate that is exactly 0
 * (z·σ(βz), z·Φ(z) at z = −∞) give a signed zero, their limit, instead of ∞·0 = NaN.
 */
final class Activations {
    private Activations() {}

    /** 1.702 as a float pair, for GELU's sigmoid approximation with an exact argument. */
    static final float GELU_SIG_HI = 1.702f, GELU_SIG_LO = (float) (1.702 - (double) 1.702f);

    static void forward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao) {
        switch (f) {
            case IDENTITY -> {
                if (z != a || zo != ao) System.arraycopy(z, zo, a, ao, n);
            }
            case SIGMOID -> sigmoid(n, z, zo, a, ao);
            case TANH -> tanh(n, z, zo, a, ao);
            case HARD_SIGMOID -> hardSigmoid(n, z, zo, a, ao);
            case HARD_TANH -> hardTanh(n, z, zo, a, ao);
            case RELU -> relu(n, z, zo, a, ao);
            case LEAKY_RELU -> leakyRelu(n, p, z, zo, a, ao);
            case ELU -> elu(n, p, z, zo, a, ao);
            case SOFTPLUS -> softplus(n, z, zo, a, ao);
            case SWISH -> swish(n, p, z, zo, a, ao);
            case GELU -> gelu(n, z, zo, a, ao);
            case GELU_TANH -> geluTanh(n, z, zo, a, ao);
            case GELU_SIGMOID -> geluSigmoid(n, z, zo, a, ao);
        }
    }

    // Each loop: full vectors, then one masked vector for the rest.

    static void sigmoid(int n, float[] z, int zo, float[] a, int ao) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            VMath.sigmoid(FloatVector.fromArray(F, z, zo + i)).intoArray(a, ao + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            VMath.sigmoid(FloatVector.fromArray(F, z, zo + i, m)).intoArray(a, ao + i, m);
        }
    }

    static void tanh(int n, float[] z, int zo, float[] a, int ao) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            VMath.tanh(FloatVector.fromArray(F, z, zo + i)).intoArray(a, ao + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            VMath.tanh(FloatVector.fromArray(F, z, zo + i, m)).intoArray(a, ao + i, m);
        }
    }

    private static FloatVector hardSigmoid(FloatVector z) {
        return z.fma(0.25f, 0.5f).min(1f).max(0f);
    }

    static void hardSigmoid(int n, float[] z, int zo, float[] a, int ao) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            hardSigmoid(FloatVector.fromArray(F, z, zo + i)).intoArray(a, ao + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            hardSigmoid(FloatVector.fromArray(F, z, zo + i, m)).intoArray(a, ao + i, m);
        }
    }

    static void hardTanh(int n, float[] z, int zo, float[] a, int ao) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(F, z, zo + i).min(1f).max(-1f).intoArray(a, ao + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector.fromArray(F, z, zo + i, m).min(1f).max(-1f).intoArray(a, ao + i, m);
        }
    }

    static void relu(int n, float[] z, int zo, float[] a, int ao) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(F, z, zo + i).max(0f).intoArray(a, ao + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector.fromArray(F, z, zo + i, m).max(0f).intoArray(a, ao + i, m);
        }
    }

    private static FloatVector leakyRelu(FloatVector z, float p) {
        return z.mul(p).blend(z, z.compare(VectorOperators.GT, 0f));
    }

    static void leakyRelu(int n, float p, float[] z, int zo, float[] a, int ao) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            leakyRelu(FloatVector.fromArray(F, z, zo + i), p).intoArray(a, ao + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            leakyRelu(FloatVector.fromArray(F, z, zo + i, m), p).intoArray(a, ao + i, m);
        }
    }

    private static FloatVector elu(FloatVector z, float p) {
        VectorMask<Float> positive = z.compare(VectorOperators.GT, 0f);
        FloatVector e = VMath.expm1Neg(z.blend(FloatVector.zero(F), positive));
        return e.mul(p).blend(z, positive);
    }

    static void elu(int n, float p, float[] z, int zo, float[] a, int ao) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            elu(FloatVector.fromArray(F, z, zo + i), p).intoArray(a, ao + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            elu(FloatVector.fromArray(F, z, zo + i, m), p).intoArray(a, ao + i, m);
        }
    }

    /** log(1 + e^z) = max(z, 0) + log1p(e^−|z|); log1p is the JDK's (native SVML on x86-64). */
    static FloatVector softplus(FloatVector z) {
        FloatVector t = VMath.expNeg(z.abs().neg());
        return z.max(0f).add(t.lanewise(VectorOperators.LOG1P));
    }

    static void softplus(int n, float[] z, int zo, float[] a, int ao) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            softplus(FloatVector.fromArray(F, z, zo + i)).intoArray(a, ao + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            softplus(FloatVector.fromArray(F, z, zo + i, m)).intoArray(a, ao + i, m);
        }
    }

    /** z·g, with a zero gate giving a zero of z's sign (the limit at z = ±∞), then flushed below normal. */
    static FloatVector gated(FloatVector z, FloatVector g) {
        FloatVector r = z.mul(g).blend(VMath.copySign(FloatVector.zero(F), z), g.eq(0f));
        return VMath.flushSubnormal(r);
    }

    /** σ(β·z) with β·z carried exactly as a float pair. */
    static FloatVector swishGate(FloatVector z, FloatVector beta) {
        FloatVector h = z.mul(beta);
        return VMath.sigmoid2(h, VMath.productError(z, beta, h));
    }

    static void swish(int n, float p, float[] z, int zo, float[] a, int ao) {
        FloatVector beta = FloatVector.broadcast(F, p);
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zo + i);
            gated(v, swishGate(v, beta)).intoArray(a, ao + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(F, z, zo + i, m);
            gated(v, swishGate(v, beta)).intoArray(a, ao + i, m);
        }
    }

    static FloatVector gelu(FloatVector z) {
        return gated(z, VMath.normalCdf(z, VMath.normalTail(z)));
    }

    static void gelu(int n, float[] z, int zo, float[] a, int ao) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            gelu(FloatVector.fromArray(F, z, zo + i)).intoArray(a, ao + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            gelu(FloatVector.fromArray(F, z, zo + i, m)).intoArray(a, ao + i, m);
        }
    }

    static void geluTanh(int n, float[] z, int zo, float[] a, int ao) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zo + i);
            gated(v, VMath.geluTanhGate(v)).intoArray(a, ao + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(F, z, zo + i, m);
            gated(v, VMath.geluTanhGate(v)).intoArray(a, ao + i, m);
        }
    }

    /** σ(1.702·z) with the argument carried exactly as a float pair. */
    static FloatVector geluSigmoidGate(FloatVector z) {
        FloatVector h = z.mul(GELU_SIG_HI);
        FloatVector l = VMath.productError(z, FloatVector.broadcast(F, GELU_SIG_HI), h).add(z.mul(GELU_SIG_LO));
        return VMath.sigmoid2(h, l);
    }

    static void geluSigmoid(int n, float[] z, int zo, float[] a, int ao) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zo + i);
            gated(v, geluSigmoidGate(v)).intoArray(a, ao + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(F, z, zo + i, m);
            gated(v, geluSigmoidGate(v)).intoArray(a, ao + i, m);
        }
    }

    // ------------------------------------------------------------------------------------------------ backward

    /** dz = da·f'(z), with the derivative {@link Activation} defines (a = f(z) is read for sigmoid and tanh). */
    static void backward(Activation f, float p, int n, float[] z, int zo, float[] a, int ao, float[] da, int dao,
            float[] dz, int dzo) {
        switch (f) {
            case IDENTITY -> {
                if (da != dz || dao != dzo) System.arraycopy(da, dao, dz, dzo, n);
            }
            case SIGMOID -> sigmoidBackward(n, a, ao, da, dao, dz, dzo);
            case TANH -> tanhBackward(n, a, ao, da, dao, dz, dzo);
            case HARD_SIGMOID -> hardSigmoidBackward(n, z, zo, da, dao, dz, dzo);
            case HARD_TANH -> hardTanhBackward(n, z, zo, da, dao, dz, dzo);
            case RELU -> reluBackward(n, z, zo, da, dao, dz, dzo);
            case LEAKY_RELU -> leakyReluBackward(n, p, z, zo, da, dao, dz, dzo);
            case ELU -> eluBackward(n, p, z, zo, da, dao, dz, dzo);
            case SOFTPLUS -> softplusBackward(n, z, zo, da, dao, dz, dzo);
            case SWISH -> swishBackward(n, p, z, zo, da, dao, dz, dzo);
            case GELU -> geluBackward(n, z, zo, da, dao, dz, dzo);
            case GELU_TANH -> geluTanhBackward(n, z, zo, da, dao, dz, dzo);
            case GELU_SIGMOID -> geluSigmoidBackward(n, z, zo, da, dao, dz, dzo);
        }
    }

    // f'(v) per activation, as small helpers C2 inlines into the loops below (v is z, or y = f(z) where noted).

    private static FloatVector dSigmoid(FloatVector y) {
        return y.mul(FloatVector.broadcast(F, 1f).sub(y));
    }

    private static FloatVector dTanh(FloatVector y) {
        return y.neg().fma(y, FloatVector.broadcast(F, 1f));
    }

    private static FloatVector dHardSigmoid(FloatVector v) {
        VectorMask<Float> inside = v.compare(VectorOperators.GT, -2f).and(v.lt(2f));
        return FloatVector.zero(F).blend(FloatVector.broadcast(F, 0.25f), inside).blend(v, v.test(VectorOperators.IS_NAN));
    }

    private static FloatVector dHardTanh(FloatVector v) {
        VectorMask<Float> inside = v.compare(VectorOperators.GT, -1f).and(v.lt(1f));
        return FloatVector.zero(F).blend(FloatVector.broadcast(F, 1f), inside).blend(v, v.test(VectorOperators.IS_NAN));
    }

    private static FloatVector dRelu(FloatVector v) {
        return FloatVector.zero(F).blend(FloatVector.broadcast(F, 1f), v.compare(VectorOperators.GT, 0f))
                .blend(v, v.test(VectorOperators.IS_NAN));
    }

    private static FloatVector dLeakyRelu(FloatVector v, float p) {
        return FloatVector.broadcast(F, p).blend(FloatVector.broadcast(F, 1f), v.compare(VectorOperators.GT, 0f))
                .blend(v, v.test(VectorOperators.IS_NAN));
    }

    private static FloatVector dElu(FloatVector v, float p) {
        VectorMask<Float> positive = v.compare(VectorOperators.GT, 0f);
        FloatVector e = VMath.expNeg(v.blend(FloatVector.zero(F), positive));
        return e.mul(p).blend(FloatVector.broadcast(F, 1f), positive);
    }

    private static FloatVector dSoftplus(FloatVector v) {
        return VMath.sigmoid(v);
    }

    private static FloatVector dSwish(FloatVector v, float p) {
        FloatVector beta = FloatVector.broadcast(F, p);
        FloatVector s = swishGate(v, beta);
        return v.mul(beta).mul(s).mul(FloatVector.broadcast(F, 1f).sub(s)).add(s);
    }

    private static FloatVector dGelu(FloatVector v) {
        FloatVector cdf = VMath.normalCdf(v, VMath.normalTail(v));
        return v.fma(VMath.normalPdf(v), cdf);
    }

    private static FloatVector dGeluTanh(FloatVector v) {
        FloatVector s = VMath.geluTanhGate(v);
        FloatVector vc = v.max(-VMath.GELU_TANH_SATURATION).min(VMath.GELU_TANH_SATURATION);
        FloatVector slope = vc.mul(vc).fma(3 * VMath.B_HI, VMath.A_HI);
        return v.mul(s).mul(FloatVector.broadcast(F, 1f).sub(s)).mul(slope).add(s);
    }

    private static FloatVector dGeluSigmoid(FloatVector v) {
        FloatVector s = geluSigmoidGate(v);
        return v.mul(GELU_SIG_HI).mul(s).mul(FloatVector.broadcast(F, 1f).sub(s)).add(s);
    }

    static void sigmoidBackward(int n, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector d = dSigmoid(FloatVector.fromArray(F, x, xo + i));
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector d = dSigmoid(FloatVector.fromArray(F, x, xo + i, m));
            FloatVector.fromArray(F, da, dao + i, m).mul(d).intoArray(dz, dzo + i, m);
        }
    }

    static void tanhBackward(int n, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector d = dTanh(FloatVector.fromArray(F, x, xo + i));
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector d = dTanh(FloatVector.fromArray(F, x, xo + i, m));
            FloatVector.fromArray(F, da, dao + i, m).mul(d).intoArray(dz, dzo + i, m);
        }
    }

    static void hardSigmoidBackward(int n, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector d = dHardSigmoid(FloatVector.fromArray(F, x, xo + i));
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector d = dHardSigmoid(FloatVector.fromArray(F, x, xo + i, m));
            FloatVector.fromArray(F, da, dao + i, m).mul(d).intoArray(dz, dzo + i, m);
        }
    }

    static void hardTanhBackward(int n, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector d = dHardTanh(FloatVector.fromArray(F, x, xo + i));
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector d = dHardTanh(FloatVector.fromArray(F, x, xo + i, m));
            FloatVector.fromArray(F, da, dao + i, m).mul(d).intoArray(dz, dzo + i, m);
        }
    }

    static void reluBackward(int n, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector d = dRelu(FloatVector.fromArray(F, x, xo + i));
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector d = dRelu(FloatVector.fromArray(F, x, xo + i, m));
            FloatVector.fromArray(F, da, dao + i, m).mul(d).intoArray(dz, dzo + i, m);
        }
    }

    static void leakyReluBackward(int n, float p, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector d = dLeakyRelu(FloatVector.fromArray(F, x, xo + i), p);
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector d = dLeakyRelu(FloatVector.fromArray(F, x, xo + i, m), p);
            FloatVector.fromArray(F, da, dao + i, m).mul(d).intoArray(dz, dzo + i, m);
        }
    }

    static void eluBackward(int n, float p, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector d = dElu(FloatVector.fromArray(F, x, xo + i), p);
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector d = dElu(FloatVector.fromArray(F, x, xo + i, m), p);
            FloatVector.fromArray(F, da, dao + i, m).mul(d).intoArray(dz, dzo + i, m);
        }
    }

    static void softplusBackward(int n, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector d = dSoftplus(FloatVector.fromArray(F, x, xo + i));
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector d = dSoftplus(FloatVector.fromArray(F, x, xo + i, m));
            FloatVector.fromArray(F, da, dao + i, m).mul(d).intoArray(dz, dzo + i, m);
        }
    }

    static void swishBackward(int n, float p, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector d = dSwish(FloatVector.fromArray(F, x, xo + i), p);
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector d = dSwish(FloatVector.fromArray(F, x, xo + i, m), p);
            FloatVector.fromArray(F, da, dao + i, m).mul(d).intoArray(dz, dzo + i, m);
        }
    }

    static void geluBackward(int n, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector d = dGelu(FloatVector.fromArray(F, x, xo + i));
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector d = dGelu(FloatVector.fromArray(F, x, xo + i, m));
            FloatVector.fromArray(F, da, dao + i, m).mul(d).intoArray(dz, dzo + i, m);
        }
    }

    static void geluTanhBackward(int n, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector d = dGeluTanh(FloatVector.fromArray(F, x, xo + i));
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector d = dGeluTanh(FloatVector.fromArray(F, x, xo + i, m));
            FloatVector.fromArray(F, da, dao + i, m).mul(d).intoArray(dz, dzo + i, m);
        }
    }

    static void geluSigmoidBackward(int n, float[] x, int xo, float[] da, int dao, float[] dz, int dzo) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector d = dGeluSigmoid(FloatVector.fromArray(F, x, xo + i));
            FloatVector.fromArray(F, da, dao + i).mul(d).intoArray(dz, dzo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector d = dGeluSigmoid(FloatVector.fromArray(F, x, xo + i, m));
            FloatVector.fromArray(F, da, dao + i, m).mul(d).intoArray(dz, dzo + i, m);
        }
    }
}
