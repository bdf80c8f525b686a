package io.simdnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.Init;
import io.simdnn.model.Loss;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Datasets;
import io.simdnn.train.data.Splits;
import io.simdnn.train.data.Standardizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** E9: the notes' Iris experiment, 4-6-3 sigmoid/softmax, first 40 rows per class for training, ≥ 90 % on the rest. */
class IrisTest {

    static java.util.List<Backend> backends() {
        return TestBackends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void notesArchitectureAndSplitReachNinetyPercent(Backend backend) {
        Splits.Split split = Splits.firstPerClass(Datasets.load("iris"), 40);
        Standardizer scaler = Standardizer.fit(split.train());
        Dataset train = scaler.transform(split.train()), test = scaler.transform(split.test());
        assertEquals(120, train.rows());
        assertEquals(30, test.rows());
        Network net = Network.builder().input(4).dense(6, Activation.SIGMOID).dense(3).output(Output.SOFTMAX)
                .init(Init.XAVIER).seed(7).backend(backend).build();
        TrainingConfig config = TrainingConfig.builder().optimizer(Optimizers.adam(0.05)).loss(Loss.SOFTMAX_CROSS_ENTROPY)
                .epochs(200).batchSize(16).seed(7).build();
        TrainingResult r = new Trainer().fit(net, train, null, config);
        Evaluation e = Metrics.evaluate(r.network(), test);
        System.out.printf("E9 iris %s: test accuracy %.4f, loss %.4f, train loss %.4f%n", backend.name(), e.accuracy(),
                e.loss(), r.history().last().trainLoss());
        assertTrue(e.accuracy() >= 0.90, "test accuracy " + e.accuracy());
        assertEquals(200, r.history().size());
    }
}
