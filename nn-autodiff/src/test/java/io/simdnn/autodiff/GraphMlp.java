package io.simdnn.autodiff;

import io.simdnn.spi.Activation;
import java.util.SplittableRandom;

/** An MLP written as a graph: linear layers (x·Wᵀ + b, W stored [out, in]), activations, fused softmax cross-entropy. */
final class GraphMlp {
    final Var x, target, loss, logits;
    final Var[] w, b;

    /** Records the training step on {@code t}; {@code params[2l]}, {@code params[2l + 1]} are W and b of layer l. */
    GraphMlp(Tape t, int[] widths, Activation hidden, float[][] params, float[] xs, float[] ts, int rows) {
        int layers = widths.length - 1;
        w = new Var[layers];
        b = new Var[layers];
        x = t.constant("x", xs, 0, rows, widths[0]);
        target = t.constant("y", ts, 0, rows, widths[layers]);
        Var h = x;
        for (int l = 0; l < layers; l++) {
            w[l] = t.variable("W" + (l + 1), params[2 * l], 0, widths[l + 1], widths[l]);
            b[l] = t.variable("b" + (l + 1), params[2 * l + 1]);
            h = h.linear(w[l], b[l]);
            if (l < layers - 1) h = h.activate(hidden);
        }
        logits = h;
        loss = h.softmaxCrossEntropy(target);
    }

    static float[][] init(int[] widths, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] p = new float[2 * (widths.length - 1)][];
        for (int l = 0; l + 1 < widths.length; l++) {
            double s = Math.sqrt(2.0 / widths[l]);
            p[2 * l] = OpsTest.fill(r, widths[l + 1] * widths[l], -s, s);
            p[2 * l + 1] = OpsTest.fill(r, widths[l + 1], -0.1, 0.1);
        }
        return p;
    }

    static float[] oneHot(SplittableRandom r, int rows, int classes) {
        float[] t = new float[rows * classes];
        for (int i = 0; i < rows; i++) t[i * classes + r.nextInt(classes)] = 1f;
        return t;
    }
}
