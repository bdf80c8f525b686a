package io.simdnn.spark;

import io.simdnn.model.Network;
import io.simdnn.train.EpochMetrics;
import java.util.List;

/**
 * The trained network (the best epoch's with early stopping, else the last), the metrics of every epoch, which
 * epoch's parameters the network holds and whether early stopping ended the run.
 */
public record SparkTrainingResult(Network network, List<EpochMetrics> epochs, int bestEpoch, boolean stoppedEarly) {
    public SparkTrainingResult {
        epochs = List.copyOf(epochs);
    }
}
