package io.simdnn.train.autoencoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.Parameters;
import io.simdnn.scalar.ScalarBackend;
import io.simdnn.spi.Backend;
import io.simdnn.train.EpochMetrics;
import io.simdnn.train.LearningRateSchedule;
import io.simdnn.train.Optimizers;
import io.simdnn.train.TrainingDivergedException;
import io.simdnn.train.TrainingListener;
import io.simdnn.train.elm.AvailableBackends;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The machinery the auto-encoder trainer shares with {@code Trainer}: the epoch loop (schedule, shuffling, listeners,
 * divergence) and the optimiser state (clipping, the step).
 */
class AutoEncoderTrainingFeaturesTest {
    private static final int ROWS = 40, FEATURES = 6;
    private static final double RATE = 0.1;

    static List<Backend> backends() {
        return AvailableBackends.all();
    }

    private static float[] data() {
        float[] x = new float[ROWS * FEATURES];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.37) * 0.8f;
        return x;
    }

    private static AutoEncoderTrainer.Builder base() {
        return AutoEncoderTrainer.builder().code(3).optimizer(Optimizers.sgd(RATE)).epochs(4).batchSize(10).seed(3)
                .backend(ScalarBackend.create());
    }

    private static AutoEncoder fit(AutoEncoderTrainer.Builder b) {
        return b.build().fit(data(), ROWS, FEATURES);
    }

    /** Every weight of the auto-encoder, W₁, b₁, [W₂,] b₂ in a row. */
    private static float[] flat(Weights w) {
        float[][] t = w.tensors();
        float[] all = new float[Arrays.stream(t).mapToInt(a -> a.length).sum()];
        int at = 0;
        for (float[] a : t) {
            System.arraycopy(a, 0, all, at, a.length);
            at += a.length;
        }
        return all;
    }

    private static float[] flat(Parameters p) {
        List<Float> all = new ArrayList<>();
        for (int i = 0; i < p.count(); i++) for (float v : p.values(i)) all.add(v);
        float[] a = new float[all.size()];
        for (int i = 0; i < a.length; i++) a[i] = all.get(i);
        return a;
    }

    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
        return Math.sqrt(s);
    }

    private static double maxDifference(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs((double) a[i] - b[i]));
        return d;
    }

    @Test
    void listenersSeeEveryBatchAndEachEpochsMetrics() {
        List<String> events = new ArrayList<>();
        List<EpochMetrics> epochs = new ArrayList<>();
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
                epochs.add(m);
            }
        };
        AutoEncoder ae = fit(base().schedule(LearningRateSchedule.step(2, 0.5)).listener(l));
        assertEquals(4 * (1 + 4), events.size(), events.toString());
        assertEquals("start 1/4", events.get(0));
        assertEquals("batch 1.1", events.get(1));
        assertEquals("batch 4.4", events.get(events.size() - 1));
        assertEquals(List.of(1, 2, 3, 4), epochs.stream().map(EpochMetrics::epoch).toList());
        assertEquals(List.of(0.1, 0.1, 0.05, 0.05), epochs.stream().map(m -> Math.round(m.learningRate() * 1e6) / 1e6)
                .toList());
        double[] history = ae.lossHistory();
        assertEquals(4, history.length);
        for (EpochMetrics m : epochs) {
            assertEquals(history[m.epoch() - 1], m.trainLoss(), 0, "the epoch's mean objective");
            assertTrue(Double.isNaN(m.validationLoss()) && Double.isNaN(m.trainAccuracy()) && m.validation() == null);
            assertTrue(m.nanos() >= 0);
        }
        assertTrue(history[3] < history[0], Arrays.toString(history));
    }

    @Test
    void aCosineScheduleGivesEachEpochItsRate() {
        LearningRateSchedule cosine = LearningRateSchedule.cosine(4, 0.01);
        List<Double> rates = new ArrayList<>();
        fit(base().schedule(cosine).listener(new TrainingListener() {
            @Override
            public void onEpochEnd(EpochMetrics m) {
                rates.add(m.learningRate());
            }
        }));
        List<Double> expected = new ArrayList<>();
        for (int e = 1; e <= 4; e++) expected.add(cosine.rate(RATE, e));
        assertEquals(expected, rates);
        assertEquals(RATE, rates.get(0), 0);
        assertEquals(0.01, rates.get(3), 1e-15);
    }

    @Test
    void theScheduledRateIsTheRateTheStepsUse() {
        float[] oneEpoch = flat(fit(base().epochs(1)).weights());
        float[] twoEpochs = flat(fit(base().epochs(2)).weights());
        // The second epoch at 10⁻³⁰ × the rate moves no weight by more than rounding: the schedule reached the step.
        float[] stalled = flat(fit(base().epochs(2).schedule(LearningRateSchedule.step(1, 1e-30))).weights());
        assertTrue(maxDifference(oneEpoch, twoEpochs) > 1e-3, "a second epoch at the base rate moves the weights");
        assertTrue(maxDifference(oneEpoch, stalled) < 1e-6, "difference " + maxDifference(oneEpoch, stalled));
        assertThrows(IllegalArgumentException.class, () -> fit(base().schedule((rate, epoch) -> 0)));
    }

    @Test
    void aClipNormBoundsEachUpdate() {
        AutoEncoderTrainer.Builder oneStep = base().epochs(1).batchSize(0); // full batch: one SGD step
        float[] initial = flat(oneStep.build().initialWeights(FEATURES));
        double free = distance(initial, flat(fit(oneStep).weights()));
        double clip = 1e-3;
        double clipped = distance(initial, flat(fit(oneStep.clipNorm(clip)).weights()));
        assertTrue(free > 10 * RATE * clip, "unclipped step " + free);
        // SGD moves by rate × the clipped gradient, whose global norm is exactly the clip norm.
        assertEquals(RATE * clip, clipped, 1e-3 * RATE * clip, "clipped step " + clipped);
        // Four mini-batch steps of at most rate × clip each.
        double four = distance(initial, flat(fit(base().epochs(1).clipNorm(clip)).weights()));
        assertTrue(four <= 4 * RATE * clip * (1 + 1e-3) && four > RATE * clip, "four clipped steps " + four);
        assertThrows(IllegalArgumentException.class, () -> base().clipNorm(-1));
    }

    @Test
    void aHugeRateStopsWithTheEpochAndBatchAndTheLastGoodAutoEncoder() {
        // Epochs 1 and 2 at the base rate, then 10⁷ times it.
        AutoEncoderTrainer.Builder exploding = base().epochs(5)
                .schedule((rate, epoch) -> epoch < 3 ? rate : rate * 1e7);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> fit(exploding));
        assertEquals(3, e.epoch(), e.getMessage());
        assertTrue(e.batch() >= 1 && e.batch() <= 4, e.getMessage());
        assertTrue(e.getMessage().startsWith("training diverged at epoch 3, batch " + e.batch() + ": loss = "),
                e.getMessage());
        // The network carried is the auto-encoder after epoch 2 (the same seed trained for 2 epochs), finite.
        AutoEncoder lastGood = AutoEncoder.fromNetwork(e.lastGoodNetwork());
        assertArrayEquals(flat(fit(base().epochs(2)).toNetwork().parameters()), flat(lastGood.toNetwork().parameters()));
        for (float v : flat(lastGood.weights())) assertTrue(Float.isFinite(v));

        // Diverging in the first epoch carries the initial weights.
        AutoEncoderTrainer.Builder adam = base().optimizer(Optimizers.adam(1e6));
        e = assertThrows(TrainingDivergedException.class, () -> fit(adam));
        assertEquals(1, e.epoch(), e.getMessage());
        assertArrayEquals(flat(adam.build().initialWeights(FEATURES)), flat(AutoEncoder.fromNetwork(e.lastGoodNetwork())
                .weights()));
    }

    @Test
    void divergenceInALayerStopsStackedPretraining() {
        AutoEncoderTrainer good = base().build(), bad = base().optimizer(Optimizers.adam(1e6)).build();
        io.simdnn.train.data.Dataset d = io.simdnn.train.data.Dataset.regression("sines", data(), ROWS, FEATURES,
                new float[ROWS], 1, null);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> StackedAutoEncoder.pretrain(d, List.of(good, bad)));
        assertEquals(1, e.epoch(), e.getMessage());
        assertEquals(3, e.lastGoodNetwork().architecture().inputSize(), "the second layer's auto-encoder");
    }

    /**
     * ReLU codes and a linear reconstruction: no exp, whose native vector form on simd changes its last bit while the
     * JIT warms up (docs/simd-accuracy.md); the sigmoid and KL variant runs on the scalar backend.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void theSameSeedGivesBitIdenticalWeights(Backend b) {
        AutoEncoderTrainer.Builder relu = base().backend(b).activation(io.simdnn.spi.Activation.RELU).tied(true)
                .corruption(Corruption.masking(0.3)).sparsity(Sparsity.l1(0.01)).optimizer(Optimizers.adam(0.01))
                .schedule(LearningRateSchedule.cosine(4, 1e-3)).clipNorm(0.5);
        AutoEncoderTrainer.Builder sigmoid = base().tied(true).corruption(Corruption.gaussian(0.2))
                .sparsity(Sparsity.kl(0.1, 0.5)).optimizer(Optimizers.adam(0.01)).clipNorm(0.5);
        for (AutoEncoderTrainer.Builder full : List.of(relu, sigmoid)) {
            AutoEncoder one = fit(full), two = fit(full);
            assertArrayEquals(flat(one.weights()), flat(two.weights()));
            assertArrayEquals(one.lossHistory(), two.lossHistory());
            assertFalse(Arrays.equals(flat(one.weights()), flat(fit(full.seed(4)).weights())),
                    "the seed drives the initial weights, the shuffling and the noise");
        }
    }
}
