package io.simdnn.train.autoencoder;

import io.simdnn.model.Init;
import io.simdnn.model.Loss;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Rng;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.train.EpochLoop;
import io.simdnn.train.EpochMetrics;
import io.simdnn.train.LearningRateSchedule;
import io.simdnn.train.Optimizer;
import io.simdnn.train.OptimizerState;
import io.simdnn.train.Optimizers;
import io.simdnn.train.TrainingConfig;
import io.simdnn.train.TrainingDivergedException;
import io.simdnn.train.TrainingListener;
import io.simdnn.train.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Trains one-layer auto-encoders: basic, undercomplete (code narrower than the input), tied (decoder = encoderᵀ),
 * denoising ({@link Corruption}) and sparse ({@link Sparsity}), in any combination, by mini-batch gradient descent
 * with any {@link Optimizer}.
 *
 * <pre>{@code
 * AutoEncoder ae = AutoEncoderTrainer.builder()
 *         .code(16).activation(Activation.SIGMOID).tied(true)
 *         .corruption(Corruption.masking(0.25)).sparsity(Sparsity.kl(0.05, 0.5))
 *         .optimizer(Optimizers.adam(1e-2)).epochs(60).batchSize(32).seed(1)
 *         .build().fit(train);
 * double[] scores = ae.reconstructionErrors(test);
 * }</pre>
 *
 * One step: gather the batch, corrupt a copy (training only), forward, loss against the clean rows plus the
 * penalty, backward, clipping, the optimiser's update through the {@link OptimizerState} {@code Trainer} uses.
 * The epochs are {@code Trainer}'s {@link EpochLoop}: learning-rate schedule, seeded shuffling, listeners, and
 * divergence stopping with a {@link TrainingDivergedException}. Buffers are allocated before the first epoch, so a
 * step allocates nothing. The seed fixes the initial weights, the shuffling and the noise. Immutable; {@link #fit}
 * may run on any thread.
 */
public final class AutoEncoderTrainer {
    private static final long INIT_STREAM = 0x6A09E667F3BCC909L, SHUFFLE_STREAM = 0xBB67AE8584CAA73BL,
            NOISE_STREAM = 0x3C6EF372FE94F82BL;

    private final int code;
    private final Activation activation;
    private final float parameter;
    private final Output link;
    private final boolean tied;
    private final Corruption corruption;
    private final Sparsity sparsity;
    /** Optimiser, reconstruction loss, epochs, batch size, schedule, clipping, seed, backend and listeners. */
    private final TrainingConfig training;

    private AutoEncoderTrainer(Builder b) {
        this.code = b.code;
        this.activation = b.activation;
        this.parameter = b.parameter;
        this.link = b.link;
        this.tied = b.tied;
        this.corruption = b.corruption;
        this.sparsity = b.sparsity;
        TrainingConfig.Builder t = TrainingConfig.builder().optimizer(b.optimizer).loss(b.loss).epochs(b.epochs)
                .batchSize(b.batchSize).schedule(b.schedule).clipNorm(b.clipNorm).seed(b.seed).backend(b.backend);
        for (TrainingListener l : b.listeners) t.listener(l);
        this.training = t.build();
    }

    /**
     * Defaults: code of 32 sigmoid units, linear reconstruction with the squared error, untied, no corruption, no
     * sparsity, Adam with learning rate 0.01, 50 epochs, batches of 32, seed 1, the default backend.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration, to change a few settings (as the code size of a stacked layer). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.code = code;
        b.activation = activation;
        b.parameter = parameter;
        b.link = link;
        b.tied = tied;
        b.corruption = corruption;
        b.sparsity = sparsity;
        b.loss = training.loss();
        b.optimizer = training.optimizer();
        b.schedule = training.schedule();
        b.clipNorm = training.clipNorm();
        b.listeners.addAll(training.listeners());
        b.epochs = training.epochs();
        b.batchSize = training.batchSize();
        b.seed = training.seed();
        b.backend = training.backend();
        return b;
    }

    /**
     * The training settings as the {@link io.simdnn.train.Trainer}'s configuration (the loss is the reconstruction
     * loss; no weight decay, early stopping or frozen biases).
     */
    public TrainingConfig training() {
        return training;
    }

    /** Trains on the features of {@code data} (labels and targets are not used). */
    public AutoEncoder fit(Dataset data) {
        Objects.requireNonNull(data, "data");
        return fit(data.features(), data.rows(), data.featureCount());
    }

    /**
     * Trains on {@code rows} input rows of {@code features} values (row-major).
     *
     * @throws TrainingDivergedException when the objective becomes NaN or infinite, or explodes (epoch and batch in
     *         the message; it carries the auto-encoder of the last complete epoch as a network)
     */
    public AutoEncoder fit(float[] x, int rows, int features) {
        Objects.requireNonNull(x, "x");
        if (rows < 1) throw new IllegalArgumentException("an auto-encoder needs at least one row, got " + rows);
        if (features < 1) throw new IllegalArgumentException("features = " + features + " must be at least 1");
        if (x.length != (long) rows * features) {
            throw new IllegalArgumentException("x has " + x.length + " values, expected rows × features = " + rows
                    + " × " + features);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                throw new IllegalArgumentException("input row " + i / features + ", column " + i % features + " is "
                        + x[i]);
            }
        }
        if (training.loss() == Loss.SIGMOID_CROSS_ENTROPY) {
            for (int i = 0; i < x.length; i++) {
                if (x[i] < 0 || x[i] > 1) {
                    throw new IllegalArgumentException("the cross-entropy reconstruction loss needs inputs in [0, 1];"
                            + " row " + i / features + ", column " + i % features + " is " + x[i]
                            + " (scale with MinMaxScaler, or use the squared error)");
                }
            }
        }
        Run run = new Run(x, rows, features);
        double[] history = run.loop.run(run, run.initialObjective()).trainLoss();
        return new AutoEncoder(features, code, activation, parameter, link, run.w, history, run.backend);
    }

    /**
     * One fit: the weights, their optimiser state and the batch buffers, allocated before the first epoch (a step
     * allocates nothing); the epochs are the shared {@link EpochLoop}'s.
     */
    private final class Run implements EpochLoop.Steps {
        final float[] x;
        final int rows, features;
        final Backend backend;
        final Weights w, lastGood;
        final EpochLoop loop;
        final Objective objective;
        final OptimizerState state;
        final int tensorCount;
        final IntFunction<float[]> weightsOf, gradientsOf;
        final float[] clean, noisy;
        final boolean corrupt;
        final Rng noise;

        Run(float[] x, int rows, int features) {
            this.x = x;
            this.rows = rows;
            this.features = features;
            this.backend = AutoEncoder.defaultBackend(training.backend());
            this.w = initialWeights(features);
            this.lastGood = w.copy();
            this.loop = new EpochLoop(training, rows, new Rng(training.seed() ^ SHUFFLE_STREAM));
            int batch = loop.batchSize();
            this.objective = objective(backend, features, batch);
            float[][] tensors = w.tensors(), grads = objective.gradient.tensors();
            this.tensorCount = tensors.length;
            boolean[] decays = tied ? new boolean[] {true, false, false} : new boolean[] {true, false, true, false};
            this.state = new OptimizerState(training.optimizer(), OptimizerState.sizes(tensors), decays, null);
            this.weightsOf = i -> tensors[i];
            this.gradientsOf = i -> grads[i];
            this.clean = new float[batch * features];
            this.noisy = new float[batch * features];
            this.corrupt = !(corruption instanceof Corruption.None);
            this.noise = new Rng(training.seed() ^ NOISE_STREAM);
        }

        /** The objective of the initial weights over the clean rows, the loop's reference for divergence. */
        double initialObjective() {
            int batch = loop.batchSize();
            double sum = 0;
            for (int first = 0; first < rows; first += batch) {
                int m = Math.min(batch, rows - first);
                sum += objective.lossAndGradient(w, x, first * features, x, first * features, m, false) * m;
            }
            return sum / rows;
        }

        /** Gather the batch, corrupt a copy, the objective against the clean rows and its gradient, clip, update. */
        @Override
        public double step(int epoch, int batch, int[] order, int first, int m, float lr) {
            for (int i = 0; i < m; i++) System.arraycopy(x, order[first + i] * features, clean, i * features, features);
            float[] input = clean;
            if (corrupt) {
                corruption.apply(m * features, clean, 0, noisy, 0, noise);
                input = noisy;
            }
            double l = objective.lossAndGradient(w, input, 0, clean, 0, m, true);
            if (!Double.isFinite(l)) return l;
            state.clip(backend, training.clipNorm(), gradientsOf, tensorCount);
            state.step(backend, lr, weightsOf, gradientsOf, tensorCount);
            return l;
        }

        @Override
        public boolean parametersFinite() {
            for (float[] t : w.tensors()) {
                for (float v : t) {
                    if (!Float.isFinite(v)) return false;
                }
            }
            return true;
        }

        @Override
        public EpochMetrics metrics(int epoch, double meanLoss, double learningRate, long nanos) {
            return new EpochMetrics(epoch, meanLoss, Double.NaN, Double.NaN, Double.NaN, learningRate, nanos, null);
        }

        @Override
        public void keepLastGood() {
            float[][] from = w.tensors(), to = lastGood.tensors();
            for (int i = 0; i < from.length; i++) System.arraycopy(from[i], 0, to[i], 0, from[i].length);
        }

        @Override
        public Network lastGoodNetwork() {
            return new AutoEncoder(features, code, activation, parameter, link, lastGood, new double[0], backend)
                    .toNetwork();
        }
    }

    /** W₁ (and W₂ when untied) Xavier-uniform from the seed, biases 0. */
    Weights initialWeights(int features) {
        Weights w = Weights.zeros(features, code, tied);
        Rng rng = new Rng(training.seed() ^ INIT_STREAM);
        Init.XAVIER.fill(w.w1, features, code, rng);
        if (!tied) Init.XAVIER.fill(w.w2, code, features, rng);
        return w;
    }

    /** The objective for this configuration, for {@code rows} rows of {@code features} (gradient checks). */
    Objective objective(Backend be, int features, int rows) {
        return new Objective(be, features, code, tied, activation, parameter, link, training.loss(), sparsity, rows);
    }

    public int codeSize() {
        return code;
    }

    public boolean tied() {
        return tied;
    }

    public Corruption corruption() {
        return corruption;
    }

    public Sparsity sparsity() {
        return sparsity;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "auto-encoder trainer: code %d (%s), %s reconstruction with %s%s,"
                + " corruption %s, sparsity %s, %s, %d epochs, batch %d, seed %d", code,
                activation.name().toLowerCase(Locale.ROOT), link.name().toLowerCase(Locale.ROOT),
                training.loss().name().toLowerCase(Locale.ROOT), tied ? ", tied" : "", corruption, sparsity,
                training.optimizer(), training.epochs(), training.batchSize(), training.seed());
    }

    /** Configuration; every setter checks its argument. */
    public static final class Builder {
        private int code = 32;
        private Activation activation = Activation.SIGMOID;
        private float parameter = Float.NaN;
        private Output link = Output.LINEAR;
        private Loss loss = Loss.SQUARED_ERROR;
        private boolean tied;
        private Corruption corruption = Corruption.none();
        private Sparsity sparsity = Sparsity.none();
        private Optimizer optimizer = Optimizers.adam(0.01);
        private LearningRateSchedule schedule = LearningRateSchedule.constant();
        private double clipNorm;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private int epochs = 50, batchSize = 32;
        private long seed = 1;
        private Backend backend;

        private Builder() {}

        /** Width of the code (hidden) layer, ≥ 1. */
        public Builder code(int units) {
            if (units < 1) throw new IllegalArgumentException("code units = " + units + " must be at least 1");
            this.code = units;
            return this;
        }

        /** The encoder's activation, with its default parameter. */
        public Builder activation(Activation f) {
            return activation(f, Objects.requireNonNull(f, "activation").defaultParameter());
        }

        /** The encoder's activation with parameter p (for the activations that have one). */
        public Builder activation(Activation f, float p) {
            this.activation = Objects.requireNonNull(f, "activation");
            if (f.hasParameter() && !Float.isFinite(p)) {
                throw new IllegalArgumentException("activation parameter = " + p + " must be finite");
            }
            this.parameter = f.hasParameter() ? p : Float.NaN;
            return this;
        }

        /**
         * The decoder's output link and reconstruction loss: linear with the squared error (any real inputs), or
         * sigmoid with the squared error or the sigmoid cross-entropy (inputs in [0, 1]).
         */
        public Builder reconstruction(Output link, Loss loss) {
            Objects.requireNonNull(link, "link");
            Objects.requireNonNull(loss, "loss");
            boolean ok = (link == Output.LINEAR && loss == Loss.SQUARED_ERROR)
                    || (link == Output.SIGMOID && (loss == Loss.SQUARED_ERROR || loss == Loss.SIGMOID_CROSS_ENTROPY));
            if (!ok) {
                throw new IllegalArgumentException("reconstruction " + link.name().toLowerCase(Locale.ROOT) + " with "
                        + loss.name().toLowerCase(Locale.ROOT) + " is not supported; use linear with squared_error,"
                        + " or sigmoid with squared_error or sigmoid_cross_entropy");
            }
            this.link = link;
            this.loss = loss;
            return this;
        }

        /** Whether the decoder uses the transpose of the encoder's weights (one weight matrix, gradients summed). */
        public Builder tied(boolean on) {
            this.tied = on;
            return this;
        }

        /** Input corruption during training: {@link Corruption#masking}, {@link Corruption#gaussian} or none. */
        public Builder corruption(Corruption c) {
            this.corruption = Objects.requireNonNull(c, "corruption");
            return this;
        }

        /** A penalty on the code: {@link Sparsity#kl}, {@link Sparsity#l1} or none. */
        public Builder sparsity(Sparsity s) {
            this.sparsity = Objects.requireNonNull(s, "sparsity");
            return this;
        }

        public Builder optimizer(Optimizer o) {
            this.optimizer = Objects.requireNonNull(o, "optimizer");
            return this;
        }

        /** The learning rate of each epoch from the optimiser's base rate, as {@link io.simdnn.train.Trainer}'s. */
        public Builder schedule(LearningRateSchedule s) {
            this.schedule = Objects.requireNonNull(s, "schedule");
            return this;
        }

        /** Scale the gradients down to this global L2 norm when they exceed it (0: no clipping). */
        public Builder clipNorm(double maxNorm) {
            if (!(maxNorm >= 0) || !Double.isFinite(maxNorm)) {
                throw new IllegalArgumentException("clipNorm = " + maxNorm + " must be finite and not negative");
            }
            this.clipNorm = maxNorm;
            return this;
        }

        /** Progress callbacks: epoch start, each batch's objective, each epoch's mean objective and rate. */
        public Builder listener(TrainingListener l) {
            listeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        public Builder epochs(int n) {
            if (n < 1) throw new IllegalArgumentException("epochs = " + n + " must be at least 1");
            this.epochs = n;
            return this;
        }

        /** Rows per step (0 or at least the row count: full batch). */
        public Builder batchSize(int n) {
            if (n < 0) throw new IllegalArgumentException("batch size = " + n + " must not be negative");
            this.batchSize = n;
            return this;
        }

        /** Seed of the initial weights, the shuffling and the corruption noise. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The backend (default: {@code Backends.get()} at fit time). */
        public Builder backend(Backend b) {
            this.backend = Objects.requireNonNull(b, "backend");
            return this;
        }

        public AutoEncoderTrainer build() {
            if (sparsity instanceof Sparsity.KullbackLeibler && activation != Activation.SIGMOID) {
                throw new IllegalArgumentException("the KL sparsity penalty needs code activations in (0, 1): use"
                        + " sigmoid units, not " + activation.name().toLowerCase(Locale.ROOT)
                        + " (or the L1 activity penalty)");
            }
            return new AutoEncoderTrainer(this);
        }
    }
}
