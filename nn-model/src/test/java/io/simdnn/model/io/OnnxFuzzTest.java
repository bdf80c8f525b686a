package io.simdnn.model.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.simdnn.model.Network;
import io.simdnn.model.onnx.OnnxModel;

/**
 * The fuzz target of the ONNX reader, run as {@link ModelFileFuzzTest}'s are: over the inputs committed in
 * {@code src/test/resources/io/simdnn/model/io/OnnxFuzzTestInputs/onnx/} (small exported models) in the normal build,
 * and coverage-guided with {@code JAZZER_FUZZ=1} (the {@code fuzz-onnx} execution). A finding is what it is for the
 * other loaders: any exception but {@link ModelFormatException}, a hang, an allocation beyond the file's size, or a
 * model that loads but fails or predicts a non-finite value.
 */
class OnnxFuzzTest {

    static {
        // Class loading and backend start-up happen here, outside the time and allocation measured per input.
        ModelFileFuzzTest.checkPredicts(Network.builder().input(2).dense(2).build());
    }

    @FuzzTest
    void onnx(byte[] input) {
        Network network = LoaderFuzzing.load(input, ModelFormatException.class, f -> OnnxModel.load(f, null).network());
        if (network != null) ModelFileFuzzTest.checkPredictsWithin(input.length, network);
    }
}
