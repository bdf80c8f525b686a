package io.simdnn.train.elm;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
import io.simdnn.train.data.Dataset;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Extreme Learning Machine: a single hidden layer whose input weights and biases are drawn at random and never
 * trained, and whose output weights are solved in closed form as the regularised least-squares solution
 * β = (HᵀH + I/C)⁻¹HᵀT, H = f(X·Wᵀ + b) the hidden-layer outputs of the training rows and T their targets
 * (one-hot rows for classification, values for regression). When there are fewer rows than hidden units the
 * equivalent dual form β = Hᵀ(HHᵀ + I/C)⁻¹T is solved instead. See {@link RidgeSolver} for the numerics.
 *
 * <pre>{@code
 * ElmModel model = ExtremeLearningMachine.builder()
 *         .hidden(1000).activation(Activation.SIGMOID).c(1e3).seed(1)
 *         .build().fit(train);
 * double accuracy = model.evaluate(test).accuracy();
 * }</pre>
 *
 * Instances are immutable configurations; {@link #fit} may be called from any thread.
 */
public final class ExtremeLearningMachine {
    /** How the random input weights and biases are drawn. */
    public enum Distribution {
        /** Uniform on [−scale, scale]. */
        UNIFORM,
        /** Normal with mean 0 and standard deviation {@code scale}. */
        NORMAL;

        /** Parses a name, ignoring case; the error lists the valid names. */
        public static Distribution parse(String name) {
            for (Distribution d : values()) {
                if (d.name().equalsIgnoreCase(name.trim())) return d;
            }
            throw new IllegalArgumentException("unknown distribution '" + name + "'; valid: uniform, normal");
        }
    }

    /** Which linear system to solve for the output weights. */
    public enum Form {
        /** Primal when rows ≥ hidden units, else dual: the smaller system. */
        AUTO,
        /** (HᵀH + I/C)β = HᵀT, hidden×hidden. */
        PRIMAL,
        /** (HHᵀ + I/C)α = T, β = Hᵀα, rows×rows. */
        DUAL
    }

    private final int hidden;
    private final Activation activation;
    private final float activationParameter;
    private final double c;
    private final long seed;
    private final Distribution weightDistribution;
    private final double weightScale;
    private final Distribution biasDistribution;
    private final double biasScale;
    private final Form form;
    private final Backend backend;

    private ExtremeLearningMachine(Builder b) {
        this.hidden = b.hidden;
        this.activation = b.activation;
        this.activationParameter = b.activationParameter;
        this.c = b.c;
        this.seed = b.seed;
        this.weightDistribution = b.weightDistribution;
        this.weightScale = b.weightScale;
        this.biasDistribution = b.biasDistribution;
        this.biasScale = b.biasScale;
        this.form = b.form;
        this.backend = b.backend;
    }

    /**
     * A builder with the defaults: 500 sigmoid units, C = 100, seed 1, fan-in scaled uniform weights, uniform
     * biases on [−1, 1], the smaller of the primal and dual systems and the default backend.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fits the output weights to a data set: classification (one-hot targets; predictions are the argmax) or
     * regression (the targets as they are).
     *
     * @throws ArithmeticException when the regularised system is singular or too ill-conditioned for this C (the
     *                             message says which and what to change)
     */
    public ElmModel fit(Dataset train) {
        Objects.requireNonNull(train, "train");
        if (train.rows() == 0) throw new IllegalArgumentException("data set '" + train.name() + "' has no rows");
        Backend be = backend();
        int rows = train.rows(), features = train.featureCount(), outputs = train.targetCount();
        long start = System.nanoTime();
        float[] inputWeights = new float[hidden * features];
        float[] biases = new float[hidden];
        drawHiddenLayer(features, inputWeights, biases);
        float[] h = new float[Math.multiplyExact(rows, hidden)];
        be.denseForward(rows, hidden, features, train.features(), 0, features, inputWeights, 0, features, biases, 0,
                activation, activationParameter, h, 0, hidden);
        for (int i = 0; i < h.length; i++) {
            if (!Float.isFinite(h[i])) {
                throw new ArithmeticException("hidden output of row " + i / hidden + ", unit " + i % hidden
                        + " is " + h[i] + " (" + activation.name().toLowerCase(Locale.ROOT)
                        + " overflowed): scale the inputs or the input weights down");
            }
        }
        boolean dual = switch (form) {
            case AUTO -> rows < hidden;
            case PRIMAL -> false;
            case DUAL -> true;
        };
        RidgeSolver.Solution solution = RidgeSolver.solve(be, h, rows, hidden, train.targets(), outputs, c, dual);
        long nanos = System.nanoTime() - start;
        return new ElmModel(features, hidden, outputs, activation, activationParameter, inputWeights, biases,
                solution.beta(), train.isClassification() ? train.classCount() : 0, train.featureNames(),
                new ElmModel.FitInfo(rows, solution.dual(), solution.doubleGram(), solution.refinements(), nanos,
                        be.name()), be);
    }

    /**
     * Draws W (hidden×features, row j = unit j's weights) and b from one generator seeded with {@link #seed()}:
     * all weights first, then all biases, so a model is reproducible from its configuration.
     */
    void drawHiddenLayer(int features, float[] inputWeights, float[] biases) {
        SplittableRandom random = new SplittableRandom(seed);
        double ws = weightScale > 0 ? weightScale : defaultWeightScale(features);
        for (int i = 0; i < inputWeights.length; i++) inputWeights[i] = draw(random, weightDistribution, ws);
        for (int i = 0; i < biases.length; i++) biases[i] = draw(random, biasDistribution, biasScale);
    }

    /** √(3/features): uniform weights on ±that give each pre-activation unit variance for standardised inputs. */
    static double defaultWeightScale(int features) {
        return Math.sqrt(3.0 / Math.max(1, features));
    }

    private static float draw(SplittableRandom random, Distribution d, double scale) {
        return switch (d) {
            case UNIFORM -> (float) ((2 * random.nextDouble() - 1) * scale);
            case NORMAL -> (float) (random.nextGaussian() * scale);
        };
    }

    private Backend backend() {
        return backend != null ? backend : Backends.get();
    }

    public int hiddenUnits() {
        return hidden;
    }

    public Activation activation() {
        return activation;
    }

    public float activationParameter() {
        return activationParameter;
    }

    /** The ridge parameter C (the penalty on ‖β‖² is 1/C; +∞ means none). */
    public double c() {
        return c;
    }

    public long seed() {
        return seed;
    }

    public Form form() {
        return form;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ELM(hidden=%d, activation=%s, C=%g, seed=%d, weights=%s(%s), biases=%s(%g),"
                + " form=%s)", hidden, activation.name().toLowerCase(Locale.ROOT), c, seed,
                weightDistribution.name().toLowerCase(Locale.ROOT),
                weightScale > 0 ? String.format(Locale.ROOT, "%g", weightScale) : "sqrt(3/features)",
                biasDistribution.name().toLowerCase(Locale.ROOT), biasScale, form.name().toLowerCase(Locale.ROOT));
    }

    /** Configuration; every setter checks its argument. */
    public static final class Builder {
        private int hidden = 500;
        private Activation activation = Activation.SIGMOID;
        private float activationParameter = Activation.SIGMOID.defaultParameter();
        private double c = 100;
        private long seed = 1;
        private Distribution weightDistribution = Distribution.UNIFORM;
        private double weightScale = 0;
        private Distribution biasDistribution = Distribution.UNIFORM;
        private double biasScale = 1;
        private Form form = Form.AUTO;
        private Backend backend;

        private Builder() {}

        /** Number of hidden units L ≥ 1. */
        public Builder hidden(int units) {
            if (units < 1) throw new IllegalArgumentException("hidden units = " + units + " must be at least 1");
            this.hidden = units;
            return this;
        }

        /** Hidden activation, with its default parameter. */
        public Builder activation(Activation f) {
            return activation(f, Objects.requireNonNull(f, "activation").defaultParameter());
        }

        /** Hidden activation with parameter p (γ for leaky ReLU and ELU, β for Swish; ignored by the others). */
        public Builder activation(Activation f, float p) {
            this.activation = Objects.requireNonNull(f, "activation");
            if (f.hasParameter() && !Float.isFinite(p)) {
                throw new IllegalArgumentException("activation parameter = " + p + " must be finite");
            }
            this.activationParameter = p;
            return this;
        }

        /** Ridge parameter C &gt; 0: larger fits the training data more closely; +∞ means no regularisation. */
        public Builder c(double c) {
            if (!(c > 0)) throw new IllegalArgumentException("C = " + c + " must be positive (+Infinity: no ridge)");
            this.c = c;
            return this;
        }

        /** Seed of the random input weights and biases. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Input weight distribution and scale &gt; 0. Default: uniform on ±√(3/features), which gives each
         * pre-activation unit variance when the inputs are standardised.
         */
        public Builder inputWeights(Distribution d, double scale) {
            this.weightDistribution = Objects.requireNonNull(d, "distribution");
            this.weightScale = positive("input weight scale", scale);
            return this;
        }

        /** Bias distribution and scale ≥ 0 (default uniform on [−1, 1]). */
        public Builder biases(Distribution d, double scale) {
            this.biasDistribution = Objects.requireNonNull(d, "distribution");
            if (!(scale >= 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("bias scale = " + scale + " must be finite and not negative");
            }
            this.biasScale = scale;
            return this;
        }

        /** Primal, dual or (default) whichever system is smaller. */
        public Builder form(Form form) {
            this.form = Objects.requireNonNull(form, "form");
            return this;
        }

        /** The backend for H and the Gram matrix (default: {@link Backends#get()}, looked up at fit time). */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        public ExtremeLearningMachine build() {
            return new ExtremeLearningMachine(this);
        }

        private static double positive(String name, double v) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(name + " = " + v + " must be finite and positive");
            }
            return v;
        }
    }
}
