package io.simdnn.train;

/** Progress callbacks from {@link Trainer#fit}; every method does nothing by default. Epochs and batches count from 1. */
public interface TrainingListener {

    default void onEpochStart(int epoch, int batches) {}

    default void onBatchEnd(int epoch, int batch, double loss) {}

    default void onEpochEnd(EpochMetrics metrics) {}
}
