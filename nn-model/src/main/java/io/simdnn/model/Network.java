package io.simdnn.model;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.spi.PackedWeights;
import io.simdnn.spi.Backends;
import java.util.ArrayList;
import java.util.List;

/**
 * A feedforward network: an {@link Architecture} and its parameters, bound to a backend. Immutable and thread-safe:
 * its parameters are private copies that nothing changes; each thread runs it through its own {@link Predictor}.
 * Training produces new networks (see {@code io.simdnn.train.Trainer}).
 *
 * <pre>{@code
 * Network net = Network.builder().input(4).dense(6, Activation.SIGMOID).dense(3).output(Output.SOFTMAX)
 *         .init(Init.XAVIER).seed(42).build();
 * }</pre>
 */
public final class Network {
    private final Architecture architecture;
    private final Parameters parameters;
    private final Backend backend;
    private final Stage[] stages;
    private final float[][] values;
    private PackedWeights[] packed;

    private Network(Architecture architecture, Parameters parameters, Backend backend) {
        this.architecture = architecture;
        this.parameters = parameters;
        this.backend = backend;
        this.stages = stagesOf(architecture);
        this.values = parameters.arrays();
    }

    /**
     * A network with the given parameters (copied; shapes must match the architecture's tensors, values must be
     * finite) on {@code backend} (null: {@link Backends#get()}).
     */
    public static Network of(Architecture architecture, Parameters parameters, Backend backend) {
        Parameters own = new Parameters(architecture);
        if (!own.sameShapes(parameters)) {
            throw new IllegalArgumentException("parameters " + describe(parameters) + " do not fit architecture "
                    + architecture + " which needs " + describe(own));
        }
        own.copyFrom(parameters);
        own.requireFinite("network parameters");
        return new Network(architecture, own, backend == null ? Backends.get() : backend);
    }

    /**
     * A new network of {@code architecture} with initial weights from {@code init} (null: He for ReLU-like layers,
     * Xavier otherwise) drawn with {@code seed}, on {@code backend} (null: {@link Backends#get()}).
     */
    public static Network create(Architecture architecture, Init init, long seed, Backend backend) {
        return new Network(architecture, initialParameters(architecture, init, seed),
                backend == null ? Backends.get() : backend);
    }

    private static String describe(Parameters p) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < p.count(); i++) {
            if (i > 0) s.append(", ");
            s.append(p.tensor(i).name()).append(java.util.Arrays.toString(p.tensor(i).shape()));
        }
        return s.append(']').toString();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Architecture architecture() {
        return architecture;
    }

    public int inputSize() {
        return architecture.inputSize();
    }

    public int outputSize() {
        return architecture.outputSize();
    }

    public Output output() {
        return architecture.output();
    }

    public Backend backend() {
        return backend;
    }

    /** A copy of the parameters (changing it does not change this network). */
    public Parameters parameters() {
        return parameters.copy();
    }

    /** This architecture with other parameters (copied and checked). */
    public Network withParameters(Parameters p) {
        return of(architecture, p, backend);
    }

    /** A copy with tensor {@code name} replaced by {@code values} (its length must match). */
    public Network withParameter(String name, float... values) {
        Parameters p = parameters.copy();
        float[] target = p.values(name);
        if (values.length != target.length) {
            throw new IllegalArgumentException("tensor " + name + " has " + target.length + " values, got "
                    + values.length);
        }
        System.arraycopy(values, 0, target, 0, values.length);
        return of(architecture, p, backend);
    }

    /** The same network on another backend. */
    public Network withBackend(Backend other) {
        return new Network(architecture, parameters, other);
    }

    /** A reusable inference context for one thread, for batches of up to 64 rows per kernel call. */
    public Predictor newPredictor() {
        return new Predictor(this, 64);
    }

    /** A reusable inference context whose buffers hold {@code maxBatch} rows (larger batches run in chunks). */
    public Predictor newPredictor(int maxBatch) {
        return new Predictor(this, maxBatch);
    }

    /**
     * Convenience (allocates): the linked outputs for {@code x}, one sample or several rows (x.length a multiple of
     * the input size).
     */
    public float[] predict(float[] x) {
        return predictRows(x, inputSize(), outputSize(), this::newPredictor);
    }

    /** {@link #predict(float[])} through a predictor from {@code predictors} (given its batch size). */
    static float[] predictRows(float[] x, int inputs, int outputs,
            java.util.function.IntFunction<Predictor> predictors) {
        if (x.length == 0 || x.length % inputs != 0) {
            throw new IllegalArgumentException("input of " + x.length + " values is not a whole number of rows of "
                    + inputs);
        }
        int rows = x.length / inputs;
        float[] out = new float[rows * outputs];
        predictors.apply(Math.min(rows, 64)).predict(rows, x, 0, out, 0);
        return out;
    }

    Stage[] stages() {
        return stages;
    }

    float[][] values() {
        return values;
    }

    /**
     * The weight matrices packed for this network's backend ({@code [t]} for weight tensor t, else null), made once
     * by the first predictor and shared by all: the parameters never change, so the packs stay valid.
     */
    synchronized PackedWeights[] packed() {
        if (packed == null) packed = packAll(backend, stages, values);
        return packed;
    }

    /** Every affine stage's W packed with {@code backend}. */
    static PackedWeights[] packAll(Backend backend, Stage[] stages, float[][] values) {
        PackedWeights[] pw = new PackedWeights[values.length];
        for (Stage s : stages) if (s instanceof Stage.Affine a) pw[a.w] = a.pack(backend, values);
        return pw;
    }

    /** The run-time stages of an architecture, with their tensor indices. */
    static Stage[] stagesOf(Architecture a) {
        List<Architecture.Tensor> tensors = a.tensors();
        Stage[] stages = new Stage[a.layers().size()];
        int t = 0;
        for (int i = 0; i < stages.length; i++) {
            LayerSpec l = a.layers().get(i);
            int in = a.inputSizeOf(i);
            boolean bias = switch (l) {
                case LayerSpec.Dense d -> d.bias();
                case LayerSpec.PRelu p -> p.bias();
                case LayerSpec.Swish s -> s.bias();
                case LayerSpec.Maxout m -> m.bias();
                case LayerSpec.Dropout d -> false;
            };
            int w = l instanceof LayerSpec.Dropout ? -1 : t++;
            int b = bias ? t++ : -1;
            stages[i] = switch (l) {
                case LayerSpec.Dense d -> new Stage.Dense(in, d.units(), w, b, d.activation(), d.parameter());
                case LayerSpec.PRelu p -> new Stage.PRelu(in, p.units(), w, b, t++);
                case LayerSpec.Swish s -> new Stage.Swish(in, s.units(), w, b, t++);
                case LayerSpec.Maxout m -> new Stage.Maxout(in, m.units(), m.pieces(), w, b);
                case LayerSpec.Dropout d -> new Stage.Dropout(d.units(), d.rate());
            };
        }
        if (t != tensors.size()) throw new AssertionError("tensor count " + t + " != " + tensors.size());
        return stages;
    }

    /** Initial parameters: weights from {@code init} (null: He for ReLU-like layers, Xavier otherwise), biases 0. */
    public static Parameters initialParameters(Architecture a, Init init, long seed) {
        Parameters p = new Parameters(a);
        Rng rng = new Rng(seed);
        for (int i = 0; i < p.count(); i++) {
            Architecture.Tensor t = p.tensor(i);
            LayerSpec l = a.layers().get(t.layer());
            switch (t.kind()) {
                case WEIGHT -> (init != null ? init : defaultInit(l)).fill(p.values(i), t.shape()[1], t.shape()[0], rng);
                case BIAS -> { }
                case SLOPE -> java.util.Arrays.fill(p.values(i), ((LayerSpec.PRelu) l).initialSlope());
                case BETA -> java.util.Arrays.fill(p.values(i), ((LayerSpec.Swish) l).initialBeta());
            }
        }
        return p;
    }

    private static Init defaultInit(LayerSpec l) {
        return switch (l) {
            case LayerSpec.Dense d -> switch (d.activation()) {
                case IDENTITY, SIGMOID, TANH, HARD_SIGMOID, HARD_TANH, SOFTPLUS -> Init.XAVIER;
                default -> Init.HE;
            };
            default -> Init.HE;
        };
    }

    @Override
    public String toString() {
        return "Network " + architecture + " on " + backend.name();
    }

    /** Builds a network layer by layer, as the notes draw it. */
    public static final class Builder {
        private int input = -1;
        private final List<LayerSpec> layers = new ArrayList<>();
        private Output output = Output.LINEAR;
        private Init init;
        private long seed = 42;
        private Backend backend;

        private Builder() {}

        /** The number of input features (first call). */
        public Builder input(int features) {
            if (!layers.isEmpty()) throw new IllegalStateException("input(...) must come before the layers");
            if (features < 1) throw new IllegalArgumentException("input size = " + features + " must be at least 1");
            this.input = features;
            return this;
        }

        /** A linear dense layer (identity activation): usually the last one, followed by {@link #output}. */
        public Builder dense(int units) {
            return dense(units, Activation.IDENTITY);
        }

        /** A dense layer with an activation (its parameter at the default: LeakyReLU 0.01, ELU 1, Swish β = 1). */
        public Builder dense(int units, Activation activation) {
            return dense(units, activation, Float.NaN);
        }

        /** A dense layer with an activation and its parameter p (γ for LeakyReLU and ELU, β for Swish). */
        public Builder dense(int units, Activation activation, float parameter) {
            return add(new LayerSpec.Dense(units, activation, parameter, true));
        }

        /** A dense layer with PReLU: one learnable slope per unit, initially 0.25 (as PyTorch). */
        public Builder prelu(int units) {
            return add(new LayerSpec.PRelu(units, 0.25f, true));
        }

        /** A dense layer with Swish z·σ(β·z) and a learnable β per unit, initially 1. */
        public Builder swish(int units) {
            return add(new LayerSpec.Swish(units, 1f, true));
        }

        /** A maxout layer of {@code units} units, each the largest of {@code pieces} affine pieces. */
        public Builder maxout(int units, int pieces) {
            return add(new LayerSpec.Maxout(units, pieces, true));
        }

        /** Inverted dropout on the previous layer's outputs (training only). */
        public Builder dropout(double rate) {
            return add(new LayerSpec.Dropout(currentWidth(), (float) rate));
        }

        /** Removes the bias of the layer just added (as {@code nn.Linear(..., bias=False)}). */
        public Builder noBias() {
            if (layers.isEmpty()) throw new IllegalStateException("noBias() follows a layer");
            LayerSpec l = layers.removeLast();
            layers.add(switch (l) {
                case LayerSpec.Dense d -> new LayerSpec.Dense(d.units(), d.activation(), d.parameter(), false);
                case LayerSpec.PRelu p -> new LayerSpec.PRelu(p.units(), p.initialSlope(), false);
                case LayerSpec.Swish s -> new LayerSpec.Swish(s.units(), s.initialBeta(), false);
                case LayerSpec.Maxout m -> new LayerSpec.Maxout(m.units(), m.pieces(), false);
                case LayerSpec.Dropout d -> throw new IllegalStateException("dropout has no bias");
            });
            return this;
        }

        /** The output link (default linear). */
        public Builder output(Output link) {
            this.output = java.util.Objects.requireNonNull(link, "output");
            return this;
        }

        /** The weight initialiser for every layer (default: He for ReLU-like layers, Xavier otherwise). */
        public Builder init(Init init) {
            this.init = init;
            return this;
        }

        /** The seed of the initial weights (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The backend (default {@link Backends#get()}). */
        public Builder backend(Backend backend) {
            this.backend = backend;
            return this;
        }

        private Builder add(LayerSpec l) {
            currentWidth();
            layers.add(l);
            return this;
        }

        private int currentWidth() {
            if (input < 0) throw new IllegalStateException("call input(features) first");
            return layers.isEmpty() ? input : layers.getLast().units();
        }

        public Architecture architecture() {
            if (input < 0) throw new IllegalStateException("call input(features) first");
            return new Architecture(input, layers, output);
        }

        public Network build() {
            return create(architecture(), init, seed, backend);
        }
    }
}
