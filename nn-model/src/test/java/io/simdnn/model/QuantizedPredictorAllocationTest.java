package io.simdnn.model;

import io.simdnn.spi.Backend;
import io.simdnn.spi.QuantizedMatrix.Format;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Quantised inference allocates nothing in steady state: the measurement of {@link PredictorAllocationTest}, in a
 * class (and so a JVM) of its own for the same reason.
 */
class QuantizedPredictorAllocationTest {

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Backend b : TestBackends.all()) {
            for (Format f : Format.values()) cases.add(Arguments.of(b, f));
        }
        return cases;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void quantizedPredictAllocatesNothingAfterWarmUp(Backend b, Format format) {
        Predictor p = QuantizedNetwork.of(PredictorAllocationTest.mlp(b), format).newPredictor(64);
        PredictorAllocationTest.assertSteadyStateAllocatesNothing(p, b.name() + " " + format + " (quantised)");
    }
}
