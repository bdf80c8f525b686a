package io.simdnn.train;

import io.simdnn.model.Architecture;
import io.simdnn.model.Loss;
import io.simdnn.model.Network;
import io.simdnn.model.Parameters;
import io.simdnn.model.Rng;
import io.simdnn.model.Workspace;
import io.simdnn.spi.Backend;
import io.simdnn.train.data.Dataset;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Trains a network by back-propagation and gradient descent. The initial network is not changed: training runs on a
 * private copy of its parameters and returns a new network.
 *
 * <p>One step: gather the batch rows, forward pass (dropout on), loss and its gradient, backward pass, weight
 * decay λW added to the weights' gradients, clipping to the global norm, then the optimiser's fused update of each
 * tensor. Every buffer is allocated before the first epoch, so a step allocates nothing. The seed fixes the
 * shuffling and the dropout masks: same seed, same backend, same data ⇒ bit-identical weights.
 */
public final class Trainer {
    private static final long SHUFFLE_STREAM = 0x5DEECE66DL, DROPOUT_STREAM = 0x2545F4914F6CDD1DL;
    /** How many times the initial loss an epoch's mean training loss may reach before training counts as diverged. */
    static final double DIVERGENCE_FACTOR = 1e6;

    private TrainingState resume;
    private Consumer<TrainingState> epochState;

    /**
     * Continues a run from a state taken after one of its epochs (see {@link TrainingState}): the next
     * {@link #fit} starts at the following epoch, with the initial network supplying only the architecture (which
     * must match). Null to start afresh.
     */
    public Trainer resumeFrom(TrainingState state) {
        this.resume = state;
        return this;
    }

    /**
     * Receives a {@link TrainingState} after every epoch (after its listeners), e.g. to write a checkpoint every
     * few epochs or to keep the last one for an interruption. Each state is a copy (one copy of the parameters and
     * optimiser state per epoch); null for none.
     */
    public Trainer onEpochState(Consumer<TrainingState> sink) {
        this.epochState = sink;
        return this;
    }

    /** Trains with {@code config}; the default {@link TrainingConfig} when null. */
    public TrainingResult fit(Network initial, Dataset train, Dataset validation, TrainingConfig config) {
        if (config == null) config = TrainingConfig.builder().build();
        Architecture a = initial.architecture();
        TrainingData tr = TrainingData.of(train, a, "training");
        TrainingData va = validation == null ? null : TrainingData.of(validation, a, "validation");
        return new Run(initial, tr, va, config, resume, epochState).run();
    }

    /** Convenience: {@code new Trainer().fit(...)}. */
    public static TrainingResult train(Network initial, Dataset train, Dataset validation, TrainingConfig config) {
        return new Trainer().fit(initial, train, validation, config);
    }

    /** One training run: its buffers and state. */
    private static final class Run {
        final Network initial;
        final TrainingData train, validation;
        final TrainingConfig config;
        final Backend backend;
        final Architecture architecture;
        final Loss loss;
        final Parameters params, grads, best, lastGood;
        final OptimizerState optimizerState;
        final boolean[] isWeight, frozen;
        final int batch;
        final Workspace workspace;
        final float[] batchX, batchT;
        final int[] batchLabels, order;
        final Rng shuffleRng, dropoutRng;
        final History history = new History();
        final TrainingState resume;
        final Consumer<TrainingState> epochState;

        Run(Network initial, TrainingData train, TrainingData validation, TrainingConfig config,
            TrainingState resume, Consumer<TrainingState> epochState) {
            this.resume = resume;
            this.epochState = epochState;
            this.initial = initial;
            this.train = train;
            this.validation = validation;
            this.config = config;
            this.backend = config.backend() != null ? config.backend() : initial.backend();
            this.architecture = initial.architecture();
            this.loss = config.loss() != null ? config.loss() : Loss.defaultFor(architecture.output());
            this.params = initial.parameters();
            this.grads = new Parameters(architecture);
            this.best = params.copy();
            this.lastGood = params.copy();
            int n = params.count();
            int[] sizes = new int[n];
            this.isWeight = new boolean[n];
            this.frozen = new boolean[n];
            for (int i = 0; i < n; i++) {
                Architecture.Tensor t = params.tensor(i);
                sizes[i] = t.size();
                isWeight[i] = t.kind() == Architecture.Kind.WEIGHT;
                frozen[i] = config.freezeBiases() && t.kind() == Architecture.Kind.BIAS;
            }
            this.optimizerState = new OptimizerState(config.optimizer(), sizes, isWeight, frozen);
            this.paramValues = params::values;
            this.gradValues = grads::values;
            int rows = train.rows();
            this.batch = config.batchSize() == 0 || config.batchSize() >= rows ? rows : config.batchSize();
            this.workspace = new Workspace(architecture, backend, batch);
            this.batchX = new float[batch * train.features()];
            this.batchT = new float[batch * train.targetWidth()];
            this.batchLabels = new int[batch];
            this.order = new int[rows];
            for (int i = 0; i < rows; i++) order[i] = i;
            this.shuffleRng = new Rng(config.seed() ^ SHUFFLE_STREAM);
            this.dropoutRng = new Rng(config.seed() ^ DROPOUT_STREAM);
        }

        TrainingResult run() {
            listeners = config.listeners().toArray(new TrainingListener[0]);
            int rows = train.rows();
            int batches = (rows + batch - 1) / batch;
            boolean fullBatch = batch == rows;
            boolean early = config.earlyStoppingPatience() > 0;
            double bestScore = Double.POSITIVE_INFINITY;
            int bestEpoch = 0;
            boolean stopped = false;
            // A finite loss can diverge too (Adam at a huge rate): an epoch whose mean training loss exceeds the
            // initial network's by this factor, far beyond any learning curve, is a divergence.
            double initialLoss = Metrics.evaluate(workspace, params, train, loss).loss();
            double divergedLoss = DIVERGENCE_FACTOR * Math.max(initialLoss, 1e-6);
            int firstEpoch = 1;
            if (resume != null) {
                Checkpoints.restore(resume, fingerprint(), architecture, params, best, optimizerState, shuffleRng,
                        dropoutRng, order, history);
                bestScore = resume.bestScore();
                bestEpoch = resume.bestEpoch();
                stopped = resume.stopped();
                firstEpoch = resume.epoch() + 1;
                lastGood.copyFrom(params);
            }
            for (epoch = firstEpoch; epoch <= config.epochs() && !stopped; epoch++) {
                long start = System.nanoTime();
                double lr = config.schedule().rate(config.optimizer().learningRate(), epoch);
                if (!(lr > 0) || !Double.isFinite(lr)) {
                    throw new IllegalArgumentException("the schedule gives learning rate " + lr + " at epoch " + epoch);
                }
                if (config.shuffle() && !fullBatch) shuffleRng.shuffle(order);
                for (TrainingListener l : listeners) l.onEpochStart(epoch, batches);
                double lossSum = 0;
                long correct = 0;
                int firstHugeBatch = 0;
                for (int b = 0; b < batches; b++) {
                    int first = b * batch, m = Math.min(batch, rows - first);
                    batchIndex = b + 1;
                    double batchLoss = fullBatch ? stepDirect((float) lr) : stepGathered(first, m, (float) lr);
                    if (!Double.isFinite(batchLoss)) diverged(epoch, b + 1, batchLoss);
                    if (firstHugeBatch == 0 && batchLoss > divergedLoss) firstHugeBatch = b + 1;
                    correct += lastCorrect;
                    lossSum += batchLoss * m;
                    for (TrainingListener l : listeners) l.onBatchEnd(epoch, b + 1, batchLoss);
                }
                if (!finite(params)) diverged(epoch, batches, Double.NaN);
                if (lossSum / rows > divergedLoss) {
                    throw new TrainingDivergedException(epoch, firstHugeBatch, lossSum / rows,
                            Network.of(architecture, lastGood, backend), String.format(Locale.ROOT,
                                    " (the epoch's mean), %.3g times the initial %.4g; try a smaller learning rate",
                                    lossSum / rows / initialLoss, initialLoss));
                }
                double trainLoss = lossSum / rows + penalty();
                double trainAccuracy = train.labels() == null ? Double.NaN : correct / (double) rows;
                Evaluation ve = validation == null ? null
                        : Metrics.evaluate(workspace, params, validation, loss);
                double vLoss = ve == null ? Double.NaN : ve.loss() + penalty();
                EpochMetrics m = new EpochMetrics(epoch, trainLoss, trainAccuracy, vLoss,
                        ve == null ? Double.NaN : ve.accuracy(), lr, System.nanoTime() - start, ve);
                history.add(m);
                for (TrainingListener l : listeners) l.onEpochEnd(m);
                lastGood.copyFrom(params);
                double score = ve != null ? vLoss : trainLoss;
                if (score < bestScore) {
                    bestScore = score;
                    bestEpoch = epoch;
                    if (early) best.copyFrom(params);
                } else if (early && epoch - bestEpoch >= config.earlyStoppingPatience()) {
                    stopped = true;
                }
                if (epochState != null) {
                    epochState.accept(Checkpoints.snapshot(fingerprint(), architecture, epoch, params,
                            early ? best : null, bestScore, bestEpoch, stopped, optimizerState, shuffleRng,
                            dropoutRng, order, history));
                }
            }
            history.finish(early ? bestEpoch : history.size(), stopped);
            return new TrainingResult(Network.of(architecture, early ? best : params, backend), history);
        }

        private int lastCorrect;
        private int epoch, batchIndex;
        private TrainingListener[] listeners = new TrainingListener[0];

        /** What a resumed run must share with the run it continues (not the epoch count). */
        private String fingerprint() {
            return "optimizer " + config.optimizer() + ", loss " + loss + ", batch " + batch + ", weight decay "
                    + config.weightDecay() + ", clip " + config.clipNorm()
                    + ", patience " + config.earlyStoppingPatience() + ", seed " + config.seed() + ", shuffle "
                    + config.shuffle() + ", frozen biases " + config.freezeBiases() + ", " + train.rows()
                    + " training rows" + (validation == null ? "" : ", " + validation.rows() + " validation rows");
        }

        /** Full batch: the data set's arrays are the batch (no copy). */
        private double stepDirect(float lr) {
            return step(train.x(), train.targets(), train.labels(), train.rows(), lr);
        }

        private double stepGathered(int first, int m, float lr) {
            int in = train.features(), out = train.targetWidth();
            float[] x = train.x(), t = train.targets();
            int[] labels = train.labels();
            for (int i = 0; i < m; i++) {
                int r = order[first + i];
                System.arraycopy(x, r * in, batchX, i * in, in);
                System.arraycopy(t, r * out, batchT, i * out, out);
                if (labels != null) batchLabels[i] = labels[r];
            }
            return step(batchX, batchT, labels == null ? null : batchLabels, m, lr);
        }

        private double step(float[] x, float[] t, int[] labels, int m, float lr) {
            workspace.forward(params, x, 0, m, true, dropoutRng);
            double l = workspace.loss(loss, t, 0);
            if (!Double.isFinite(l)) return l;
            lastCorrect = labels == null ? 0 : workspace.correct(labels, 0);
            workspace.backward(grads, false);
            for (TrainingListener listener : listeners) listener.onGradients(epoch, batchIndex, params, grads);
            int n = params.count();
            float wd = (float) config.weightDecay();
            if (wd > 0) {
                for (int i = 0; i < n; i++) {
                    if (isWeight[i]) backend.axpy(params.values(i).length, wd, params.values(i), 0, grads.values(i), 0);
                }
            }
            optimizerState.clip(backend, config.clipNorm(), gradValues, n);
            optimizerState.step(backend, lr, paramValues, gradValues, n);
            return l;
        }

        /** Tensor i's values and gradient, made once (a step allocates nothing). */
        private final java.util.function.IntFunction<float[]> paramValues, gradValues;

        /** ½λ‖W‖² over the weights. */
        private double penalty() {
            if (config.weightDecay() == 0) return 0;
            double sq = 0;
            for (int i = 0; i < params.count(); i++) {
                if (isWeight[i]) sq += backend.sumSquares(params.values(i).length, params.values(i), 0);
            }
            return 0.5 * config.weightDecay() * sq;
        }

        private static boolean finite(Parameters p) {
            for (int i = 0; i < p.count(); i++) {
                for (float v : p.values(i)) {
                    if (!Float.isFinite(v)) return false;
                }
            }
            return true;
        }

        private void diverged(int epoch, int batch, double l) {
            String hint = Double.isNaN(l) && finite(params) ? "" : "; try a smaller learning rate or clipNorm";
            throw new TrainingDivergedException(epoch, batch, l, Network.of(architecture, lastGood, backend), hint);
        }
    }
}
