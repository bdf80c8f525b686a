package io.simdnn.train;

import io.simdnn.model.Network;
import io.simdnn.model.Rng;
import java.util.Locale;
import java.util.Objects;

/**
 * The epoch loop every gradient trainer runs ({@link Trainer} and the auto-encoder trainer): per epoch, the
 * scheduled learning rate, a seeded reshuffle of the row order, the mini-batches, each batch's divergence check, the
 * epoch's metrics into the {@link History}, the {@link TrainingListener}s, and early stopping. What a step computes,
 * what the parameters are and how they are copied stays with the trainer, behind {@link Steps}.
 *
 * <p>Divergence: a NaN or infinite batch loss, non-finite parameters after an epoch, or an epoch whose mean loss
 * exceeds 10⁶ times the initial loss (a finite loss explodes too: Adam at a rate of 10⁶) ends training with a
 * {@link TrainingDivergedException} naming the epoch and batch and carrying the last good network.
 *
 * <p>The loop allocates nothing per batch. One run per instance; not thread-safe.
 */
public final class EpochLoop {
    /** How many times the initial loss an epoch's mean training loss may reach before training counts as diverged. */
    static final double DIVERGENCE_FACTOR = 1e6;

    /** The trainer's side of the loop. */
    public interface Steps {
        /**
         * One training step on rows {@code order[first]}, …, {@code order[first + rows − 1]} at learning rate
         * {@code lr}: the batch's loss before the update. A non-finite loss stops training; the step should then
         * leave the parameters as they are.
         */
        double step(int epoch, int batch, int[] order, int first, int rows, float lr);

        /** Whether every parameter is finite. */
        boolean parametersFinite();

        /**
         * The epoch's metrics from the mean of its batch losses (with whatever the trainer adds: a penalty,
         * accuracy, validation figures).
         */
        EpochMetrics metrics(int epoch, double meanLoss, double learningRate, long nanos);

        /** The epoch ended without diverging: copy the parameters as the last good ones. */
        void keepLastGood();

        /** The network of the last good parameters (the initial ones before the first epoch ends), for the exception. */
        Network lastGoodNetwork();

        /** The epoch's score improved on every earlier one: copy the parameters as the best (only with early stopping). */
        default void keepBest() {}

        /** After each epoch's listeners, copies and early-stopping decision (checkpoints). */
        default void epochEnded(int epoch) {}
    }

    private final TrainingConfig config;
    private final int rows, batch, batches;
    private final int[] order;
    private final Rng shuffle;
    private final TrainingListener[] listeners;
    private final History history = new History();
    private int firstEpoch = 1, bestEpoch;
    private double bestScore = Double.POSITIVE_INFINITY;
    private boolean stopped;

    /**
     * A loop over {@code rows} training rows with {@code config}'s epochs, batch size, shuffling, schedule (on the
     * optimiser's base rate), early-stopping patience and listeners; {@code shuffle} reorders the rows (the caller
     * picks the seed's stream).
     */
    public EpochLoop(TrainingConfig config, int rows, Rng shuffle) {
        this.config = Objects.requireNonNull(config, "config");
        this.shuffle = Objects.requireNonNull(shuffle, "shuffle");
        if (rows < 1) throw new IllegalArgumentException("training needs at least one row, got " + rows);
        this.rows = rows;
        this.batch = batchSize(config, rows);
        this.batches = (rows + batch - 1) / batch;
        this.order = new int[rows];
        for (int i = 0; i < rows; i++) order[i] = i;
        this.listeners = config.listeners().toArray(new TrainingListener[0]);
    }

    /** The rows per step: the configured batch size, or every row for 0 or a batch size of at least {@code rows}. */
    public static int batchSize(TrainingConfig config, int rows) {
        return config.batchSize() == 0 || config.batchSize() >= rows ? rows : config.batchSize();
    }

    /**
     * Runs the remaining epochs: until the configured count, or until early stopping. {@code initialLoss} is the
     * loss of the initial parameters over the training rows, the reference of the divergence test.
     *
     * @return the history, finished: its best epoch is the one whose parameters the trainer should return (with
     *         early stopping the ones {@link Steps#keepBest} copied, else the last)
     * @throws TrainingDivergedException when training diverges
     * @throws IllegalArgumentException when the schedule gives a rate that is not positive and finite
     */
    public History run(Steps steps, double initialLoss) {
        boolean early = config.earlyStoppingPatience() > 0, fullBatch = batch == rows;
        double divergedLoss = DIVERGENCE_FACTOR * Math.max(initialLoss, 1e-6);
        for (int epoch = firstEpoch; epoch <= config.epochs() && !stopped; epoch++) {
            long start = System.nanoTime();
            double lr = config.schedule().rate(config.optimizer().learningRate(), epoch);
            if (!(lr > 0) || !Double.isFinite(lr)) {
                throw new IllegalArgumentException("the schedule gives learning rate " + lr + " at epoch " + epoch);
            }
            if (config.shuffle() && !fullBatch) shuffle.shuffle(order);
            for (TrainingListener l : listeners) l.onEpochStart(epoch, batches);
            double lossSum = 0;
            int firstHugeBatch = 0;
            for (int b = 1; b <= batches; b++) {
                int first = (b - 1) * batch, m = Math.min(batch, rows - first);
                double loss = steps.step(epoch, b, order, first, m, (float) lr);
                if (!Double.isFinite(loss)) diverged(steps, epoch, b, loss);
                if (firstHugeBatch == 0 && loss > divergedLoss) firstHugeBatch = b;
                lossSum += loss * m;
                for (TrainingListener l : listeners) l.onBatchEnd(epoch, b, loss);
            }
            if (!steps.parametersFinite()) diverged(steps, epoch, batches, Double.NaN);
            double meanLoss = lossSum / rows;
            if (meanLoss > divergedLoss) {
                throw new TrainingDivergedException(epoch, firstHugeBatch, meanLoss, steps.lastGoodNetwork(),
                        String.format(Locale.ROOT, " (the epoch's mean), %.3g times the initial %.4g; try a smaller"
                                + " learning rate", meanLoss / initialLoss, initialLoss));
            }
            EpochMetrics m = steps.metrics(epoch, meanLoss, lr, System.nanoTime() - start);
            history.add(m);
            for (TrainingListener l : listeners) l.onEpochEnd(m);
            steps.keepLastGood();
            double score = Double.isNaN(m.validationLoss()) ? m.trainLoss() : m.validationLoss();
            if (score < bestScore) {
                bestScore = score;
                bestEpoch = epoch;
                if (early) steps.keepBest();
            } else if (early && epoch - bestEpoch >= config.earlyStoppingPatience()) {
                stopped = true;
            }
            steps.epochEnded(epoch);
        }
        history.finish(early ? bestEpoch : history.size(), stopped);
        return history;
    }

    private static void diverged(Steps steps, int epoch, int batch, double loss) {
        boolean finite = steps.parametersFinite();
        String hint = Double.isNaN(loss) && finite ? "" : "; try a smaller learning rate or clipNorm";
        throw new TrainingDivergedException(epoch, batch, loss, steps.lastGoodNetwork(), hint);
    }

    /** Rows per step. */
    public int batchSize() {
        return batch;
    }

    /** Steps per epoch. */
    public int batches() {
        return batches;
    }

    // For checkpoints: the loop's state after an epoch, and its restoration before {@link #run}.

    int[] order() {
        return order;
    }

    Rng shuffleRng() {
        return shuffle;
    }

    History history() {
        return history;
    }

    double bestScore() {
        return bestScore;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    boolean stopped() {
        return stopped;
    }

    /** Continues after {@code epoch} (order, generator and history restored by the caller). */
    void resumeAfter(int epoch, double bestScore, int bestEpoch, boolean stopped) {
        this.firstEpoch = epoch + 1;
        this.bestScore = bestScore;
        this.bestEpoch = bestEpoch;
        this.stopped = stopped;
    }
}
