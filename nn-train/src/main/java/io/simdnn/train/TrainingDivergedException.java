package io.simdnn.train;

import io.simdnn.model.Network;

/**
 * Training produced a NaN or infinite loss (or parameters). Carries the network as it was at the end of the last
 * complete epoch before the failure (the initial one if the first epoch failed), never the poisoned parameters.
 */
public final class TrainingDivergedException extends RuntimeException {
    private final int epoch, batch;
    private final transient Network lastGood;

    /**
     * For trainers outside this package (such as the Spark one): {@code batch} counts from 1 in the epoch,
     * {@code hint} is appended to the message ("" for none).
     */
    public TrainingDivergedException(int epoch, int batch, double loss, Network lastGood, String hint) {
        super("training diverged at epoch " + epoch + ", batch " + batch + ": loss = " + loss + hint);
        this.epoch = epoch;
        this.batch = batch;
        this.lastGood = lastGood;
    }

    public int epoch() {
        return epoch;
    }

    public int batch() {
        return batch;
    }

    /** The network at the end of the last complete epoch before the failure (finite parameters). */
    public Network lastGoodNetwork() {
        return lastGood;
    }
}
