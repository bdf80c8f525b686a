package io.simdnn.train.elm;

import io.simdnn.model.Architecture;
import io.simdnn.model.LayerSpec;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Parameters;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.train.data.Dataset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A fitted Extreme Learning Machine: y = f(x·Wᵀ + b)·βᵀ. Immutable and thread-safe. The convenience methods
 * here allocate their buffers per call.
 */
public final class ElmModel {
    /**
     * How the model was fitted: training rows, whether the dual (rows×rows) system was solved, whether its Gram
     * matrix had to be formed in double because the backend's float one was not accurate enough, the iterative
     * refinement steps, the wall time and the backend.
     */
    public record FitInfo(int rows, boolean dual, boolean doubleGram, int refinements, long nanos, String backend) {}

    /**
     * Scores on a data set: accuracy (classification; NaN for regression) and the mean over rows of the squared
     * error summed over outputs (against the one-hot rows for classification).
     */
    public record Evaluation(int rows, double accuracy, double meanSquaredError) {
        /** √meanSquaredError. */
        public double rootMeanSquaredError() {
            return Math.sqrt(meanSquaredError);
        }

        @Override
        public String toString() {
            return Double.isNaN(accuracy)
                    ? String.format(Locale.ROOT, "rows %d, mse %.6g, rmse %.6g", rows, meanSquaredError,
                            rootMeanSquaredError())
                    : String.format(Locale.ROOT, "rows %d, accuracy %.4f, mse %.6g", rows, accuracy,
                            meanSquaredError);
        }
    }

    private final int inputs;
    private final int hidden;
    private final int outputs;
    private final Activation activation;
    private final float activationParameter;
    private final float[] inputWeights;
    private final float[] biases;
    private final float[] outputWeights;
    private final int classCount;
    private final List<String> featureNames;
    private final FitInfo fitInfo;
    private final Backend backend;

    ElmModel(int inputs, int hidden, int outputs, Activation activation, float activationParameter,
            float[] inputWeights, float[] biases, float[] outputWeights, int classCount, List<String> featureNames,
            FitInfo fitInfo, Backend backend) {
        this.inputs = inputs;
        this.hidden = hidden;
        this.outputs = outputs;
        this.activation = activation;
        this.activationParameter = activationParameter;
        this.inputWeights = inputWeights;
        this.biases = biases;
        this.outputWeights = outputWeights;
        this.classCount = classCount;
        this.featureNames = List.copyOf(featureNames);
        this.fitInfo = fitInfo;
        this.backend = backend;
    }

    public int inputSize() {
        return inputs;
    }

    public int hiddenUnits() {
        return hidden;
    }

    public int outputSize() {
        return outputs;
    }

    public Activation activation() {
        return activation;
    }

    public float activationParameter() {
        return activationParameter;
    }

    /** Whether the model was fitted to class labels (predictions are then the argmax). */
    public boolean isClassification() {
        return classCount > 0;
    }

    /** Number of classes, 0 for regression. */
    public int classCount() {
        return classCount;
    }

    public List<String> featureNames() {
        return featureNames;
    }

    /** W, hidden×inputs row-major (a copy). */
    public float[] inputWeights() {
        return inputWeights.clone();
    }

    /** b, one per hidden unit (a copy). */
    public float[] hiddenBiases() {
        return biases.clone();
    }

    /** β, outputs×hidden row-major (a copy): row j holds the weights into output j. */
    public float[] outputWeights() {
        return outputWeights.clone();
    }

    public FitInfo fitInfo() {
        return fitInfo;
    }

    /** The backend the model was fitted on, which the convenience methods use. */
    public Backend backend() {
        return backend;
    }

    /** Outputs for one input row (length {@link #inputSize()}). */
    public float[] predict(float[] x) {
        Objects.requireNonNull(x, "x");
        if (x.length != inputs) {
            throw new IllegalArgumentException("input has " + x.length + " values, the model expects " + inputs);
        }
        float[] out = new float[outputs];
        predict(backend, 1, x, 0, out, 0);
        return out;
    }

    /** Outputs (rows×outputSize) for {@code rows} input rows (rows×inputSize, contiguous) on a backend. */
    public void predict(Backend backend, int rows, float[] x, int xOff, float[] out, int outOff) {
        Objects.requireNonNull(backend, "backend");
        float[] h = new float[Math.multiplyExact(rows, hidden)];
        backend.denseForward(rows, hidden, inputs, x, xOff, inputs, inputWeights, 0, inputs, biases, 0, activation,
                activationParameter, h, 0, hidden);
        backend.denseForward(rows, outputs, hidden, h, 0, hidden, outputWeights, 0, hidden, null, 0,
                Activation.IDENTITY, 0f, out, outOff, outputs);
    }

    /** The predicted class of one input row (classification models). */
    public int predictClass(float[] x) {
        requireClassification();
        float[] y = predict(x);
        int best = 0;
        for (int j = 1; j < y.length; j++) {
            if (y[j] > y[best]) best = j;
        }
        return best;
    }

    /** Scores the model on a data set with the same features and targets, on the model's backend. */
    public Evaluation evaluate(Dataset data) {
        return evaluate(backend, data);
    }

    /** Scores the model on a data set with the same features and targets. */
    public Evaluation evaluate(Backend backend, Dataset data) {
        Objects.requireNonNull(data, "data");
        if (data.featureCount() != inputs) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has " + data.featureCount()
                    + " features, the model expects " + inputs);
        }
        if (data.targetCount() != outputs) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has " + data.targetCount()
                    + " targets, the model has " + outputs + " outputs");
        }
        if (data.isClassification() != isClassification()) {
            throw new IllegalArgumentException("data set '" + data.name() + "' is "
                    + (data.isClassification() ? "classification" : "regression") + " but the model was fitted for "
                    + (isClassification() ? "classification" : "regression"));
        }
        int rows = data.rows();
        float[] y = new float[Math.multiplyExact(rows, outputs)];
        predict(backend, rows, data.features(), 0, y, 0);
        float[] t = data.targets();
        double squared = 0;
        for (int i = 0; i < y.length; i++) {
            double d = (double) y[i] - t[i];
            squared += d * d;
        }
        double accuracy = Double.NaN;
        if (isClassification()) {
            int[] predicted = new int[rows];
            backend.argmaxRows(rows, outputs, y, 0, predicted, 0);
            int[] labels = data.labels();
            int correct = 0;
            for (int i = 0; i < rows; i++) {
                if (predicted[i] == labels[i]) correct++;
            }
            accuracy = rows == 0 ? Double.NaN : (double) correct / rows;
        }
        return new Evaluation(rows, accuracy, rows == 0 ? Double.NaN : squared / rows);
    }

    /**
     * The model as a {@link Network}: a dense hidden layer (W, b, the activation) and a linear output layer without
     * bias (β), linear output link. It predicts the same outputs (argmax = class), runs allocation-free through
     * {@link Network#newPredictor()} and saves with {@code ModelFile} like any other network. It computes on
     * {@code on} (null: {@code Backends.get()}).
     */
    public Network toNetwork(Backend on) {
        Architecture architecture = new Architecture(inputs, List.of(
                new LayerSpec.Dense(hidden, activation, activation.hasParameter() ? activationParameter : Float.NaN,
                        true),
                new LayerSpec.Dense(outputs, Activation.IDENTITY, Float.NaN, false)), Output.LINEAR);
        Parameters p = new Parameters(architecture);
        // Tensor order: hidden weight [hidden, inputs], hidden bias [hidden], output weight [outputs, hidden].
        System.arraycopy(inputWeights, 0, p.values(0), 0, inputWeights.length);
        System.arraycopy(biases, 0, p.values(1), 0, biases.length);
        System.arraycopy(outputWeights, 0, p.values(2), 0, outputWeights.length);
        return Network.of(architecture, p, on);
    }

    /** {@link #toNetwork(Backend)} on the model's backend. */
    public Network toNetwork() {
        return toNetwork(backend);
    }

    private void requireClassification() {
        if (!isClassification()) throw new IllegalStateException("a regression model has no classes");
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ELM %d-%d(%s)-%d, %s", inputs, hidden,
                activation.name().toLowerCase(Locale.ROOT), outputs,
                isClassification() ? classCount + " classes" : "regression");
    }
}
