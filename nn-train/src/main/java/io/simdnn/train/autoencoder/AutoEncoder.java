package io.simdnn.train.autoencoder;

import io.simdnn.model.Architecture;
import io.simdnn.model.LayerSpec;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Parameters;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
import io.simdnn.train.data.Dataset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A trained one-layer auto-encoder: the encoder h = f(x·W₁ᵀ + b₁) maps an input to its code, the decoder
 * r = link(h·W₂ᵀ + b₂) maps the code back (tied weights: W₂ = W₁ᵀ). Immutable and thread-safe; the convenience
 * methods allocate per call (for allocation-free inference use {@link #encoder()} or {@link #toNetwork()} with a
 * {@code Predictor}). Train one with {@link AutoEncoderTrainer}.
 *
 * <p>Uses: {@link #encode(Dataset)} as a feature extractor (a classifier trained on the codes), the per-row
 * {@link #reconstructionErrors(Dataset)} as an anomaly score, a 2-unit code for a 2-D map of the data, and the
 * encoder as the first layer of a deeper network ({@link StackedAutoEncoder}).
 */
public final class AutoEncoder {
    private final int inputs, code;
    private final Activation activation;
    private final float parameter;
    private final Output link;
    private final Weights weights;
    private final double[] lossHistory;
    private final Backend backend;

    AutoEncoder(int inputs, int code, Activation activation, float parameter, Output link, Weights weights,
            double[] lossHistory, Backend backend) {
        this.inputs = inputs;
        this.code = code;
        this.activation = activation;
        this.parameter = parameter;
        this.link = link;
        this.weights = weights.copy();
        this.lossHistory = lossHistory.clone();
        this.backend = backend;
    }

    /**
     * An auto-encoder from a network of two dense layers, input → code (any activation) → input (identity, with
     * bias), as {@link #toNetwork()} writes it and {@code ModelFile} loads it. It is tied when the decoder's weights
     * are exactly the transpose of the encoder's.
     */
    public static AutoEncoder fromNetwork(Network network) {
        Architecture a = network.architecture();
        List<LayerSpec> layers = a.layers();
        if (layers.size() != 2 || !(layers.get(0) instanceof LayerSpec.Dense enc && enc.bias())
                || !(layers.get(1) instanceof LayerSpec.Dense dec && dec.bias())
                || dec.activation() != Activation.IDENTITY || dec.units() != a.inputSize()
                || a.output() == Output.SOFTMAX) {
            throw new IllegalArgumentException("network " + a + " is not an auto-encoder: expected input → dense code"
                    + " layer with bias → dense identity layer with bias back to the input size, linear or sigmoid"
                    + " output");
        }
        int inputs = a.inputSize(), code = enc.units();
        Parameters p = network.parameters();
        float[] w1 = p.values(0), b1 = p.values(1), w2 = p.values(2), b2 = p.values(3);
        boolean tied = Arrays.equals(w2, transpose(w1, code, inputs));
        Weights w = new Weights(w1, b1, tied ? null : w2, b2);
        float param = enc.activation().hasParameter() ? enc.parameter() : Float.NaN;
        return new AutoEncoder(inputs, code, enc.activation(), param, a.output(), w, new double[0],
                network.backend());
    }

    public int inputSize() {
        return inputs;
    }

    /** Width of the code (the hidden layer); smaller than {@link #inputSize()} for an undercomplete one. */
    public int codeSize() {
        return code;
    }

    /** Whether the decoder uses the transpose of the encoder's weights. */
    public boolean isTied() {
        return weights.tied();
    }

    public Activation activation() {
        return activation;
    }

    /** The decoder's output link: linear or sigmoid. */
    public Output reconstructionLink() {
        return link;
    }

    /** The training objective (reconstruction loss + sparsity penalty) at the end of each epoch's batches. */
    public double[] lossHistory() {
        return lossHistory.clone();
    }

    /** W₁, code×inputs (a copy). */
    public float[] encoderWeights() {
        return weights.w1.clone();
    }

    /** W₂, inputs×code (a copy; for tied weights the transpose of W₁). */
    public float[] decoderWeights() {
        return weights.tied() ? transpose(weights.w1, code, inputs) : weights.w2.clone();
    }

    /** Codes (rows×codeSize) of {@code rows} inputs (rows×inputSize at x[xOff]). */
    public void encode(int rows, float[] x, int xOff, float[] out, int outOff) {
        backend.denseForward(rows, code, inputs, x, xOff, inputs, weights.w1, 0, inputs, weights.b1, 0, activation,
                parameter, out, outOff, code);
    }

    /** The code of one input row. */
    public float[] encode(float[] x) {
        requireRow(x);
        float[] out = new float[code];
        encode(1, x, 0, out, 0);
        return out;
    }

    /** The data set with its features replaced by their codes (same rows, labels or targets): features for a model. */
    public Dataset encode(Dataset data) {
        requireFeatures(data);
        float[] codes = new float[Math.multiplyExact(data.rows(), code)];
        if (data.rows() > 0) encode(data.rows(), data.features(), 0, codes, 0);
        return data.withFeatures(codes, code);
    }

    /** Reconstructions (rows×inputSize) of {@code rows} inputs. */
    public void reconstruct(int rows, float[] x, int xOff, float[] out, int outOff) {
        float[] h = new float[Math.multiplyExact(rows, code)];
        encode(rows, x, xOff, h, 0);
        if (weights.tied()) {
            backend.gemm(false, false, rows, inputs, code, 1f, h, 0, code, weights.w1, 0, inputs, 0f, out, outOff,
                    inputs);
            backend.addBias(rows, inputs, weights.b2, 0, out, outOff, inputs);
        } else {
            backend.denseForward(rows, inputs, code, h, 0, code, weights.w2, 0, code, weights.b2, 0,
                    Activation.IDENTITY, Float.NaN, out, outOff, inputs);
        }
        if (link == Output.SIGMOID) {
            for (int i = 0; i < rows; i++) {
                int off = outOff + i * inputs;
                backend.activate(Activation.SIGMOID, Float.NaN, inputs, out, off, out, off);
            }
        }
    }

    /** The reconstruction of one input row. */
    public float[] reconstruct(float[] x) {
        requireRow(x);
        float[] out = new float[inputs];
        reconstruct(1, x, 0, out, 0);
        return out;
    }

    /**
     * Per row, the mean squared reconstruction error (1/inputs)·Σⱼ(rⱼ − xⱼ)²: an anomaly score, large for inputs
     * unlike the training data.
     */
    public double[] reconstructionErrors(Dataset data) {
        requireFeatures(data);
        int rows = data.rows();
        float[] x = data.features();
        float[] r = new float[Math.multiplyExact(rows, inputs)];
        if (rows > 0) reconstruct(rows, x, 0, r, 0);
        double[] errors = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < inputs; j++) {
                double d = (double) r[i * inputs + j] - x[i * inputs + j];
                s += d * d;
            }
            errors[i] = s / inputs;
        }
        return errors;
    }

    /** The mean over rows of {@link #reconstructionErrors}. */
    public double meanReconstructionError(Dataset data) {
        return Arrays.stream(reconstructionErrors(data)).average().orElse(Double.NaN);
    }

    /** The encoder as a network: input → dense code layer, linear output (the code as it is). */
    public Network encoder() {
        Architecture a = new Architecture(inputs, List.of(codeLayer()), Output.LINEAR);
        return network(a, weights.w1, weights.b1);
    }

    /** The decoder as a network: code → dense identity layer → the reconstruction link. */
    public Network decoder() {
        Architecture a = new Architecture(code, List.of(new LayerSpec.Dense(inputs, Activation.IDENTITY, Float.NaN,
                true)), link);
        return network(a, decoderWeights(), weights.b2);
    }

    /**
     * The whole auto-encoder as one network (input → code → reconstruction), the form saved with {@code ModelFile}
     * and read back by {@link #fromNetwork}. Tied weights are written out as the decoder's transposed copy.
     */
    public Network toNetwork() {
        Architecture a = new Architecture(inputs, List.of(codeLayer(), new LayerSpec.Dense(inputs,
                Activation.IDENTITY, Float.NaN, true)), link);
        return network(a, weights.w1, weights.b1, decoderWeights(), weights.b2);
    }

    /** The same auto-encoder computing on another backend. */
    public AutoEncoder withBackend(Backend other) {
        return new AutoEncoder(inputs, code, activation, parameter, link, weights, lossHistory,
                Objects.requireNonNull(other, "backend"));
    }

    LayerSpec.Dense codeLayer() {
        return new LayerSpec.Dense(code, activation, activation.hasParameter() ? parameter : Float.NaN, true);
    }

    Weights weights() {
        return weights.copy();
    }

    private Network network(Architecture a, float[]... tensors) {
        Parameters p = new Parameters(a);
        for (int i = 0; i < tensors.length; i++) System.arraycopy(tensors[i], 0, p.values(i), 0, tensors[i].length);
        return Network.of(a, p, backend);
    }

    static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) t[j * rows + i] = m[i * cols + j];
        }
        return t;
    }

    private void requireRow(float[] x) {
        if (x.length != inputs) {
            throw new IllegalArgumentException("input has " + x.length + " values, the auto-encoder expects " + inputs);
        }
    }

    private void requireFeatures(Dataset data) {
        if (data.featureCount() != inputs) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has " + data.featureCount()
                    + " features, the auto-encoder expects " + inputs);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "auto-encoder %d-%d(%s)-%d %s%s", inputs, code,
                activation.name().toLowerCase(Locale.ROOT), inputs, link.name().toLowerCase(Locale.ROOT),
                isTied() ? ", tied" : "");
    }

    static Backend defaultBackend(Backend b) {
        return b != null ? b : Backends.get();
    }
}
