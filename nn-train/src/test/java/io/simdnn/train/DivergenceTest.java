package io.simdnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.spi.Activation;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Datasets;
import io.simdnn.train.data.Standardizer;
import org.junit.jupiter.api.Test;

/** A loss that stays finite but explodes (Adam at rate 10⁶) is a divergence too, named by epoch and batch. */
class DivergenceTest {
    private static final Dataset IRIS = Standardizer.fit(Datasets.load("iris")).transform(Datasets.load("iris"));

    private static Network mlp() {
        return Network.builder().input(4).dense(8, Activation.RELU).dense(3).output(Output.SOFTMAX).seed(3)
                .backend(TestBackends.scalar()).build();
    }

    @Test
    void anExplodingFiniteLossStopsTrainingWithTheEpochAndBatch() {
        TrainingConfig c = TrainingConfig.builder().optimizer(Optimizers.adam(1e6)).epochs(5).batchSize(16).seed(1)
                .build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer().fit(mlp(), IRIS, null, c));
        assertEquals(1, e.epoch(), e.getMessage());
        assertTrue(e.batch() >= 1 && e.batch() <= 10, e.getMessage());
        assertTrue(e.getMessage().matches("training diverged at epoch 1, batch \\d+: loss = .* \\(the epoch's mean\\),"
                + " .* times the initial .*; try a smaller learning rate"), e.getMessage());
    }

    @Test
    void anOrdinaryRateTrainsAsBefore() {
        TrainingConfig c = TrainingConfig.builder().optimizer(Optimizers.adam(0.05)).epochs(20).batchSize(16).seed(1)
                .build();
        TrainingResult r = new Trainer().fit(mlp(), IRIS, null, c);
        assertEquals(20, r.history().size());
        assertTrue(r.history().trainLoss()[19] < r.history().trainLoss()[0]);
    }
}
