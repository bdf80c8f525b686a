package io.simdnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.Architecture;
import io.simdnn.model.io.ArchitectureJson;
import io.simdnn.model.Init;
import io.simdnn.model.Loss;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Predictor;
import io.simdnn.model.io.ModelFile;
import io.simdnn.spi.Activation;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Datasets;
import io.simdnn.train.data.Splits;
import io.simdnn.train.data.Standardizer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cross-module API as other modules use it: build, train with every option, evaluate, save, load, predict. */
class ApiContractTest {
    @TempDir
    Path dir;

    @Test
    void buildTrainEvaluateSaveLoadPredict() throws Exception {
        Splits.Split split = Splits.random(Datasets.load("digits"), 0.1, 0.2, 42);
        Standardizer scaler = Standardizer.fit(split.train());
        Dataset train = scaler.transform(split.train()), validation = scaler.transform(split.validation()),
                test = scaler.transform(split.test());
        Network net = Network.builder().input(64).dense(128, Activation.RELU).dropout(0.2).dense(10)
                .output(Output.SOFTMAX).init(Init.HE).seed(42).backend(TestBackends.scalar()).build();
        int[] epochsSeen = {0};
        TrainingConfig config = TrainingConfig.builder().optimizer(Optimizers.parse("adam", 1e-3))
                .loss(Loss.parse("softmax_cross_entropy")).epochs(8).batchSize(32).weightDecay(1e-5)
                .schedule(LearningRateSchedule.cosine(8, 1e-4)).clipNorm(10).earlyStopping(3).seed(7)
                .backend(TestBackends.scalar()).listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochMetrics m) {
                        epochsSeen[0]++;
                    }
                }).build();
        TrainingResult result = new Trainer().fit(net, train, validation, config);
        History h = result.history();
        assertEquals(h.size(), epochsSeen[0]);
        EpochMetrics last = h.last();
        assertTrue(last.trainLoss() > 0 && last.validationAccuracy() > 0.9, last.toString());
        Evaluation e = Metrics.evaluate(result.network(), test);
        assertTrue(e.accuracy() > 0.9, "accuracy " + e.accuracy());
        assertEquals(10, e.precision().length);

        Path file = dir.resolve("digits.safetensors");
        ModelFile.save(result.network(), file);
        Network loaded = ModelFile.load(file).withBackend(TestBackends.scalar()); // same backend: same bits
        assertEquals(64, loaded.inputSize());
        assertEquals(10, loaded.outputSize());
        assertEquals(Output.SOFTMAX, loaded.output());
        Architecture arch = loaded.architecture();
        assertEquals(arch, ArchitectureJson.read(ArchitectureJson.write(arch)));
        Predictor p = loaded.newPredictor();
        float[] one = new float[10], batch = new float[10 * test.rows()];
        p.predict(test.features(), 0, one, 0);
        p.predict(test.rows(), test.features(), 0, batch, 0);
        assertArrayEquals(result.network().predict(java.util.Arrays.copyOf(test.features(), 64)), one);
        for (int j = 0; j < 10; j++) assertEquals(batch[j], one[j], 1e-6f); // batch kernels may round differently
    }
}
