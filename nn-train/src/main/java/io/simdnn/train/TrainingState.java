package io.simdnn.train;

import io.simdnn.model.Architecture;
import io.simdnn.model.Parameters;
import java.util.List;
import java.util.Objects;

/**
 * Everything a training run needs to continue after an epoch exactly as if it had not stopped: the parameters, the
 * optimiser's state, the step count, the random generators of shuffling and dropout, the row order, the early
 * stopping bookkeeping and the history so far. Taken by {@link Trainer#onEpochState}, stored by {@link Checkpoints},
 * given back with {@link Trainer#resumeFrom}; resuming on the same data, configuration and backend gives
 * bit-identical parameters to the uninterrupted run.
 *
 * <p>Immutable once made: the arrays are copies, and the accessors must not be used to modify them.
 *
 * @param fingerprint   the configuration the run was made with (optimiser, loss, batch, seed, …, training rows),
 *                      checked on resume; the epoch count is not part of it, so a resumed run may go further
 * @param epoch         the last completed epoch
 * @param step          optimiser steps taken
 * @param best          the best epoch's parameters with early stopping, else null
 * @param state1        the optimiser's first state array per tensor (null entries when it has none)
 * @param shuffleRng    state word and spare Gaussian (as raw bits) of the shuffling generator
 * @param order         the row order the next shuffle starts from
 */
public record TrainingState(String fingerprint, Architecture architecture, int epoch, int step, Parameters parameters,
        Parameters best, double bestScore, int bestEpoch, boolean stopped, float[][] state1, float[][] state2,
        long[] shuffleRng, long[] dropoutRng, int[] order, List<EpochMetrics> history) {

    public TrainingState {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(parameters, "parameters");
        history = List.copyOf(history);
    }
}
