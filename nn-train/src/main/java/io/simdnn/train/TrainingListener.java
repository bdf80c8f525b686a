package io.simdnn.train;

import io.simdnn.model.Parameters;

/**
 * Progress callbacks from the {@link EpochLoop} of {@link Trainer#fit} and of the auto-encoder trainer; every method
 * does nothing by default. Epochs and batches count from 1.
 */
public interface TrainingListener {

    default void onEpochStart(int epoch, int batches) {}

    /**
     * After a batch's backward pass, before weight decay, clipping and the optimiser's update: the training
     * parameters and the loss's gradient of each of them (both the trainer's own buffers, valid only during the
     * call, and not to be modified). {@link #onBatchEnd} follows once the update is applied to {@code params}.
     * Called by {@link Trainer} only (an auto-encoder's weights are not a {@code Parameters}).
     */
    default void onGradients(int epoch, int batch, Parameters params, Parameters gradients) {}

    default void onBatchEnd(int epoch, int batch, double loss) {}

    default void onEpochEnd(EpochMetrics metrics) {}
}
