package io.simdnn.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The metrics of every epoch of a training run, in order, and which epoch's parameters were kept. */
public final class History {
    private final List<EpochMetrics> epochs = new ArrayList<>();
    private int bestEpoch;
    private boolean stoppedEarly;

    void add(EpochMetrics m) {
        epochs.add(m);
    }

    void finish(int bestEpoch, boolean stoppedEarly) {
        this.bestEpoch = bestEpoch;
        this.stoppedEarly = stoppedEarly;
    }

    public List<EpochMetrics> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    public int size() {
        return epochs.size();
    }

    public EpochMetrics last() {
        return epochs.getLast();
    }

    /** The epoch whose parameters the result holds (the best one with early stopping, else the last). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** Whether early stopping ended the run before the configured number of epochs. */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    /** The training loss per epoch, for plots. */
    public double[] trainLoss() {
        return epochs.stream().mapToDouble(EpochMetrics::trainLoss).toArray();
    }

    /** The validation loss per epoch (NaN without validation), for plots. */
    public double[] validationLoss() {
        return epochs.stream().mapToDouble(EpochMetrics::validationLoss).toArray();
    }
}
