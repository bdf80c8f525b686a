package io.simdnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.Loss;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Parameters;
import io.simdnn.model.Rng;
import io.simdnn.model.Workspace;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.train.data.Dataset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The worked examples E1–E8 of the course notes (with their float64 figures), through the model and
 * training API on every backend. Each tolerance is stated where it is used; float32 arithmetic throughout.
 */
class WorkedExamplesTest {

    static List<Backend> backends() {
        return TestBackends.all();
    }

    private static void assertRelative(double expected, double actual, double tolerance, String what) {
        double err = Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(err <= tolerance, what + ": expected " + expected + ", got " + actual + " (relative error " + err
                + " > " + tolerance + ")");
    }

    // ------------------------------------------------------------------------------------------------ E1

    private static Network e1(Backend b) {
        return Network.builder().input(2).dense(2, Activation.SIGMOID).noBias().dense(1).noBias().output(Output.SIGMOID)
                .backend(b).build().withParameter("layers.0.weight", 0.1f, 0.8f, 0.4f, 0.6f)
                .withParameter("layers.2.weight", 0.3f, 0.9f);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void e1OneBackPropagationStep(Backend b) {
        Network net = e1(b);
        Workspace ws = new Workspace(net.architecture(), b, 1);
        Parameters p = net.parameters(), g = new Parameters(net.architecture());
        ws.forward(p, new float[] {0.35f, 0.9f}, 0, 1, false, null);
        double c = ws.loss(Loss.SQUARED_ERROR, new float[] {0.5f}, 0);
        ws.backward(g, false);
        // One step in float32: 1e-5 relative.
        assertRelative(0.69028349, ws.outputs()[0], 1e-5, "y2");
        assertRelative(0.0181039, c, 1e-5, "C");
        float[] dW1 = g.values("layers.2.weight"), dW0 = g.values("layers.0.weight");
        assertRelative(0.02767403, dW1[0], 1e-5, "dC/dW1[0]");
        assertRelative(0.02700164, dW1[1], 1e-5, "dC/dW1[1]");
        double[] expected = {0.00092907, 0.00238904, 0.00286008, 0.00735448};
        for (int i = 0; i < 4; i++) assertRelative(expected[i], dW0[i], 1e-5, "dC/dW0[" + i + "]");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void e1HundredStepsAtRateOne(Backend b) {
        Dataset one = Dataset.regression("e1", new float[] {0.35f, 0.9f}, 1, 2, new float[] {0.5f}, 1, null);
        TrainingConfig config = TrainingConfig.builder().optimizer(Optimizers.sgd(1.0)).loss(Loss.SQUARED_ERROR)
                .epochs(100).batchSize(0).build();
        Network trained = new Trainer().fit(e1(b), one, null, config).network();
        double c = Metrics.evaluate(trained, one, Loss.SQUARED_ERROR).loss();
        // The figure has 4 digits; 100 float32 steps: 1e-3 relative.
        assertRelative(2.918e-07, c, 1e-3, "C after 100 steps");
    }

    // ------------------------------------------------------------------------------------------------ E2

    private static Network e2(Backend b) {
        Network net = Network.builder().input(2).dense(2, Activation.SIGMOID).dense(2).output(Output.SIGMOID).backend(b)
                .build();
        return net.withParameter("layers.0.weight", 0.1f, 0.2f, 0.3f, 0.4f).withParameter("layers.0.bias", 0.3f, 0.3f)
                .withParameter("layers.2.weight", 0.2f, 0.3f, 0.1f, 0.2f).withParameter("layers.2.bias", 0.2f, 0.2f);
    }

    private static final Dataset E2_DATA = Dataset.regression("e2", new float[] {0.02f, 0.7f}, 1, 2,
            new float[] {0f, 1f}, 2, null);

    private static TrainingResult e2Train(Backend b, int steps, boolean freezeBiases) {
        TrainingConfig config = TrainingConfig.builder().optimizer(Optimizers.sgd(0.5)).loss(Loss.SQUARED_ERROR)
                .epochs(steps).batchSize(0).freezeBiases(freezeBiases).build();
        return new Trainer().fit(e2(b), E2_DATA, null, config);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void e2ForwardAndOneStep(Backend b) {
        Network net = e2(b);
        float[] out = net.predict(new float[] {0.02f, 0.7f});
        assertRelative(0.62585637, out[0], 1e-5, "out1");
        assertRelative(0.59612932, out[1], 1e-5, "out2");
        assertRelative(0.27740386, Metrics.evaluate(net, E2_DATA, Loss.SQUARED_ERROR).loss(), 1e-5, "E");
        Network once = e2Train(b, 1, true).network();
        assertRelative(0.26537027, Metrics.evaluate(once, E2_DATA, Loss.SQUARED_ERROR).loss(), 1e-5, "E after one step");
    }

    /**
     * The notes' shared scalar biases, held fixed, are per-unit biases of equal value held fixed: frozen biases
     * reproduce the notes exactly. 10,000 float32 steps: 1e-3 relative on E, 1e-5 absolute on the outputs.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void e2TenThousandStepsBiasesFixed(Backend b) {
        Network net = e2Train(b, 10_000, true).network();
        float[] out = net.predict(new float[] {0.02f, 0.7f});
        assertRelative(6.3611519e-05, Metrics.evaluate(net, E2_DATA, Loss.SQUARED_ERROR).loss(), 1e-3, "E");
        assertArrayEquals(new float[] {0.00793004f, 0.99197893f}, out, 1e-5f);
        assertArrayEquals(new float[] {0.3f, 0.3f}, net.parameters().values("layers.0.bias"));
    }

    /**
     * Per-unit biases trained too. The notes' float64 figures for this case (E = 5.2691277e-05, out = [0.00726585,
     * 0.99274811]) are those of the notes' shared scalar biases trained (each bias's gradient summed over its units),
     * as a float64 recomputation shows; per-unit biases, recomputed in float64 the same way, give E = 3.9579392e-05
     * and out = [0.00630395, 0.99372154], the figures tested here (same tolerances as above).
     */
    @ParameterizedTest
    @MethodSource("backends")
    void e2TenThousandStepsBiasesTrained(Backend b) {
        Network net = e2Train(b, 10_000, false).network();
        float[] out = net.predict(new float[] {0.02f, 0.7f});
        assertRelative(3.9579392e-05, Metrics.evaluate(net, E2_DATA, Loss.SQUARED_ERROR).loss(), 1e-3, "E");
        assertArrayEquals(new float[] {0.00630395f, 0.99372154f}, out, 1e-5f);
    }

    // ------------------------------------------------------------------------------------------------ E3

    /** The notes' row-vector W (in×out) as the [out, in] layout of a dense layer. */
    private static float[] transpose(float[][] w) {
        int in = w.length, out = w[0].length;
        float[] t = new float[out * in];
        for (int i = 0; i < in; i++) for (int o = 0; o < out; o++) t[o * in + i] = w[i][o];
        return t;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void e3BatchedForwardPass(Backend b) {
        float[][] w1 = {{2, -1, 1, 4}, {-1, 2, -3, 1}, {3, -2, -1, 5}};
        float[][] w2 = {{3, 1, -2, 1}, {-2, 4, 1, -4}, {-1, -3, 2, -5}, {3, 1, 1, 1}};
        float[][] w3 = {{-1, 3, -2}, {1, -1, -3}, {3, -2, 2}, {1, 2, 1}};
        Network net = Network.builder().input(3).dense(4, Activation.SIGMOID).noBias().dense(4, Activation.SIGMOID)
                .noBias().dense(3).noBias().output(Output.SOFTMAX).backend(b).build()
                .withParameter("layers.0.weight", transpose(w1)).withParameter("layers.2.weight", transpose(w2))
                .withParameter("layers.4.weight", transpose(w3));
        float[] x = {.5f, .8f, .2f, .1f, .9f, .6f, .2f, .2f, .3f, .6f, .1f, .9f, .5f, .5f, .4f, .9f, .1f, .9f, .1f, .8f,
            .7f};
        double[] expected = {0.72780576, 0.26927918, 0.00291506, 0.62054212, 0.37682531, 0.00263257, 0.69267581,
            0.30361576, 0.00370844, 0.36618794, 0.63016955, 0.00364252, 0.57199769, 0.42519820, 0.00280411, 0.38373781,
            0.61163804, 0.00462415, 0.52510443, 0.47250110, 0.00239447};
        float[] y = new float[21];
        net.newPredictor().predict(7, x, 0, y, 0);
        // The figures have 8 significant digits: 1e-6 relative (plus half a unit of the 8th decimal for rounding).
        for (int i = 0; i < 21; i++) {
            double err = Math.abs(y[i] - expected[i]);
            assertTrue(err <= 1e-6 * expected[i] + 5e-9, "y[" + i + "] = " + y[i] + ", expected " + expected[i]);
        }
    }

    // ------------------------------------------------------------------------------------------------ E4

    @ParameterizedTest
    @MethodSource("backends")
    void e4ReverseModeDerivativeOfSigmoidOfAffine(Backend b) {
        Network net = Network.builder().input(1).dense(1).output(Output.SIGMOID).backend(b).build()
                .withParameter("layers.0.weight", 0f).withParameter("layers.0.bias", 0f);
        Workspace ws = new Workspace(net.architecture(), b, 1);
        Parameters p = net.parameters(), g = new Parameters(net.architecture());
        ws.forward(p, new float[] {1f}, 0, 1, false, null);
        ws.seedOutputGradient(new float[] {1f}, 0); // reverse mode: seed df = 1
        ws.backward(g, true);
        assertEquals(0.5f, ws.outputs()[0], 0f);
        assertEquals(0.25f, g.values("layers.0.weight")[0], 1e-7f);
        assertEquals(0.25f, g.values("layers.0.bias")[0], 1e-7f);
        assertEquals(0f, ws.inputGradient()[0], 0f); // ∂f/∂x = w·σ' = 0 at w = 0
    }

    // ------------------------------------------------------------------------------------------------ E5

    @ParameterizedTest
    @MethodSource("backends")
    void e5CrossEntropyOfOneSample(Backend b) {
        // Identity weights and logits log p: the softmax gives back p = [0.3, 0.3, 0.4].
        Network net = Network.builder().input(3).dense(3).noBias().output(Output.SOFTMAX).backend(b).build()
                .withParameter("layers.0.weight", 1, 0, 0, 0, 1, 0, 0, 0, 1);
        float[] logits = {(float) Math.log(0.3), (float) Math.log(0.3), (float) Math.log(0.4)};
        assertArrayEquals(new float[] {0.3f, 0.3f, 0.4f}, net.predict(logits), 1e-7f);
        Dataset one = Dataset.classification("e5", logits, 1, 3, new int[] {2}, 3, null);
        assertRelative(0.91629073, Metrics.evaluate(net, one, Loss.SOFTMAX_CROSS_ENTROPY).loss(), 1e-6, "L");
    }

    // ------------------------------------------------------------------------------------------------ E6

    private static final float[] GATE_INPUTS = {0, 0, 0, 1, 1, 0, 1, 1};

    private static String truthTable(Network net) {
        float[] y = net.predict(GATE_INPUTS);
        StringBuilder s = new StringBuilder();
        for (float v : y) s.append(Math.round(v));
        return s.toString();
    }

    private static Network neuron(Backend b, float w1, float w2, float bias) {
        return Network.builder().input(2).dense(1).output(Output.SIGMOID).backend(b).build()
                .withParameter("layers.0.weight", w1, w2).withParameter("layers.0.bias", bias);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void e6LogicGatesAndComposedXor(Backend b) {
        assertEquals("0111", truthTable(neuron(b, 20, 20, -10)), "OR");
        assertEquals("1110", truthTable(neuron(b, -10, -10, 14)), "NAND");
        assertEquals("0001", truthTable(neuron(b, 10, 10, -15)), "AND");
        Network xor = Network.builder().input(2).dense(2, Activation.SIGMOID).dense(1).output(Output.SIGMOID)
                .backend(b).build().withParameter("layers.0.weight", 20, 20, -10, -10)
                .withParameter("layers.0.bias", -10, 14).withParameter("layers.2.weight", 10, 10)
                .withParameter("layers.2.bias", -15);
        assertEquals("0110", truthTable(xor), "XOR = AND(OR, NAND)");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void e6XorLearnedByTwoFourOneNetwork(Backend b) {
        Network net = Network.builder().input(2).dense(4, Activation.SIGMOID).dense(1).output(Output.SIGMOID)
                .backend(b).build();
        Parameters p = net.parameters();
        Rng rng = new Rng(2024);
        for (int i = 0; i < p.count(); i++) {
            float[] v = p.values(i);
            for (int j = 0; j < v.length; j++) v[j] = (float) (2 * rng.nextDouble() - 1); // uniform(−1, 1)
        }
        Dataset xor = Dataset.classification("xor", GATE_INPUTS, 4, 2, new int[] {0, 1, 1, 0}, 2, null);
        TrainingConfig config = TrainingConfig.builder().optimizer(Optimizers.sgd(2.0))
                .loss(Loss.SIGMOID_CROSS_ENTROPY).epochs(5000).batchSize(0).build();
        Network trained = new Trainer().fit(net.withParameters(p), xor, null, config).network();
        assertEquals("0110", truthTable(trained));
        assertEquals(1.0, Metrics.evaluate(trained, xor).accuracy());
    }

    // ------------------------------------------------------------------------------------------------ E7

    /** y = 1.5 + 2·x1 + 5·x2 + ε, x ~ U(0, 10)², ε ~ N(0, 0.5), 100 samples. */
    private static Dataset e7Data() {
        Rng rng = new Rng(7);
        float[] x = new float[200], y = new float[100];
        for (int i = 0; i < 100; i++) {
            x[2 * i] = (float) (10 * rng.nextDouble());
            x[2 * i + 1] = (float) (10 * rng.nextDouble());
            y[i] = (float) (1.5 + 2 * x[2 * i] + 5 * x[2 * i + 1] + 0.5 * rng.nextGaussian());
        }
        return Dataset.regression("e7", x, 100, 2, y, 1, null);
    }

    /** Least squares in double: θ = (XᵀX)⁻¹Xᵀy with X = [1, x1, x2], by Gaussian elimination. */
    static double[] leastSquares(Dataset d) {
        int f = d.featureCount() + 1;
        double[][] a = new double[f][f + 1];
        float[] x = d.features(), y = d.targets();
        for (int r = 0; r < d.rows(); r++) {
            double[] row = new double[f];
            row[0] = 1;
            for (int j = 1; j < f; j++) row[j] = x[r * (f - 1) + j - 1];
            for (int i = 0; i < f; i++) {
                for (int j = 0; j < f; j++) a[i][j] += row[i] * row[j];
                a[i][f] += row[i] * y[r];
            }
        }
        for (int c = 0; c < f; c++) {
            for (int r = c + 1; r < f; r++) {
                double k = a[r][c] / a[c][c];
                for (int j = c; j <= f; j++) a[r][j] -= k * a[c][j];
            }
        }
        double[] theta = new double[f];
        for (int r = f - 1; r >= 0; r--) {
            double s = a[r][f];
            for (int j = r + 1; j < f; j++) s -= a[r][j] * theta[j];
            theta[r] = s / a[r][r];
        }
        return theta;
    }

    private static Network e7Start(Backend b) {
        return Network.builder().input(2).dense(1).backend(b).build().withParameter("layers.0.weight", 3, 3)
                .withParameter("layers.0.bias", 3);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void e7LinearRegressionReachesLeastSquares(Backend b) {
        Dataset d = e7Data();
        double[] ls = leastSquares(d);
        // The notes' settings (lr 1e-3, 2000 iterations): the slopes approach (2, 5).
        TrainingConfig notes = TrainingConfig.builder().optimizer(Optimizers.sgd(1e-3)).loss(Loss.MSE).epochs(2000)
                .batchSize(0).build();
        Parameters p = new Trainer().fit(e7Start(b), d, null, notes).network().parameters();
        assertEquals(ls[1], p.values("layers.0.weight")[0], 0.1);
        assertEquals(ls[2], p.values("layers.0.weight")[1], 0.1);
        // Run to convergence: the least-squares solution within 1e-3.
        TrainingConfig longer = notes.toBuilder().optimizer(Optimizers.sgd(0.01)).epochs(20_000).build();
        Parameters q = new Trainer().fit(e7Start(b), d, null, longer).network().parameters();
        double[] theta = {q.values("layers.0.bias")[0], q.values("layers.0.weight")[0], q.values("layers.0.weight")[1]};
        System.out.printf("E7 %s: least squares %s, gradient descent %s%n", b.name(), java.util.Arrays.toString(ls),
                java.util.Arrays.toString(theta));
        for (int i = 0; i < 3; i++) assertEquals(ls[i], theta[i], 1e-3, "theta[" + i + "]");
        assertEquals(1.5, theta[0], 0.5);
        assertEquals(2, theta[1], 0.1);
        assertEquals(5, theta[2], 0.1);
    }

    // ------------------------------------------------------------------------------------------------ E8

    @ParameterizedTest
    @MethodSource("backends")
    void e8DiamondWithFourHiddenUnits(Backend b) {
        Rng rng = new Rng(8);
        int n = 500;
        float[] x = new float[3 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            float x1 = (float) (2 * rng.nextDouble() - 1), x2 = (float) (2 * rng.nextDouble() - 1);
            x[3 * i] = x1;
            x[3 * i + 1] = x2;
            x[3 * i + 2] = 1f; // the notes' constant input
            labels[i] = Math.abs(x1) + Math.abs(x2) < 1 ? 1 : 0;
        }
        Dataset d = Dataset.classification("diamond", x, n, 3, labels, 2, null);
        Network net = Network.builder().input(3).dense(4, Activation.SIGMOID).dense(1).output(Output.SIGMOID)
                .seed(8).backend(b).build();
        TrainingConfig config = TrainingConfig.builder().optimizer(Optimizers.sgd(2.0)).loss(Loss.SIGMOID_CROSS_ENTROPY)
                .epochs(20_000).batchSize(0).build();
        TrainingResult r = new Trainer().fit(net, d, null, config);
        double acc = Metrics.evaluate(r.network(), d).accuracy();
        System.out.printf("E8 diamond %s: training accuracy %.4f%n", b.name(), acc);
        assertTrue(acc >= 0.95, "training accuracy " + acc);
    }
}
