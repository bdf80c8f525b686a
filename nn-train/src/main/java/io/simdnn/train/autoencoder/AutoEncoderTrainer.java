package io.simdnn.train.autoencoder;

import io.simdnn.model.Init;
import io.simdnn.model.Loss;
import io.simdnn.model.Output;
import io.simdnn.model.Rng;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.train.EpochMetrics;
import io.simdnn.train.LearningRateSchedule;
import io.simdnn.train.Optimizer;
import io.simdnn.train.OptimizerState;
import io.simdnn.train.Optimizers;
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
 * penalty, backward, optimiser update. Buffers are allocated before the first epoch, so a step allocates nothing.
 * The seed fixes the initial weights, the shuffling and the noise. Immutable; {@link #fit} may run on any thread.
 */
public final class AutoEncoderTrainer {
    private static final long INIT_STREAM = 0x6A09E667F3BCC909L, SHUFFLE_STREAM = 0xBB67AE8584CAA73BL,
            NOISE_STREAM = 0x3C6EF372FE94F82BL;

    private final int code;
    private final Activation activation;
    private final float parameter;
    private final Output link;
    private final Loss loss;
    private final boolean tied;
    private final Corruption corruption;
    private final Sparsity sparsity;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final double clipNorm;
    private final List<TrainingListener> listeners;
    private final int epochs, batchSize;
    private final long seed;
    private final Backend backend;

    private AutoEncoderTrainer(Builder b) {
        this.code = b.code;
        this.activation = b.activation;
        this.parameter = b.parameter;
        this.link = b.link;
        this.loss = b.loss;
        this.tied = b.tied;
        this.corruption = b.corruption;
        this.sparsity = b.sparsity;
        this.optimizer = b.optimizer;
        this.schedule = b.schedule;
        this.clipNorm = b.clipNorm;
        this.listeners = List.copyOf(b.listeners);
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.backend = b.backend;
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
        b.loss = loss;
        b.tied = tied;
        b.corruption = corruption;
        b.sparsity = sparsity;
        b.optimizer = optimizer;
        b.schedule = schedule;
        b.clipNorm = clipNorm;
        b.listeners.addAll(listeners);
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.seed = seed;
        b.backend = backend;
        return b;
    }

    /** Trains on the features of {@code data} (labels and targets are not used). */
    public AutoEncoder fit(Dataset data) {
        Objects.requireNonNull(data, "data");
        return fit(data.features(), data.rows(), data.featureCount());
    }

    /**
     * Trains on {@code rows} input rows of {@code features} values (row-major).
     *
     * @throws ArithmeticException when the objective becomes NaN or infinite (epoch and batch in the message)
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
        if (loss == Loss.SIGMOID_CROSS_ENTROPY) {
            for (int i = 0; i < x.length; i++) {
                if (x[i] < 0 || x[i] > 1) {
                    throw new IllegalArgumentException("the cross-entropy reconstruction loss needs inputs in [0, 1];"
                            + " row " + i / features + ", column " + i % features + " is " + x[i]
                            + " (scale with MinMaxScaler, or use the squared error)");
                }
            }
        }
        Backend be = AutoEncoder.defaultBackend(backend);
        Weights w = initialWeights(features);
        int batch = batchSize == 0 || batchSize >= rows ? rows : batchSize;
        Objective objective = new Objective(be, features, code, tied, activation, parameter, link, loss, sparsity,
                batch);
        float[][] tensors = w.tensors(), grads = objective.gradient.tensors();
        boolean[] decays = tied ? new boolean[] {true, false, false} : new boolean[] {true, false, true, false};
        // the optimiser state Trainer uses, so both count steps, decay and update alike
        OptimizerState state = new OptimizerState(optimizer, OptimizerState.sizes(tensors), decays, null);
        IntFunction<float[]> weightsOf = i -> tensors[i], gradientsOf = i -> grads[i];
        TrainingListener[] listening = listeners.toArray(new TrainingListener[0]);
        float[] clean = new float[batch * features], noisy = new float[batch * features];
        boolean corrupt = !(corruption instanceof Corruption.None);
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) order[i] = i;
        Rng shuffle = new Rng(seed ^ SHUFFLE_STREAM), noise = new Rng(seed ^ NOISE_STREAM);
        double[] history = new double[epochs];
        int batches = (rows + batch - 1) / batch;
        for (int epoch = 0; epoch < epochs; epoch++) {
            long start = System.nanoTime();
            double rate = schedule.rate(optimizer.learningRate(), epoch + 1);
            if (!(rate > 0) || !Double.isFinite(rate)) {
                throw new IllegalArgumentException("the schedule gives learning rate " + rate + " at epoch "
                        + (epoch + 1));
            }
            float lr = (float) rate;
            if (batch < rows) shuffle.shuffle(order);
            for (TrainingListener l : listening) l.onEpochStart(epoch + 1, batches);
            double sum = 0;
            for (int b = 0; b < batches; b++) {
                int first = b * batch, m = Math.min(batch, rows - first);
                for (int i = 0; i < m; i++) {
                    System.arraycopy(x, order[first + i] * features, clean, i * features, features);
                }
                float[] input = clean;
                if (corrupt) {
                    corruption.apply(m * features, clean, 0, noisy, 0, noise);
                    input = noisy;
                }
                double l = objective.lossAndGradient(w, input, 0, clean, 0, m, true);
                if (!Double.isFinite(l)) {
                    throw new ArithmeticException(String.format(Locale.ROOT, "auto-encoder training diverged at epoch"
                            + " %d, batch %d: objective = %s; try a smaller learning rate", epoch + 1, b + 1, l));
                }
                state.clip(be, clipNorm, gradientsOf, tensors.length);
                state.step(be, lr, weightsOf, gradientsOf, tensors.length);
                sum += l * m;
                for (TrainingListener t : listening) t.onBatchEnd(epoch + 1, b + 1, l);
            }
            history[epoch] = sum / rows;
            EpochMetrics metrics = new EpochMetrics(epoch + 1, history[epoch], Double.NaN, Double.NaN, Double.NaN,
                    rate, System.nanoTime() - start, null);
            for (TrainingListener t : listening) t.onEpochEnd(metrics);
        }
        return new AutoEncoder(features, code, activation, parameter, link, w, history, be);
    }

    /** W₁ (and W₂ when untied) Xavier-uniform from the seed, biases 0. */
    Weights initialWeights(int features) {
        Weights w = Weights.zeros(features, code, tied);
        Rng rng = new Rng(seed ^ INIT_STREAM);
        Init.XAVIER.fill(w.w1, features, code, rng);
        if (!tied) Init.XAVIER.fill(w.w2, code, features, rng);
        return w;
    }

    /** The objective for this configuration, for {@code rows} rows of {@code features} (gradient checks). */
    Objective objective(Backend be, int features, int rows) {
        return new Objective(be, features, code, tied, activation, parameter, link, loss, sparsity, rows);
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
                loss.name().toLowerCase(Locale.ROOT), tied ? ", tied" : "", corruption, sparsity, optimizer, epochs,
                batchSize, seed);
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
