package io.simdnn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.Architecture;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Parameters;
import io.simdnn.spi.Activation;
import io.simdnn.train.EpochMetrics;
import io.simdnn.train.Metrics;
import io.simdnn.train.Optimizers;
import io.simdnn.train.Trainer;
import io.simdnn.train.TrainingConfig;
import io.simdnn.train.TrainingDivergedException;
import io.simdnn.train.TrainingResult;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Datasets;
import io.simdnn.train.data.Splits;
import io.simdnn.train.data.Standardizer;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SparkTrainerTest {
    static final SparkSession SPARK = TestSpark.session();
    static final Splits.Split DIGITS = standardized(Splits.random(Datasets.load("digits"), 0, 0.2, 1));
    static final Architecture SMALL = Architecture.parse("64-32-10", Activation.RELU, Output.SOFTMAX);
    static final Architecture WIDE = Architecture.parse("64-128-10", Activation.RELU, Output.SOFTMAX);

    static Splits.Split standardized(Splits.Split s) {
        Standardizer z = Standardizer.fit(s.train());
        return new Splits.Split(z.transform(s.train()), null, z.transform(s.test()));
    }

    static Network initial() {
        return initial(SMALL);
    }

    static Network initial(Architecture a) {
        return Network.create(a, null, 11, null);
    }

    static org.apache.spark.sql.Dataset<Row> frame(Dataset d, int partitions) {
        return SparkData.toDataFrame(SPARK, d, partitions);
    }

    static SparkTrainingResult spark(TrainingConfig c, int partitions) {
        return spark(SMALL, c, partitions);
    }

    static SparkTrainingResult spark(Architecture a, TrainingConfig c, int partitions) {
        return new SparkTrainer(c).fit(initial(a), frame(DIGITS.train(), partitions), "features", "label");
    }

    @Test
    void onePartitionEqualsTheSingleJvmTrainerBitForBit() {
        List<TrainingConfig> configs = List.of(
                TrainingConfig.builder().optimizer(Optimizers.adam(0.01)).epochs(2).batchSize(64).seed(5)
                        .weightDecay(1e-4).clipNorm(2).build(),
                TrainingConfig.builder().optimizer(Optimizers.nesterov(0.05, 0.9)).epochs(2).batchSize(200).seed(6)
                        .build(),
                TrainingConfig.builder().optimizer(Optimizers.rmsprop(0.001)).epochs(3).batchSize(0).seed(7).build());
        for (TrainingConfig c : configs) {
            TrainingResult single = Trainer.train(initial(), DIGITS.train(), null, c);
            SparkTrainingResult distributed = spark(c, 1);
            assertBitIdentical(single.network(), distributed.network(), c.optimizer().toString());
            for (int e = 0; e < c.epochs(); e++) {
                EpochMetrics a = single.history().epochs().get(e), b = distributed.epochs().get(e);
                assertEquals(a.trainLoss(), b.trainLoss(), 0.0, "loss of epoch " + (e + 1));
                assertEquals(a.trainAccuracy(), b.trainAccuracy(), 0.0, "accuracy of epoch " + (e + 1));
            }
        }
    }

    @Test
    void twoPartitionsAgreeWithinFloatToleranceAndReachTheSameAccuracy() {
        TrainingConfig c = TrainingConfig.builder().optimizer(Optimizers.adam(0.01)).epochs(10).batchSize(128)
                .seed(5).build();
        TrainingConfig oneEpoch = c.toBuilder().epochs(1).build();
        Network singleOne = Trainer.train(initial(WIDE), DIGITS.train(), null, oneEpoch).network();
        // After one epoch (12 steps) the weights agree to within a small multiple of float rounding.
        double diff = maxRelativeDifference(singleOne, spark(WIDE, oneEpoch, 2).network());
        assertTrue(diff < 1e-5, "max |Δw| / max |w| after one epoch = " + diff);
        double a1 = Metrics.evaluate(Trainer.train(initial(WIDE), DIGITS.train(), null, c).network(), DIGITS.test())
                .accuracy();
        double a2 = Metrics.evaluate(spark(WIDE, c, 2).network(), DIGITS.test()).accuracy();
        assertTrue(a1 >= 0.97, "single-JVM test accuracy " + a1);
        assertTrue(a2 >= 0.97, "two-partition test accuracy " + a2);
        assertTrue(Math.abs(a1 - a2) <= 0.01, a1 + " vs " + a2);
    }

    @Test
    void aFailedTaskAttemptIsRetriedAndTheResultIsUnchanged() {
        TrainingConfig c = TrainingConfig.builder().optimizer(Optimizers.adam(0.01)).epochs(1).batchSize(128).seed(5)
                .build();
        Network clean = spark(c, 2).network();
        int before = FaultInjection.injected.get();
        FaultInjection.partition = 1;
        FaultInjection.step = 4;
        try {
            Network retried = spark(c, 2).network();
            assertEquals(before + 1, FaultInjection.injected.get(), "one attempt failed");
            assertBitIdentical(clean, retried, "after a retried task");
        } finally {
            FaultInjection.step = -1;
            FaultInjection.partition = -1;
        }
    }

    @Test
    void aNonFiniteLossStopsTrainingWithTheEpochAndBatch() {
        TrainingConfig c = TrainingConfig.builder().optimizer(Optimizers.sgd(1e30)).epochs(3).batchSize(256).seed(5)
                .build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> spark(c, 2));
        assertEquals(1, e.epoch(), e.getMessage());
        assertTrue(e.batch() >= 2 && e.batch() <= 6, e.getMessage());
        assertTrue(e.getMessage().contains("epoch 1, batch " + e.batch()), e.getMessage());
        e.lastGoodNetwork().parameters().requireFinite("last good");
    }

    @Test
    void localStepsConvergeToo() {
        TrainingConfig c = TrainingConfig.builder().optimizer(Optimizers.sgd(0.1)).epochs(10).batchSize(64).seed(5)
                .build();
        SparkTrainingResult r = new SparkTrainer(c).localSteps(4)
                .fit(initial(), frame(DIGITS.train(), 2), "features", "label");
        double accuracy = Metrics.evaluate(r.network(), DIGITS.test()).accuracy();
        assertTrue(accuracy >= 0.95, "accuracy with 4 local steps per round: " + accuracy);
        assertTrue(r.epochs().getLast().trainLoss() < r.epochs().getFirst().trainLoss());
    }

    static void assertBitIdentical(Network a, Network b, String what) {
        Parameters p = a.parameters(), q = b.parameters();
        for (int i = 0; i < p.count(); i++) {
            assertArrayEquals(p.values(i), q.values(i), 0f, what + ": tensor " + p.tensor(i).name());
        }
    }

    static double maxRelativeDifference(Network a, Network b) {
        Parameters p = a.parameters(), q = b.parameters();
        double diff = 0, scale = 0;
        for (int i = 0; i < p.count(); i++) {
            for (int j = 0; j < p.values(i).length; j++) {
                diff = Math.max(diff, Math.abs(p.values(i)[j] - q.values(i)[j]));
                scale = Math.max(scale, Math.abs(p.values(i)[j]));
            }
        }
        return diff / scale;
    }
}
