package io.simdnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.simdnn.train.data.Datasets;
import io.simdnn.train.data.Splits;
import io.simdnn.train.data.Standardizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TrainingFeaturesTest {

    static List<Backend> backends() {
        return TestBackends.all();
    }

    private static final Splits.Split IRIS;

    static {
        Splits.Split s = Splits.random(Datasets.load("iris"), 0.2, 0.2, 1);
        Standardizer z = Standardizer.fit(s.train());
        IRIS = new Splits.Split(z.transform(s.train()), z.transform(s.validation()), z.transform(s.test()));
    }

    private static Network irisNet(Backend b, long seed) {
        return Network.builder().input(4).dense(8, Activation.TANH).dense(3).output(Output.SOFTMAX).seed(seed)
                .backend(b).build();
    }

    private static void assertSameParameters(Parameters a, Parameters b) {
        for (int i = 0; i < a.count(); i++) assertArrayEquals(a.values(i), b.values(i), a.tensor(i).name());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyOptimiserLearnsIris(Backend b) {
        List<Optimizer> all = List.of(Optimizers.sgd(0.1), Optimizers.momentum(0.05, 0.9), Optimizers.nesterov(0.05, 0.9),
                Optimizers.adagrad(0.1), Optimizers.rmsprop(0.01), Optimizers.adam(0.01), Optimizers.adamw(0.01, 0.01));
        for (Optimizer o : all) {
            TrainingConfig c = TrainingConfig.builder().optimizer(o).epochs(60).batchSize(8).seed(3).build();
            TrainingResult r = new Trainer().fit(irisNet(b, 1), IRIS.train(), IRIS.validation(), c);
            double first = r.history().epochs().getFirst().trainLoss(), last = r.history().last().trainLoss();
            double acc = Metrics.evaluate(r.network(), IRIS.test()).accuracy();
            System.out.printf("%s on %s: loss %.4f -> %.4f, test accuracy %.3f%n", o, b.name(), first, last, acc);
            assertTrue(last < first / 3, o + ": loss " + first + " -> " + last);
            assertTrue(acc >= 0.85, o + ": test accuracy " + acc);
        }
    }

    @Test
    void optimiserNamesParseAndUnknownNamesAreListed() {
        for (String n : Optimizers.names()) assertEquals(n, Optimizers.parse(n, 0.1).kind().name().toLowerCase());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.parse("adamax", 1));
        assertTrue(e.getMessage().contains("sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd(-1));
        assertEquals(Loss.SOFTMAX_CROSS_ENTROPY, Loss.parse("softmax-cross-entropy"));
        assertThrows(IllegalArgumentException.class, () -> Loss.parse("l7"));
    }

    @Test
    void schedules() {
        assertEquals(0.1, LearningRateSchedule.constant().rate(0.1, 50));
        LearningRateSchedule step = LearningRateSchedule.step(10, 0.5);
        assertEquals(0.1, step.rate(0.1, 10), 1e-15);
        assertEquals(0.05, step.rate(0.1, 11), 1e-15);
        assertEquals(0.025, step.rate(0.1, 21), 1e-15);
        assertEquals(0.1 * 0.9 * 0.9, LearningRateSchedule.exponential(0.9).rate(0.1, 3), 1e-15);
        LearningRateSchedule cos = LearningRateSchedule.cosine(11, 0.01);
        assertEquals(0.1, cos.rate(0.1, 1), 1e-15);
        assertEquals(0.055, cos.rate(0.1, 6), 1e-12);
        assertEquals(0.01, cos.rate(0.1, 11), 1e-15);
        assertEquals(0.01, cos.rate(0.1, 30), 1e-15);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void historyRecordsTheScheduledRate(Backend b) {
        TrainingConfig c = TrainingConfig.builder().optimizer(Optimizers.sgd(0.2)).schedule(LearningRateSchedule.step(2,
                0.5)).epochs(5).build();
        History h = new Trainer().fit(irisNet(b, 1), IRIS.train(), null, c).history();
        assertArrayEquals(new double[] {0.2, 0.2, 0.1, 0.1, 0.05},
                h.epochs().stream().mapToDouble(EpochMetrics::learningRate).toArray(), 1e-15);
    }

    /** One full-batch SGD step by hand: w' = w − lr·(g + λw) on weights, b' = b − lr·g on biases. */
    private static Parameters manualStep(Network net, Dataset d, float lr, float lambda, double clip) {
        Workspace ws = new Workspace(net.architecture(), net.backend(), d.rows());
        Parameters p = net.parameters(), g = new Parameters(net.architecture());
        ws.forward(p, d.features(), 0, d.rows(), false, null);
        ws.loss(Loss.SOFTMAX_CROSS_ENTROPY, d.targets(), 0);
        ws.backward(g, false);
        double sq = 0;
        for (int i = 0; i < p.count(); i++) {
            boolean weight = p.tensor(i).kind() == io.simdnn.model.Architecture.Kind.WEIGHT;
            float[] gi = g.values(i), w = p.values(i);
            for (int j = 0; j < gi.length; j++) {
                if (weight) gi[j] += lambda * w[j];
                sq += (double) gi[j] * gi[j];
            }
        }
        double s = clip > 0 && Math.sqrt(sq) > clip ? clip / Math.sqrt(sq) : 1;
        for (int i = 0; i < p.count(); i++) {
            float[] gi = g.values(i), w = p.values(i);
            for (int j = 0; j < gi.length; j++) w[j] -= lr * (float) (gi[j] * s);
        }
        return p;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void weightDecayAndClippingInOneStep(Backend b) {
        Network net = irisNet(b, 2);
        Dataset d = IRIS.train();
        for (double[] setting : new double[][] {{0, 0}, {0.1, 0}, {0, 0.05}, {0.1, 0.05}}) {
            float lambda = (float) setting[0];
            TrainingConfig c = TrainingConfig.builder().optimizer(Optimizers.sgd(0.5)).weightDecay(lambda)
                    .clipNorm(setting[1]).epochs(1).batchSize(0).build();
            Parameters trained = new Trainer().fit(net, d, null, c).network().parameters();
            Parameters expected = manualStep(net, d, 0.5f, lambda, setting[1]);
            for (int i = 0; i < trained.count(); i++) {
                assertArrayEquals(expected.values(i), trained.values(i), 2e-6f, "λ=" + lambda + " clip=" + setting[1]
                        + " " + trained.tensor(i).name());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void weightDecayAddsHalfLambdaNormSquaredToTheLoss(Backend b) {
        Network net = irisNet(b, 2);
        TrainingConfig plain = TrainingConfig.builder().optimizer(Optimizers.sgd(1e-30)).epochs(1).batchSize(0).build();
        TrainingConfig decayed = plain.toBuilder().weightDecay(0.5).build();
        double l0 = new Trainer().fit(net, IRIS.train(), null, plain).history().last().trainLoss();
        double l1 = new Trainer().fit(net, IRIS.train(), null, decayed).history().last().trainLoss();
        Parameters p = net.parameters();
        double sq = 0;
        for (String w : List.of("layers.0.weight", "layers.2.weight")) for (float v : p.values(w)) sq += v * v;
        assertEquals(0.25 * sq, l1 - l0, 1e-4 * sq);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void frozenBiasesStayPut(Backend b) {
        Network net = irisNet(b, 2).withParameter("layers.0.bias", 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f);
        TrainingConfig c = TrainingConfig.builder().optimizer(Optimizers.adam(0.05)).freezeBiases(true).epochs(5).build();
        Parameters after = new Trainer().fit(net, IRIS.train(), null, c).network().parameters();
        assertArrayEquals(net.parameters().values("layers.0.bias"), after.values("layers.0.bias"));
        assertFalse(java.util.Arrays.equals(net.parameters().values("layers.0.weight"), after.values("layers.0.weight")));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void earlyStoppingRestoresTheBestEpoch(Backend b) {
        // A large network and a high rate over-fit the small training set: validation loss rises after a while.
        Network net = Network.builder().input(4).dense(64, Activation.RELU).dense(64, Activation.RELU).dense(3)
                .output(Output.SOFTMAX).seed(5).backend(b).build();
        TrainingConfig c = TrainingConfig.builder().optimizer(Optimizers.adam(0.03)).epochs(400).batchSize(8)
                .earlyStopping(5).build();
        TrainingResult r = new Trainer().fit(net, IRIS.train(), IRIS.validation(), c);
        History h = r.history();
        assertTrue(h.stoppedEarly(), "stopped at " + h.size());
        assertEquals(h.bestEpoch() + 5, h.size());
        double best = h.epochs().get(h.bestEpoch() - 1).validationLoss();
        for (EpochMetrics m : h.epochs()) assertTrue(m.validationLoss() >= best);
        assertEquals(best, Metrics.evaluate(r.network(), IRIS.validation()).loss(), 1e-6);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void listenersSeeEveryEpochAndBatch(Backend b) {
        List<String> events = new ArrayList<>();
        TrainingListener l = new TrainingListener() {
            @Override
            public void onEpochStart(int epoch, int batches) {
                events.add("start " + epoch + "/" + batches);
            }

            @Override
            public void onBatchEnd(int epoch, int batch, double loss) {
                events.add("batch " + epoch + "." + batch);
            }

            @Override
            public void onEpochEnd(EpochMetrics m) {
                events.add("end " + m.epoch());
            }
        };
        int rows = IRIS.train().rows(); // 90
        TrainingConfig c = TrainingConfig.builder().optimizer(Optimizers.sgd(0.1)).epochs(2).batchSize(32).listener(l)
                .build();
        History h = new Trainer().fit(irisNet(b, 1), IRIS.train(), IRIS.validation(), c).history();
        int batches = (rows + 31) / 32;
        assertEquals("start 1/" + batches, events.get(0));
        assertEquals("batch 1." + batches, events.get(batches));
        assertEquals("end 1", events.get(batches + 1));
        assertEquals(2 * (batches + 2), events.size());
        EpochMetrics m = h.last();
        assertTrue(m.validation().confusion().length == 3 && !Double.isNaN(m.validationAccuracy()), m.toString());
        assertTrue(m.nanos() > 0);
        // SGD proper: batch size 1 is one step per row.
        List<Integer> batchCounts = new ArrayList<>();
        TrainingConfig sgd = TrainingConfig.builder().optimizer(Optimizers.sgd(0.01)).epochs(1).batchSize(1)
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochStart(int epoch, int n) {
                        batchCounts.add(n);
                    }
                }).build();
        new Trainer().fit(irisNet(b, 1), IRIS.train(), null, sgd);
        assertEquals(List.of(rows), batchCounts);
    }

    @Test
    void evaluationCountsConfusionPrecisionAndRecall() {
        // A fixed linear classifier over one-hot-like inputs: class = argmax of the input.
        Network net = Network.builder().input(3).dense(3).noBias().output(Output.SOFTMAX).backend(TestBackends.scalar())
                .build().withParameter("layers.0.weight", 1, 0, 0, 0, 1, 0, 0, 0, 1);
        float[] x = {1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1, 0, 0};
        int[] labels = {0, 1, 2, 0, 1, 2}; // predictions 0, 1, 2, 1, 2, 0
        Evaluation e = Metrics.evaluate(net, Dataset.classification("c", x, 6, 3, labels, 3, null));
        assertArrayEquals(new int[][] {{1, 1, 0}, {0, 1, 1}, {1, 0, 1}}, e.confusion());
        assertEquals(0.5, e.accuracy());
        assertEquals(0.5, e.errorRate());
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, e.precision());
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, e.recall());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void divergenceStopsWithEpochAndBatchAndKeepsTheLastGoodNetwork(Backend b) {
        Rng r = new Rng(1);
        float[] x = new float[200], y = new float[100];
        for (int i = 0; i < 100; i++) {
            x[2 * i] = (float) (100 * r.nextDouble());
            x[2 * i + 1] = (float) (100 * r.nextDouble());
            y[i] = x[2 * i] * 3 + x[2 * i + 1];
        }
        Dataset d = Dataset.regression("steep", x, 100, 2, y, 1, null);
        Network net = Network.builder().input(2).dense(1).seed(1).backend(b).build();
        TrainingConfig c = TrainingConfig.builder().optimizer(Optimizers.sgd(0.01)).loss(Loss.MSE).epochs(50)
                .batchSize(10).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer().fit(net, d, null, c));
        assertTrue(e.getMessage().contains("epoch " + e.epoch() + ", batch " + e.batch()), e.getMessage());
        assertTrue(e.epoch() >= 1 && e.batch() >= 1 && e.batch() <= 10, e.getMessage());
        Parameters good = e.lastGoodNetwork().parameters();
        for (int i = 0; i < good.count(); i++) for (float v : good.values(i)) assertTrue(Float.isFinite(v));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sameSeedSameBackendGivesBitIdenticalWeights(Backend b) {
        Network net = Network.builder().input(4).dense(16, Activation.RELU).dropout(0.3).dense(3).output(Output.SOFTMAX)
                .seed(11).backend(b).build();
        TrainingConfig c = TrainingConfig.builder().optimizer(Optimizers.adam(0.01)).epochs(10).batchSize(7).seed(99)
                .build();
        Parameters one = new Trainer().fit(net, IRIS.train(), null, c).network().parameters();
        Network again = Network.builder().input(4).dense(16, Activation.RELU).dropout(0.3).dense(3)
                .output(Output.SOFTMAX).seed(11).backend(b).build();
        Parameters two = new Trainer().fit(again, IRIS.train(), null, c).network().parameters();
        assertSameParameters(one, two);
        Parameters otherSeed = new Trainer().fit(net, IRIS.train(), null, c.toBuilder().seed(100).build()).network()
                .parameters();
        assertFalse(java.util.Arrays.equals(one.values(0), otherSeed.values(0)), "the seed drives shuffling and dropout");
        Network otherInit = Network.builder().input(4).dense(16, Activation.RELU).dropout(0.3).dense(3)
                .output(Output.SOFTMAX).seed(12).backend(b).build();
        assertFalse(java.util.Arrays.equals(net.parameters().values(0), otherInit.parameters().values(0)));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void mismatchedDataIsRejectedClearly(Backend b) {
        Network net = Network.builder().input(5).dense(3).output(Output.SOFTMAX).backend(b).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer().fit(net, IRIS.train(), null, null));
        assertTrue(e.getMessage().contains("4 features") && e.getMessage().contains("5 inputs"), e.getMessage());
        Network sig = Network.builder().input(4).dense(3).output(Output.SIGMOID).backend(b).build();
        TrainingConfig c = TrainingConfig.builder().loss(Loss.SOFTMAX_CROSS_ENTROPY).epochs(1).build();
        e = assertThrows(IllegalArgumentException.class, () -> new Trainer().fit(sig, IRIS.train(), null, c));
        assertTrue(e.getMessage().contains("softmax"), e.getMessage());
    }
}
