package io.simdnn.train.autoencoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simdnn.scalar.ScalarBackend;
import io.simdnn.train.EpochMetrics;
import io.simdnn.train.LearningRateSchedule;
import io.simdnn.train.Optimizers;
import io.simdnn.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedule, clipping and listeners the auto-encoder trainer shares with Trainer's optimiser state. */
class AutoEncoderTrainingFeaturesTest {
    private static final int ROWS = 40, FEATURES = 6;

    private static float[] data() {
        float[] x = new float[ROWS * FEATURES];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.37) * 0.8f;
        return x;
    }

    private static AutoEncoderTrainer.Builder base() {
        return AutoEncoderTrainer.builder().code(3).optimizer(Optimizers.sgd(0.1)).epochs(4).batchSize(10).seed(3)
                .backend(ScalarBackend.create());
    }

    @Test
    void listenersSeeEveryBatchAndTheScheduledRates() {
        List<String> events = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
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
                rates.add(m.learningRate());
            }
        };
        AutoEncoder ae = base().schedule(LearningRateSchedule.step(2, 0.5)).listener(l).build()
                .fit(data(), ROWS, FEATURES);
        assertEquals(4 * (1 + 4), events.size(), events.toString());
        assertEquals("start 1/4", events.get(0));
        assertEquals("batch 4.4", events.get(events.size() - 1));
        assertEquals(List.of(0.1, 0.1, 0.05, 0.05), rates.stream().map(r -> Math.round(r * 1e6) / 1e6).toList());
        assertEquals(4, ae.lossHistory().length);
    }

    @Test
    void scheduleAndClippingChangeTheTrainingAndABadRateIsRefused() {
        double[] plain = base().build().fit(data(), ROWS, FEATURES).lossHistory();
        double[] decayed = base().schedule(LearningRateSchedule.exponential(0.1)).build().fit(data(), ROWS, FEATURES)
                .lossHistory();
        double[] clipped = base().clipNorm(1e-3).build().fit(data(), ROWS, FEATURES).lossHistory();
        assertEquals(plain[0], decayed[0], 0, "the first epoch runs at the base rate");
        assertFalse(Arrays.equals(plain, decayed));
        assertFalse(Arrays.equals(plain, clipped));
        assertThrows(IllegalArgumentException.class, () -> base().schedule((rate, epoch) -> 0).build()
                .fit(data(), ROWS, FEATURES));
        assertThrows(IllegalArgumentException.class, () -> base().clipNorm(-1));
    }
}
