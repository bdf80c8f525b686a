package io.simdnn.model.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.simdnn.model.Architecture;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Predictor;
import io.simdnn.spi.Activation;
import java.util.List;

/**
 * Fuzz targets of the model-file loaders, run by Jazzer: in the normal build over the inputs committed in
 * {@code src/test/resources/io/simdnn/model/io/ModelFileFuzzTestInputs/<target>/} (seeds and every past finding), and
 * with {@code JAZZER_FUZZ=1} as coverage-guided fuzzing (commands in docs/model-format.md). A finding is any
 * exception but {@link ModelFormatException}, a hang, an allocation beyond the file's size, or a model that loads but
 * fails or returns a non-finite value at predict time.
 */
class ModelFileFuzzTest {

    /** The architectures a bare state dict is loaded with; the first byte of the input picks one. */
    static final List<Architecture> ARCHITECTURES = List.of(
            Architecture.parse("4-8-3", Activation.RELU, Output.SOFTMAX),
            Architecture.parse("3-2", Activation.RELU, Output.SIGMOID),
            Network.builder().input(3).prelu(4).swish(2).dense(2).output(Output.LINEAR).architecture(),
            Network.builder().input(2).dropout(0.5).maxout(2, 3).dense(1, Activation.TANH).output(Output.SOFTMAX)
                    .architecture(),
            Network.builder().input(2).dense(3, Activation.ELU).noBias().dense(2).output(Output.SOFTMAX)
                    .architecture());

    static {
        // Class loading and backend start-up happen here, outside the time and allocation measured per input.
        Network warm = Network.builder().input(2).dense(2).output(Output.SOFTMAX).build();
        checkPredicts(warm);
    }

    /**
     * A model file with its architecture in the metadata: the safetensors container, the JSON, the tensors; a file of
     * quantised weights predicts through its quantised kernels too.
     */
    @FuzzTest
    void modelFile(byte[] input) {
        SavedModel saved = LoaderFuzzing.load(input, ModelFormatException.class, f -> ModelFile.loadWithSchema(f, null));
        if (saved == null) return;
        checkPredictsWithin(input.length, saved.network());
        if (saved.quantized() != null) {
            LoaderFuzzing.measured(input.length, () -> {
                checkPredicts(saved.network(), saved.quantized().newPredictor(4));
                return saved;
            });
        }
    }

    /** A bare state dict (no metadata needed) loaded with an architecture: byte 0 picks it, the rest is the file. */
    @FuzzTest
    void stateDict(byte[] input) {
        if (input.length == 0) return;
        Architecture architecture = ARCHITECTURES.get((input[0] & 0xff) % ARCHITECTURES.size());
        byte[] file = java.util.Arrays.copyOfRange(input, 1, input.length);
        Network network = LoaderFuzzing.load(file, ModelFormatException.class, f -> ModelFile.load(f, architecture));
        if (network != null) checkPredictsWithin(file.length, network);
    }

    /** {@link #checkPredicts}, measured as a load is: within 1 s and the allocation budget of the file. */
    static void checkPredictsWithin(long fileBytes, Network network) {
        LoaderFuzzing.measured(fileBytes, () -> {
            checkPredicts(network);
            return network;
        });
    }

    /**
     * A loaded model predicts finite outputs for inputs in [-1, 1]: zeros, ones, minus ones and an alternating row,
     * as one batch and row by row.
     */
    static void checkPredicts(Network network) {
        checkPredicts(network, network.newPredictor(4));
    }

    static void checkPredicts(Network network, Predictor predictor) {
        int in = network.inputSize(), out = network.outputSize();
        float[] x = new float[4 * in];
        for (int j = 0; j < in; j++) {
            x[in + j] = 1;
            x[2 * in + j] = -1;
            x[3 * in + j] = j % 2 == 0 ? 1 : -1;
        }
        float[] batch = new float[4 * out];
        predictor.predict(4, x, 0, batch, 0);
        float[] row = new float[out];
        for (int r = 0; r < 4; r++) {
            predictor.predict(x, r * in, row, 0);
            for (int k = 0; k < out; k++) {
                if (!Float.isFinite(batch[r * out + k]) || !Float.isFinite(row[k])) {
                    throw new AssertionError(network.architecture() + " loaded but predicts " + batch[r * out + k]
                            + " (batch) / " + row[k] + " (row) at output " + k + " of input row " + r);
                }
            }
        }
    }
}
