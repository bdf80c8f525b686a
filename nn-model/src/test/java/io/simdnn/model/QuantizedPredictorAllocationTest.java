package io.simdnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.spi.QuantizedMatrix.Format;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Quantised inference allocates nothing in steady state (a class of its own, as {@link PredictorAllocationTest}). */
class QuantizedPredictorAllocationTest {

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Backend b : TestBackends.all()) {
            for (Format f : Format.values()) cases.add(Arguments.of(b, f));
        }
        return cases;
    }

    private static long allocated(Runnable r) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long before = mx.getThreadAllocatedBytes(id);
        r.run();
        return mx.getThreadAllocatedBytes(id) - before;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void quantizedPredictAllocatesNothingAfterWarmUp(Backend b, Format format) {
        Network net = Network.builder().input(196).dense(64, Activation.RELU).dense(32, Activation.RELU).dense(10)
                .output(Output.SOFTMAX).seed(1).backend(b).build();
        Predictor p = QuantizedNetwork.of(net, format).newPredictor(64);
        float[] x = PredictorTest.gaussian(196 * 100, 2), y = new float[10 * 100];
        Runnable single = () -> {
            for (int i = 0; i < 200; i++) p.predict(x, (i % 100) * 196, y, 0);
        };
        Runnable batch = () -> {
            for (int i = 0; i < 5; i++) p.predict(100, x, 0, y, 0);
        };
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (int i = 0; i < 20 || (allocated(single) + allocated(batch) != 0 && System.nanoTime() < deadline); i++) {
            single.run();
            batch.run();
        }
        long one = Long.MAX_VALUE, many = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            one = Math.min(one, allocated(single));
            many = Math.min(many, allocated(batch));
        }
        System.out.printf("allocation %s %s: batch-1 %d bytes / 200 calls, batch-100 %d bytes / 5 calls%n", b.name(),
                format, one, many);
        assertEquals(0, one, "bytes allocated by 200 single-sample quantised predictions");
        assertEquals(0, many, "bytes allocated by 5 quantised batch predictions");
    }
}
