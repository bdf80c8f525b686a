package io.simdnn.train;

import io.simdnn.model.Architecture;
import io.simdnn.model.Loss;
import io.simdnn.model.Network;
import io.simdnn.model.Parameters;
import io.simdnn.model.Rng;
import io.simdnn.model.Workspace;
import io.simdnn.spi.Backend;
import io.simdnn.train.data.Dataset;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Trains a network by back-propagation and gradient descent. The initial network is not changed: training runs on a
 * private copy of its parameters and returns a new network.
 *
 * <p>One step: gather the batch rows, forward pass (dropout on), loss and its gradient, backward pass, weight
 * decay λW added to the weights' gradients, clipping to the global norm, then the optimiser's fused update of each
 * tensor. The epochs around the steps (schedule, shuffling, divergence, metrics, listeners, early stopping) are the
 * {@link EpochLoop} the auto-encoder trainer runs too. Every buffer is allocated before the first epoch, so a step
 * allocates nothing. The seed fixes the shuffling and the dropout masks: same seed, same backend, same data ⇒
 * bit-identical weights.
 */
public final class Trainer {
    private static final long SHUFFLE_STREAM = 0x5DEECE66DL, DROPOUT_STREAM = 0x2545F4914F6CDD1DL;

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

    /** One training run: its buffers and state; the epoch loop is the shared {@link EpochLoop}. */
    private static final class Run implements EpochLoop.Steps {
        final TrainingData train, validation;
        final TrainingConfig config;
        final Backend backend;
        final Architecture architecture;
        final Loss loss;
        final Parameters params, grads, best, lastGood;
        final OptimizerState optimizerState;
        final boolean[] isWeight, frozen;
        final Workspace workspace;
        final float[] batchX, batchT;
        final int[] batchLabels;
        final Rng dropoutRng;
        final EpochLoop loop;
        final TrainingState resume;
        final Consumer<TrainingState> epochState;
        final TrainingListener[] listeners;
        /** Tensor i's values and gradient, made once (a step allocates nothing). */
        final IntFunction<float[]> paramValues, gradValues;
        /** Correctly classified rows of the epoch so far. */
        long correct;

        Run(Network initial, TrainingData train, TrainingData validation, TrainingConfig config,
            TrainingState resume, Consumer<TrainingState> epochState) {
            this.resume = resume;
            this.epochState = epochState;
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
            this.loop = new EpochLoop(config, train.rows(), new Rng(config.seed() ^ SHUFFLE_STREAM));
            int batch = loop.batchSize();
            this.workspace = new Workspace(architecture, backend, batch);
            this.batchX = new float[batch * train.features()];
            this.batchT = new float[batch * train.targetWidth()];
            this.batchLabels = new int[batch];
            this.dropoutRng = new Rng(config.seed() ^ DROPOUT_STREAM);
            this.listeners = config.listeners().toArray(new TrainingListener[0]);
        }

        TrainingResult run() {
            // the reference of the loop's divergence test: an epoch far above the initial network's loss
            double initialLoss = Metrics.evaluate(workspace, params, train, loss).loss();
            if (resume != null) {
                Checkpoints.restore(resume, fingerprint(), architecture, params, best, optimizerState,
                        loop.shuffleRng(), dropoutRng, loop.order(), loop.history());
                loop.resumeAfter(resume.epoch(), resume.bestScore(), resume.bestEpoch(), resume.stopped());
                lastGood.copyFrom(params);
            }
            History history = loop.run(this, initialLoss);
            boolean early = config.earlyStoppingPatience() > 0;
            return new TrainingResult(Network.of(architecture, early ? best : params, backend), history);
        }

        @Override
        public double step(int epoch, int batch, int[] order, int first, int m, float lr) {
            if (batch == 1) correct = 0;
            if (m == train.rows()) return step(epoch, batch, train.x(), train.targets(), train.labels(), m, lr);
            // gather the batch's rows (full batch uses the data set's arrays: no copy)
            int in = train.features(), out = train.targetWidth();
            float[] x = train.x(), t = train.targets();
            int[] labels = train.labels();
            for (int i = 0; i < m; i++) {
                int r = order[first + i];
                System.arraycopy(x, r * in, batchX, i * in, in);
                System.arraycopy(t, r * out, batchT, i * out, out);
                if (labels != null) batchLabels[i] = labels[r];
            }
            return step(epoch, batch, batchX, batchT, labels == null ? null : batchLabels, m, lr);
        }

        private double step(int epoch, int batch, float[] x, float[] t, int[] labels, int m, float lr) {
            workspace.forward(params, x, 0, m, true, dropoutRng);
            double l = workspace.loss(loss, t, 0);
            if (!Double.isFinite(l)) return l;
            if (labels != null) correct += workspace.correct(labels, 0);
            workspace.backward(grads, false);
            for (TrainingListener listener : listeners) listener.onGradients(epoch, batch, params, grads);
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

        @Override
        public EpochMetrics metrics(int epoch, double meanLoss, double lr, long nanos) {
            double trainLoss = meanLoss + penalty();
            double trainAccuracy = train.labels() == null ? Double.NaN : correct / (double) train.rows();
            Evaluation ve = validation == null ? null : Metrics.evaluate(workspace, params, validation, loss);
            double vLoss = ve == null ? Double.NaN : ve.loss() + penalty();
            return new EpochMetrics(epoch, trainLoss, trainAccuracy, vLoss, ve == null ? Double.NaN : ve.accuracy(),
                    lr, nanos, ve);
        }

        @Override
        public boolean parametersFinite() {
            for (int i = 0; i < params.count(); i++) {
                for (float v : params.values(i)) {
                    if (!Float.isFinite(v)) return false;
                }
            }
            return true;
        }

        @Override
        public void keepLastGood() {
            lastGood.copyFrom(params);
        }

        @Override
        public Network lastGoodNetwork() {
            return Network.of(architecture, lastGood, backend);
        }

        @Override
        public void keepBest() {
            best.copyFrom(params);
        }

        @Override
        public void epochEnded(int epoch) {
            if (epochState == null) return;
            boolean early = config.earlyStoppingPatience() > 0;
            epochState.accept(Checkpoints.snapshot(fingerprint(), architecture, epoch, params, early ? best : null,
                    loop.bestScore(), loop.bestEpoch(), loop.stopped(), optimizerState, loop.shuffleRng(),
                    dropoutRng, loop.order(), loop.history()));
        }

        /** What a resumed run must share with the run it continues (not the epoch count). */
        private String fingerprint() {
            return "optimizer " + config.optimizer() + ", loss " + loss + ", batch " + loop.batchSize()
                    + ", weight decay " + config.weightDecay() + ", clip " + config.clipNorm()
                    + ", patience " + config.earlyStoppingPatience() + ", seed " + config.seed() + ", shuffle "
                    + config.shuffle() + ", frozen biases " + config.freezeBiases() + ", " + train.rows()
                    + " training rows" + (validation == null ? "" : ", " + validation.rows() + " validation rows");
        }

        /** ½λ‖W‖² over the weights. */
        private double penalty() {
            if (config.weightDecay() == 0) return 0;
            double sq = 0;
            for (int i = 0; i < params.count(); i++) {
                if (isWeight[i]) sq += backend.sumSquares(params.values(i).length, params.values(i), 0);
            }
            return 0.5 * config.weightDecay() * sq;
        }
    }
}
