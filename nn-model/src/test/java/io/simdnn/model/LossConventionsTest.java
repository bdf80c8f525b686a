package io.simdnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simdnn.spi.Backend;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each loss's value and gradient against its definition written out in float64, with PyTorch's
 * {@code reduction='mean'} normalisation where the loss is documented as PyTorch's: mean over all elements for
 * {@code MSELoss}, {@code L1Loss} and {@code BCEWithLogitsLoss}, over rows for {@code CrossEntropyLoss}.
 */
class LossConventionsTest {
    private static final int ROWS = 5, OUT = 3;

    static java.util.List<Backend> backends() {
        return TestBackends.all();
    }

    /** A linear network whose logits are its inputs (identity weights, no bias), so z = x exactly. */
    private static Workspace identity(Backend b, Output link, float[] z) {
        Network.Builder nb = Network.builder().input(OUT).dense(OUT).noBias().output(link).backend(b);
        Network net = nb.build();
        float[] eye = new float[OUT * OUT];
        for (int i = 0; i < OUT; i++) eye[i * OUT + i] = 1f;
        Workspace ws = new Workspace(net.architecture(), b, ROWS);
        ws.forward(net.withParameter("layers.0.weight", eye).parameters(), z, 0, ROWS, false, null);
        return ws;
    }

    private static float[] values(long seed, double scale, double shift) {
        Rng r = new Rng(seed);
        float[] v = new float[ROWS * OUT];
        for (int i = 0; i < v.length; i++) v[i] = (float) (scale * r.nextDouble() + shift);
        return v;
    }

    /** dL/dz of the last loss, through backward into the input gradient (W = I, so dL/dx = dL/dz). */
    private static float[] gradient(Workspace ws) {
        Parameters g = new Parameters(ws.architecture());
        ws.backward(g, true);
        return java.util.Arrays.copyOf(ws.inputGradient(), ROWS * OUT);
    }

    private static void check(Backend b, Loss loss, Output link, float[] z, float[] t, double expected,
            DoubleBinaryOperator dElement) {
        Workspace ws = identity(b, link, z);
        assertEquals(expected, ws.loss(loss, t, 0), 1e-6 * Math.max(1, Math.abs(expected)), loss + " value");
        float[] g = gradient(ws);
        for (int i = 0; i < g.length; i++) {
            assertEquals(dElement.applyAsDouble(z[i], t[i]), g[i], 1e-6, loss + " gradient at " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void meanOverElementsAsPyTorch(Backend b) {
        float[] y = values(1, 4, -2), t = values(2, 4, -2);
        double n = ROWS * OUT, sq = 0, abs = 0;
        for (int i = 0; i < y.length; i++) {
            sq += ((double) y[i] - t[i]) * ((double) y[i] - t[i]);
            abs += Math.abs((double) y[i] - t[i]);
        }
        // MSELoss(reduction='mean') and L1Loss(reduction='mean'): divide by every element.
        check(b, Loss.MSE, Output.LINEAR, y, t, sq / n, (z, u) -> 2 * (z - u) / n);
        check(b, Loss.MAE, Output.LINEAR, y, t, abs / n, (z, u) -> Math.signum(z - u) / n);
        // The per-row sums: SQUARED_ERROR = ½·outputs·MSELoss, ABSOLUTE_ERROR = outputs·L1Loss.
        check(b, Loss.SQUARED_ERROR, Output.LINEAR, y, t, 0.5 * sq / ROWS, (z, u) -> (z - u) / ROWS);
        check(b, Loss.ABSOLUTE_ERROR, Output.LINEAR, y, t, abs / ROWS, (z, u) -> Math.signum(z - u) / ROWS);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sigmoidCrossEntropyIsBceWithLogitsLoss(Backend b) {
        float[] z = values(3, 8, -4), t = values(4, 1, 0);
        double n = ROWS * OUT, sum = 0;
        for (int i = 0; i < z.length; i++) {
            double p = 1 / (1 + Math.exp(-z[i]));
            sum += -(t[i] * Math.log(p) + (1 - t[i]) * Math.log(1 - p));
        }
        check(b, Loss.SIGMOID_CROSS_ENTROPY, Output.SIGMOID, z, t, sum / n,
                (x, u) -> (1 / (1 + Math.exp(-x)) - u) / n);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void softmaxCrossEntropyIsCrossEntropyLossWithOneHotOrIndices(Backend b) {
        float[] z = values(5, 6, -3);
        int[] classes = {2, 0, 1, 1, 2};
        float[] t = new float[ROWS * OUT];
        for (int r = 0; r < ROWS; r++) t[r * OUT + classes[r]] = 1f;
        double sum = 0;
        double[] softmax = new double[ROWS * OUT];
        for (int r = 0; r < ROWS; r++) {
            double norm = 0;
            for (int j = 0; j < OUT; j++) norm += Math.exp(z[r * OUT + j]);
            for (int j = 0; j < OUT; j++) softmax[r * OUT + j] = Math.exp(z[r * OUT + j]) / norm;
            sum -= Math.log(softmax[r * OUT + classes[r]]);
        }
        double expected = sum / ROWS;
        Workspace ws = identity(b, Output.SOFTMAX, z);
        assertEquals(expected, ws.loss(Loss.SOFTMAX_CROSS_ENTROPY, t, 0), 1e-6);
        float[] byOneHot = gradient(ws);
        ws.forward(identityParams(b), z, 0, ROWS, false, null);
        assertEquals(expected, ws.loss(Loss.SOFTMAX_CROSS_ENTROPY, classes, 0), 1e-6);
        float[] byIndex = gradient(ws);
        for (int i = 0; i < byIndex.length; i++) {
            assertEquals((softmax[i] - t[i]) / ROWS, byIndex[i], 1e-6);
            assertEquals(byOneHot[i], byIndex[i]);
        }
        ws.forward(identityParams(b), z, 0, ROWS, false, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ws.loss(Loss.SOFTMAX_CROSS_ENTROPY, new int[] {0, 1, 3, 0, 0}, 0));
        assertEquals("row 2: class 3 is outside 0..2 for 3 outputs", e.getMessage());
    }

    private static Parameters identityParams(Backend b) {
        Parameters p = new Parameters(Network.builder().input(OUT).dense(OUT).noBias().architecture());
        for (int i = 0; i < OUT; i++) p.values(0)[i * OUT + i] = 1f;
        return p;
    }
}
