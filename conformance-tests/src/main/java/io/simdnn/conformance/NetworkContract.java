package io.simdnn.conformance;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Whole passes composed from SPI calls only: a random small MLP forward and backward compared layer by layer with
 * a float64 oracle, and the worked examples E1–E5 of the course notes.
 */
public interface NetworkContract extends Contract {

    double U = Tolerance.U;

    /**
     * A random MLP (2–4 layers, widths 1–12, random hidden activations, batch 1–20, softmax–cross-entropy output),
     * forward and backward with gemm (A·Wᵀ), addBias, activate, softmaxCrossEntropy, then δ back through
     * dW = δᵀ·A, db = columnSums(δ), dA = δ·W and activateBackward. Each step is checked against the oracle applied to
     * the float inputs that step received (layer by layer, so errors do not compound); the loss also end to end
     * against a float64 network with the same parameters, to 1e-4 relative.
     */
    @Property(tries = 100, shrinking = ShrinkingMode.BOUNDED)
    default void mlpForwardAndBackwardMatchOracleLayerByLayer(@ForAll @IntRange(min = 2, max = 4) int layers,
            @ForAll @IntRange(min = 1, max = 20) int batch, @ForAll("seed") long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] width = new int[layers + 1];
        for (int l = 0; l <= layers; l++) width[l] = 1 + r.nextInt(12);
        Activation[] f = new Activation[layers + 1];
        float[] p = new float[layers + 1];
        for (int l = 1; l < layers; l++) {
            f[l] = Activation.values()[r.nextInt(Activation.values().length)];
            p[l] = f[l].hasParameter() ? (float) r.nextDouble(0, 1.5) : Float.NaN;
            Statistics.label("activations").collect(f[l]);
        }
        int m = batch;
        float[][] w = new float[layers + 1][], b = new float[layers + 1][], z = new float[layers + 1][],
                a = new float[layers + 1][];
        a[0] = Data.uniform(r, m * width[0], -1, 1);
        for (int l = 1; l <= layers; l++) {
            double scale = 2 / Math.sqrt(width[l - 1]);
            w[l] = Data.uniform(r, width[l] * width[l - 1], -scale, scale);
            b[l] = Data.uniform(r, width[l], -0.1, 0.1);
        }
        float[] target = new float[m * width[layers]];
        for (int i = 0; i < m; i++) target[i * width[layers] + r.nextInt(width[layers])] = 1f;
        Backend be = backend();

        for (int l = 1; l <= layers; l++) {
            int in = width[l - 1], out = width[l];
            z[l] = new float[m * out];
            be.gemm(false, true, m, out, in, 1f, a[l - 1], 0, in, w[l], 0, in, 0f, z[l], 0, out);
            be.addBias(m, out, b[l], 0, z[l], 0, out);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < out; j++) {
                    double s = b[l][j], abs = Math.abs(s);
                    for (int k = 0; k < in; k++) {
                        double prod = (double) a[l - 1][i * in + k] * w[l][j * in + k];
                        s += prod;
                        abs += Math.abs(prod);
                    }
                    Expect.close("layer " + l + " z", i * out + j, z[l][i * out + j], s,
                            Tolerance.reduction(in + 2, abs) + Tolerance.ulp(s));
                }
            }
            if (l < layers) {
                a[l] = new float[m * out];
                be.activate(f[l], p[l], m * out, z[l], 0, a[l], 0);
                for (int e = 0; e < m * out; e++) {
                    double ref = Oracle.activation(f[l], p[l], z[l][e]);
                    Expect.close("layer " + l + " " + f[l], e, a[l][e], ref, Tolerance.forward(f[l], p[l], z[l][e], ref));
                }
            }
        }

        int nOut = width[layers];
        float[] delta = new float[m * nOut];
        float gs = 1f / m;
        double loss = be.softmaxCrossEntropy(m, nOut, z[layers], 0, target, 0, gs, null, 0, delta, 0) / m;
        double lossTol = 0;
        for (int i = 0; i < m; i++) {
            double max = Oracle.max(z[layers], i * nOut, nOut), lse = Oracle.logSumExpShifted(z[layers], i * nOut, nOut, max);
            for (int j = 0; j < nOut; j++) {
                int e = i * nOut + j;
                double logP = z[layers][e] - max - lse, prob = Math.exp(logP), g = gs * (prob - target[e]);
                lossTol += target[e] * (SoftmaxLossContract.logSoftmaxTolerance(z[layers][e], max, lse, nOut) + Math.abs(logP) * 4 * U);
                double pTol = SoftmaxLossContract.softmaxTolerance(prob, nOut, z[layers][e] - max)
                        + prob * SoftmaxLossContract.logSoftmaxTolerance(z[layers][e], max, lse, nOut);
                Expect.close("output delta", e, delta[e], g, gs * (pTol + U * (prob + 1)) + Tolerance.ulp(g));
            }
        }
        double reference = floatParametersInDouble(layers, width, f, p, w, b, a[0], target, m);
        Expect.closeDouble("end-to-end mean loss", loss, reference, 1e-4 * (1 + Math.abs(reference)) + lossTol / m);

        for (int l = layers; l >= 1; l--) {
            int in = width[l - 1], out = width[l];
            float[] dW = new float[out * in], db = new float[out];
            be.gemm(true, false, out, in, m, 1f, delta, 0, out, a[l - 1], 0, in, 0f, dW, 0, in);
            be.columnSums(m, out, delta, 0, out, 0f, db, 0);
            for (int j = 0; j < out; j++) {
                double s = 0, abs = 0;
                for (int i = 0; i < m; i++) {
                    s += delta[i * out + j];
                    abs += Math.abs(delta[i * out + j]);
                }
                Expect.close("layer " + l + " db", j, db[j], s, Tolerance.reduction(m, abs) + Tolerance.ulp(s));
                for (int k = 0; k < in; k++) {
                    double g = 0, gAbs = 0;
                    for (int i = 0; i < m; i++) {
                        double prod = (double) delta[i * out + j] * a[l - 1][i * in + k];
                        g += prod;
                        gAbs += Math.abs(prod);
                    }
                    Expect.close("layer " + l + " dW", j * in + k, dW[j * in + k], g, Tolerance.reduction(m, gAbs) + Tolerance.ulp(g));
                }
            }
            if (l == 1) break;
            float[] dA = new float[m * in], prev = new float[m * in];
            be.gemm(false, false, m, in, out, 1f, delta, 0, out, w[l], 0, in, 0f, dA, 0, in);
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < in; k++) {
                    double s = 0, abs = 0;
                    for (int j = 0; j < out; j++) {
                        double prod = (double) delta[i * out + j] * w[l][j * in + k];
                        s += prod;
                        abs += Math.abs(prod);
                    }
                    Expect.close("layer " + (l - 1) + " dA", i * in + k, dA[i * in + k], s, Tolerance.reduction(out, abs) + Tolerance.ulp(s));
                }
            }
            be.activateBackward(f[l - 1], p[l - 1], m * in, z[l - 1], 0, a[l - 1], 0, dA, 0, prev, 0);
            for (int e = 0; e < m * in; e++) {
                double ref = dA[e] * Oracle.derivative(f[l - 1], p[l - 1], z[l - 1][e], a[l - 1][e]);
                Expect.close("layer " + (l - 1) + " delta", e, prev[e], ref,
                        Tolerance.backward(f[l - 1], p[l - 1], z[l - 1][e], dA[e], ref));
            }
            delta = prev;
        }
    }

    /** The mean cross-entropy of the network evaluated entirely in double from the same float parameters. */
    private static double floatParametersInDouble(int layers, int[] width, Activation[] f, float[] p, float[][] w,
            float[][] b, float[] x, float[] target, int m) {
        double[] act = new double[x.length];
        for (int e = 0; e < x.length; e++) act[e] = x[e];
        for (int l = 1; l <= layers; l++) {
            int in = width[l - 1], out = width[l];
            double[] next = new double[m * out];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < out; j++) {
                    double s = b[l][j];
                    for (int k = 0; k < in; k++) s += act[i * in + k] * w[l][j * in + k];
                    next[i * out + j] = l < layers ? Oracle.activation(f[l], p[l], s) : s;
                }
            }
            act = next;
        }
        int n = width[layers];
        double loss = 0;
        for (int i = 0; i < m; i++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < n; j++) max = Math.max(max, act[i * n + j]);
            for (int j = 0; j < n; j++) sum += Math.exp(act[i * n + j] - max);
            for (int j = 0; j < n; j++) loss -= target[i * n + j] * (act[i * n + j] - max - Math.log(sum));
        }
        return loss / m;
    }

    // ------------------------------------------------------------------------------------------ worked examples

    /** |got − want| ≤ rel·|want| + abs, with a message naming the figure. */
    private static void near(String what, double got, double want, double rel, double abs) {
        if (!(Math.abs(got - want) <= rel * Math.abs(want) + abs)) {
            throw new AssertionError(what + " = " + got + ", expected " + want + " within " + rel + " relative + "
                    + abs + " absolute");
        }
    }

    /** A sigmoid layer without bias: out = σ(in·Wᵀ) for one sample, W stored out×in. */
    private static float[] sigmoidLayer(Backend be, float[] in, float[] w, float[] bias, int out, float[] zOut) {
        be.gemm(false, true, 1, out, in.length, 1f, in, 0, in.length, w, 0, in.length, 0f, zOut, 0, out);
        if (bias != null) be.addBias(1, out, bias, 0, zOut, 0, out);
        float[] a = new float[out];
        be.activate(Activation.SIGMOID, 0f, out, zOut, 0, a, 0);
        return a;
    }

    /**
     * One SGD step of a 2-layer sigmoid network with squared error on one sample, all through SPI calls: returns
     * the cost before the step and updates w0, w1 and, when {@code trainBiases}, the biases, each layer's bias being
     * one scalar shared by its units (b0 and b1 hold it repeated).
     */
    private static double sgdStep(Backend be, float[] x, float[] t, float[] w0, float[] b0, float[] w1, float[] b1,
            float lr, boolean trainBiases, float[][] gradientsOut) {
        int nIn = x.length, nHidden = b0 == null ? w0.length / nIn : b0.length, nOut = t.length;
        float[] z1 = new float[nHidden], z2 = new float[nOut];
        float[] a1 = sigmoidLayer(be, x, w0, b0, nHidden, z1);
        float[] y = sigmoidLayer(be, a1, w1, b1, nOut, z2);
        float[] dy = new float[nOut], d2 = new float[nOut], dA1 = new float[nHidden], d1 = new float[nHidden];
        double cost = be.squaredError(nOut, y, 0, t, 0, 1f, dy, 0);
        be.activateBackward(Activation.SIGMOID, 0f, nOut, z2, 0, y, 0, dy, 0, d2, 0);
        float[] dW1 = new float[nOut * nHidden], dW0 = new float[nHidden * nIn];
        be.gemm(true, false, nOut, nHidden, 1, 1f, d2, 0, nOut, a1, 0, nHidden, 0f, dW1, 0, nHidden);
        be.gemm(false, false, 1, nHidden, nOut, 1f, d2, 0, nOut, w1, 0, nHidden, 0f, dA1, 0, nHidden);
        be.activateBackward(Activation.SIGMOID, 0f, nHidden, z1, 0, a1, 0, dA1, 0, d1, 0);
        be.gemm(true, false, nHidden, nIn, 1, 1f, d1, 0, nHidden, x, 0, nIn, 0f, dW0, 0, nIn);
        if (gradientsOut != null) {
            gradientsOut[0] = dW0;
            gradientsOut[1] = dW1;
            gradientsOut[2] = z1;
            gradientsOut[3] = a1;
            gradientsOut[4] = z2;
            gradientsOut[5] = y;
        }
        float[] noVelocity = new float[Math.max(dW0.length, dW1.length)];
        be.momentumStep(dW1.length, lr, 0f, false, w1, 0, dW1, 0, noVelocity, 0);
        java.util.Arrays.fill(noVelocity, 0f);
        be.momentumStep(dW0.length, lr, 0f, false, w0, 0, dW0, 0, noVelocity, 0);
        if (trainBiases) {
            // One bias shared by all units of a layer (as in the notes): its gradient is the sum over the units.
            float[] shared = new float[1], grad = new float[1], v = new float[1];
            for (float[][] layer : new float[][][] {{b1, d2}, {b0, d1}}) {
                shared[0] = layer[0][0];
                grad[0] = be.sum(layer[1].length, layer[1], 0);
                v[0] = 0f;
                be.momentumStep(1, lr, 0f, false, shared, 0, grad, 0, v, 0);
                java.util.Arrays.fill(layer[0], shared[0]);
            }
        }
        return cost;
    }

    /**
     * E1: the 2-2-1 sigmoid network of the notes, one back-propagation step. Figures to 1e-5 relative (plus 1e-8
     * absolute for the rounding of the printed values); after 100 steps at η = 1 the cost 2.918e-07 to 2e-3 relative
     * (a difference of outputs near the target, so float32 keeps fewer digits of it).
     */
    @Example
    default void workedExampleE1() {
        Backend be = backend();
        float[] x = {0.35f, 0.9f}, t = {0.5f}, w0 = {0.1f, 0.8f, 0.4f, 0.6f}, w1 = {0.3f, 0.9f};
        float[][] g = new float[6][];
        double cost = sgdStep(be, x, t, w0, null, w1, null, 1f, false, g);
        double rel = 1e-5, abs = 1e-8;
        near("E1 z1[0]", g[2][0], 0.755, rel, abs);
        near("E1 z1[1]", g[2][1], 0.68, rel, abs);
        near("E1 y1[0]", g[3][0], 0.6802672, rel, abs);
        near("E1 y1[1]", g[3][1], 0.6637387, rel, abs);
        near("E1 z2", g[4][0], 0.80144499, rel, abs);
        near("E1 y2", g[5][0], 0.69028349, rel, abs);
        near("E1 cost", cost, 0.0181039, rel, abs);
        double[] dW1 = {0.02767403, 0.02700164}, dW0 = {0.00092907, 0.00238904, 0.00286008, 0.00735448};
        for (int i = 0; i < 2; i++) near("E1 dC/dW1[" + i + "]", g[1][i], dW1[i], rel, abs);
        for (int i = 0; i < 4; i++) near("E1 dC/dW0[" + i + "]", g[0][i], dW0[i], rel, abs);
        for (int step = 1; step < 100; step++) sgdStep(be, x, t, w0, null, w1, null, 1f, false, null);
        double after = sgdStep(be, x, t, w0, null, w1, null, 0f, false, null);
        near("E1 cost after 100 steps", after, 2.918e-07, 2e-3, 0);
    }

    /**
     * E2: the 2-2-2 network with shared scalar biases: the forward figures to 1e-5 relative; the cost after one step
     * of η = 0.5 (biases fixed) to 1e-5 relative; after 10,000 steps the cost to 2e-3 relative and the outputs to
     * 1e-4 absolute, with the biases fixed and with the two shared scalar biases trained (5.2691277e-05; training
     * per-unit bias vectors instead gives 3.958e-05 in float64).
     */
    @Example
    default void workedExampleE2() {
        Backend be = backend();
        float[] x = {0.02f, 0.7f}, t = {0f, 1f};
        for (boolean trainBiases : new boolean[] {false, true}) {
            float[] w0 = {0.1f, 0.2f, 0.3f, 0.4f}, b0 = {0.3f, 0.3f}, w1 = {0.2f, 0.3f, 0.1f, 0.2f}, b1 = {0.2f, 0.2f};
            float[][] g = new float[6][];
            double cost = sgdStep(be, x, t, w0, b0, w1, b1, 0.5f, trainBiases, g);
            if (!trainBiases) {
                near("E2 h[0]", g[3][0], 0.60873549, 1e-5, 0);
                near("E2 h[1]", g[3][1], 0.64244683, 1e-5, 0);
                near("E2 out[0]", g[5][0], 0.62585637, 1e-5, 0);
                near("E2 out[1]", g[5][1], 0.59612932, 1e-5, 0);
                near("E2 cost", cost, 0.27740386, 1e-5, 0);
                near("E2 cost after one step", sgdStep(be, x, t, w0.clone(), b0, w1.clone(), b1, 0f, false, null),
                        0.26537027, 1e-5, 0);
            }
            for (int step = 1; step < 10_000; step++) sgdStep(be, x, t, w0, b0, w1, b1, 0.5f, trainBiases, null);
            double last = sgdStep(be, x, t, w0, b0, w1, b1, 0f, false, g);
            String variant = trainBiases ? " (biases trained)" : " (biases fixed)";
            near("E2 cost after 10,000 steps" + variant, last, trainBiases ? 5.2691277e-05 : 6.3611519e-05, 2e-3, 0);
            near("E2 out[0] after 10,000 steps" + variant, g[5][0], trainBiases ? 0.00726585 : 0.00793004, 0, 1e-4);
            near("E2 out[1] after 10,000 steps" + variant, g[5][1], trainBiases ? 0.99274811 : 0.99197893, 0, 1e-4);
        }
    }

    /** E3: the batched 3-4-4-3 forward pass (7 samples, row-vector convention z = x·W), probabilities to 1e-6. */
    @Example
    default void workedExampleE3() {
        Backend be = backend();
        float[] w1 = {2, -1, 1, 4, -1, 2, -3, 1, 3, -2, -1, 5};
        float[] w2 = {3, 1, -2, 1, -2, 4, 1, -4, -1, -3, 2, -5, 3, 1, 1, 1};
        float[] w3 = {-1, 3, -2, 1, -1, -3, 3, -2, 2, 1, 2, 1};
        float[] x = {.5f, .8f, .2f, .1f, .9f, .6f, .2f, .2f, .3f, .6f, .1f, .9f, .5f, .5f, .4f, .9f, .1f, .9f, .1f, .8f, .7f};
        float[] z2 = new float[28], a2 = new float[28], z3 = new float[28], a3 = new float[28], z4 = new float[21], y = new float[21];
        be.gemm(false, false, 7, 4, 3, 1f, x, 0, 3, w1, 0, 4, 0f, z2, 0, 4);
        be.activate(Activation.SIGMOID, 0f, 28, z2, 0, a2, 0);
        be.gemm(false, false, 7, 4, 4, 1f, a2, 0, 4, w2, 0, 4, 0f, z3, 0, 4);
        be.activate(Activation.SIGMOID, 0f, 28, z3, 0, a3, 0);
        be.gemm(false, false, 7, 3, 4, 1f, a3, 0, 4, w3, 0, 3, 0f, z4, 0, 3);
        be.softmax(7, 3, z4, 0, y, 0);
        double[] firstZ = {0.8, 0.7, -2.1, 3.8}, firstA = {0.68997448, 0.66818777, 0.10909682, 0.97811873};
        for (int j = 0; j < 4; j++) {
            near("E3 z2[0][" + j + "]", z2[j], firstZ[j], 1e-6, 1e-6);
            near("E3 a2[0][" + j + "]", a2[j], firstA[j], 1e-6, 1e-7);
        }
        double[] want = {0.72780576, 0.26927918, 0.00291506, 0.62054212, 0.37682531, 0.00263257, 0.69267581,
            0.30361576, 0.00370844, 0.36618794, 0.63016955, 0.00364252, 0.57199769, 0.42519820, 0.00280411,
            0.38373781, 0.61163804, 0.00462415, 0.52510443, 0.47250110, 0.00239447};
        for (int e = 0; e < 21; e++) near("E3 y[" + e / 3 + "][" + e % 3 + "]", y[e], want[e], 1e-5, 1e-7);
    }

    /**
     * E4: f(x; w, b) = σ(w·x + b) at x = 1, w = b = 0 through gemm, addBias, activate, activateBackward, gemm and
     * columnSums: f = 0.5 and ∂f/∂w = ∂f/∂b = 0.25, each within one ulp.
     */
    @Example
    default void workedExampleE4() {
        Backend be = backend();
        float[] x = {1f}, w = {0f}, b = {0f}, z = new float[1], a = new float[1], one = {1f}, dz = new float[1];
        float[] dw = new float[1], db = new float[1];
        be.gemm(false, true, 1, 1, 1, 1f, x, 0, 1, w, 0, 1, 0f, z, 0, 1);
        be.addBias(1, 1, b, 0, z, 0, 1);
        be.activate(Activation.SIGMOID, 0f, 1, z, 0, a, 0);
        be.activateBackward(Activation.SIGMOID, 0f, 1, z, 0, a, 0, one, 0, dz, 0);
        be.gemm(true, false, 1, 1, 1, 1f, dz, 0, 1, x, 0, 1, 0f, dw, 0, 1);
        be.columnSums(1, 1, dz, 0, 1, 0f, db, 0);
        near("E4 f", a[0], 0.5, 0, Math.ulp(0.5f));
        near("E4 df/dw", dw[0], 0.25, 0, Math.ulp(0.25f));
        near("E4 df/db", db[0], 0.25, 0, Math.ulp(0.25f));
    }

    /** E5: cross-entropy of one-hot [0, 0, 1] against the prediction [0.3, 0.3, 0.4] (logits log p): 0.91629073. */
    @Example
    default void workedExampleE5() {
        Backend be = backend();
        float[] logits = {(float) Math.log(0.3), (float) Math.log(0.3), (float) Math.log(0.4)}, t = {0, 0, 1};
        float[] probs = new float[3];
        double loss = be.softmaxCrossEntropy(1, 3, logits, 0, t, 0, 1f, probs, 0, null, 0);
        near("E5 loss", loss, 0.91629073, 1e-6, 0);
        double[] p = {0.3, 0.3, 0.4};
        for (int j = 0; j < 3; j++) near("E5 p[" + j + "]", probs[j], p[j], 1e-6, 0);
    }
}
