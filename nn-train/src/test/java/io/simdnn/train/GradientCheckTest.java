package io.simdnn.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.Loss;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Parameters;
import io.simdnn.model.Workspace;
import io.simdnn.model.Rng;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Back-propagated gradients of every activation, layer type and loss against central differences, on every backend.
 * Float32 forward passes, h = 1e-2, relative error floor 1e-2: a correct gradient shows errors around 1e-4–1e-3, a
 * wrong one (a missing factor, a transposed weight) errors of order 1. Threshold 2e-2.
 */
class GradientCheckTest {
    private static final double TOLERANCE = 2e-2;

    private static float[] gaussian(int n, long seed) {
        Rng r = new Rng(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    private static float[] oneHot(int rows, int classes, long seed) {
        Rng r = new Rng(seed);
        float[] t = new float[rows * classes];
        for (int i = 0; i < rows; i++) t[i * classes + r.nextInt(classes)] = 1f;
        return t;
    }

    private static void assertGradients(Network net, Loss loss, float[] t, String what) {
        int rows = 4;
        float[] x = gaussian(rows * net.inputSize(), 17);
        GradientCheck.Result r = GradientCheck.check(net, x, t, rows, loss);
        System.out.printf("gradient check %s on %s: max %.2e%n", what, net.backend().name(), r.max());
        assertTrue(r.max() <= TOLERANCE, what + " on " + net.backend().name() + ": " + r);
    }

    static List<Arguments> activations() {
        List<Arguments> out = new ArrayList<>();
        for (Backend b : TestBackends.all()) {
            for (Activation f : Activation.values()) out.add(Arguments.of(b, f));
        }
        return out;
    }

    /**
     * Two dense layers of the activation (the second with parameter 0.3 where it has one) and a linear output. Where
     * an activation has a kink (ReLU, hard sigmoid, hard tanh, LeakyReLU, ELU with γ ≠ 1), a perturbation that
     * crosses it makes the difference quotient meaningless for that one value: it happens for an unlucky draw, not
     * for every draw, whereas a wrong derivative fails every draw. So three seeds are drawn and two must pass.
     */
    @ParameterizedTest
    @MethodSource("activations")
    void everyActivation(Backend b, Activation f) {
        int passed = 0;
        StringBuilder results = new StringBuilder();
        for (long seed = 3; seed <= 5; seed++) {
            Network net = Network.builder().input(3).dense(5, f).dense(2, f, f.hasParameter() ? 0.3f : Float.NaN)
                    .dense(2).seed(seed).backend(b).build();
            float[] x = gaussian(4 * 3, 17 + seed);
            GradientCheck.Result r = GradientCheck.check(net, x, gaussian(8, seed), 4, Loss.MSE);
            results.append("\n  seed ").append(seed).append(": ").append(r);
            if (r.max() <= TOLERANCE) passed++;
        }
        System.out.printf("gradient check %s on %s: %d of 3 seeds pass%n", f, b.name(), passed);
        assertTrue(passed >= 2, f + " on " + b.name() + ": " + passed + " of 3 seeds pass" + results);
    }

    static List<Backend> backends() {
        return TestBackends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyLayerType(Backend b) {
        Network net = Network.builder().input(3).prelu(5).dropout(0.5).swish(4).maxout(3, 4).dense(4, Activation.TANH)
                .noBias().dense(3).output(Output.SOFTMAX).seed(4).backend(b).build();
        // Non-default slopes and betas, so that their gradients are checked away from the initial values.
        float[] slopes = {0.1f, -0.2f, 0.3f, 0.05f, 0.25f}, betas = {0.5f, 1.5f, -0.7f, 2f};
        net = net.withParameter("layers.1.weight", slopes).withParameter("layers.4.beta", betas);
        assertGradients(net, Loss.SOFTMAX_CROSS_ENTROPY, oneHot(4, 3, 6), "prelu, swish-beta, maxout, dropout, dense");
    }

    static List<Arguments> losses() {
        List<Arguments> out = new ArrayList<>();
        for (Backend b : TestBackends.all()) {
            out.add(Arguments.of(b, Loss.SQUARED_ERROR, Output.SIGMOID));
            out.add(Arguments.of(b, Loss.SQUARED_ERROR, Output.SOFTMAX));
            out.add(Arguments.of(b, Loss.MSE, Output.LINEAR));
            out.add(Arguments.of(b, Loss.ABSOLUTE_ERROR, Output.LINEAR));
            out.add(Arguments.of(b, Loss.SOFTMAX_CROSS_ENTROPY, Output.SOFTMAX));
            out.add(Arguments.of(b, Loss.SOFTMAX_CROSS_ENTROPY, Output.LINEAR));
            out.add(Arguments.of(b, Loss.SIGMOID_CROSS_ENTROPY, Output.SIGMOID));
            out.add(Arguments.of(b, Loss.HINGE, Output.LINEAR));
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("losses")
    void everyLoss(Backend b, Loss loss, Output link) {
        Network net = Network.builder().input(3).dense(5, Activation.TANH).dense(3).output(link).seed(7).backend(b)
                .build();
        float[] t = loss == Loss.MSE || loss == Loss.ABSOLUTE_ERROR ? gaussian(12, 8) : oneHot(4, 3, 8);
        assertGradients(net, loss, t, loss + " with " + link);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aWrongGradientIsReported(Backend b) {
        Network net = Network.builder().input(3).dense(4, Activation.SIGMOID).dense(2).output(Output.SIGMOID).seed(2)
                .backend(b).build();
        float[] x = gaussian(12, 1), t = oneHot(4, 2, 2);
        Workspace ws = new Workspace(net.architecture(), b, 4);
        Parameters g = new Parameters(net.architecture());
        ws.forward(net.parameters(), x, 0, 4, false, null);
        ws.loss(Loss.SQUARED_ERROR, t, 0);
        ws.backward(g, true);
        float[] dx = ws.inputGradient().clone();
        GradientCheck.Result right = GradientCheck.compare(net, x, t, 4, Loss.SQUARED_ERROR, g, dx, 1e-2, 1e-2);
        assertTrue(right.max() <= TOLERANCE, right.toString());
        float[] w = g.values("layers.0.weight");
        int largest = 0;
        for (int i = 1; i < w.length; i++) if (Math.abs(w[i]) > Math.abs(w[largest])) largest = i;
        w[largest] *= 1.5f; // one wrong value: relative error 1/3
        GradientCheck.Result wrong = GradientCheck.compare(net, x, t, 4, Loss.SQUARED_ERROR, g, dx, 1e-2, 1e-2);
        assertTrue(wrong.maxRelativeError()[0] > 0.2, "the wrong value must be reported: " + wrong);
        assertTrue(wrong.maxRelativeError()[2] <= TOLERANCE, wrong.toString());
    }
}
