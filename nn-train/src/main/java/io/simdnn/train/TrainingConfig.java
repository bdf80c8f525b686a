package io.simdnn.train;

import io.simdnn.model.Loss;
import io.simdnn.spi.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to train: optimiser, loss, epochs, batch size, regularisation, schedule, clipping, early stopping, seed,
 * backend and listeners. Immutable; build with {@link #builder()}.
 *
 * <p>Batch size 0 (or at least the number of training rows) is full-batch gradient descent, 1 is stochastic
 * gradient descent, anything between mini-batch SGD; with {@code shuffle} (the default) the rows are reshuffled every
 * epoch.
 */
public record TrainingConfig(Optimizer optimizer, Loss loss, int epochs, int batchSize, double weightDecay,
        LearningRateSchedule schedule, double clipNorm, int earlyStoppingPatience, long seed, Backend backend,
        List<TrainingListener> listeners, boolean shuffle, boolean freezeBiases) {

    public TrainingConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        if (epochs < 1) throw new IllegalArgumentException("epochs = " + epochs + " must be at least 1");
        if (batchSize < 0) throw new IllegalArgumentException("batch size = " + batchSize + " must not be negative (0 = full batch)");
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay = " + weightDecay + " must be finite and not negative");
        }
        if (!(clipNorm >= 0) || !Double.isFinite(clipNorm)) {
            throw new IllegalArgumentException("clip norm = " + clipNorm + " must be finite and not negative (0 = off)");
        }
        if (earlyStoppingPatience < 0) {
            throw new IllegalArgumentException("patience = " + earlyStoppingPatience + " must not be negative (0 = off)");
        }
        listeners = List.copyOf(listeners);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.optimizer = optimizer;
        b.loss = loss;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.weightDecay = weightDecay;
        b.schedule = schedule;
        b.clipNorm = clipNorm;
        b.patience = earlyStoppingPatience;
        b.seed = seed;
        b.backend = backend;
        b.listeners.addAll(listeners);
        b.shuffle = shuffle;
        b.freezeBiases = freezeBiases;
        return b;
    }

    /** Defaults: Adam(0.001), the loss matching the output link, 100 epochs, batch 32, seed 42, shuffling on. */
    public static final class Builder {
        private Optimizer optimizer = Optimizers.adam(1e-3);
        private Loss loss;
        private int epochs = 100;
        private int batchSize = 32;
        private double weightDecay;
        private LearningRateSchedule schedule = LearningRateSchedule.constant();
        private double clipNorm;
        private int patience;
        private long seed = 42;
        private Backend backend;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private boolean shuffle = true;
        private boolean freezeBiases;

        private Builder() {}

        public Builder optimizer(Optimizer o) {
            this.optimizer = o;
            return this;
        }

        /** The loss (default: softmax cross-entropy for softmax output, sigmoid cross-entropy for sigmoid, MSE for linear). */
        public Builder loss(Loss l) {
            this.loss = l;
            return this;
        }

        public Builder epochs(int n) {
            this.epochs = n;
            return this;
        }

        /** Rows per step; 0 = full batch. */
        public Builder batchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /** Coupled L2 weight decay: adds ½λ‖W‖² to the loss and λW to the weights' gradients (not biases). */
        public Builder weightDecay(double lambda) {
            this.weightDecay = lambda;
            return this;
        }

        public Builder schedule(LearningRateSchedule s) {
            this.schedule = s;
            return this;
        }

        /** Scales the gradient down when its global L2 norm exceeds {@code maxNorm}; 0 = off. */
        public Builder clipNorm(double maxNorm) {
            this.clipNorm = maxNorm;
            return this;
        }

        /**
         * Stops when the validation loss (the training loss without a validation set) has not improved for
         * {@code patience} epochs, and returns the best epoch's parameters; 0 = off.
         */
        public Builder earlyStopping(int patience) {
            this.patience = patience;
            return this;
        }

        /** The seed of shuffling and dropout. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The backend to train on (default: the initial network's). */
        public Builder backend(Backend b) {
            this.backend = b;
            return this;
        }

        public Builder listener(TrainingListener l) {
            listeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /** Whether to reshuffle the rows every epoch (default true). */
        public Builder shuffle(boolean on) {
            this.shuffle = on;
            return this;
        }

        /** Keeps every bias at its initial value (as the notes' E2 example does). */
        public Builder freezeBiases(boolean on) {
            this.freezeBiases = on;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(optimizer, loss, epochs, batchSize, weightDecay, schedule, clipNorm, patience,
                    seed, backend, listeners, shuffle, freezeBiases);
        }
    }
}
