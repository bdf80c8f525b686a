package io.simdnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inference allocates nothing in steady state. In a class (and so a JVM, as Surefire forks one per class here) of its
 * own: the Vector API keeps vectors out of the heap only where C2 inlines the whole kernel, and other tests' networks
 * in the same JVM change the profiles C2 compiles from.
 */
class PredictorAllocationTest {

    static List<Backend> backends() {
        return TestBackends.all();
    }

    /** The benchmark's shape (784-256-128-10) scaled down to keep the test fast. */
    static Network mlp(Backend b) {
        return Network.builder().input(196).dense(64, Activation.RELU).dense(32, Activation.RELU).dense(10)
                .output(Output.SOFTMAX).seed(1).backend(b).build();
    }

    /** Bytes the current thread allocated while running {@code r}. */
    private static long allocated(Runnable r) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long before = mx.getThreadAllocatedBytes(id);
        r.run();
        return mx.getThreadAllocatedBytes(id) - before;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void predictAllocatesNothingAfterWarmUp(Backend b) {
        assertSteadyStateAllocatesNothing(mlp(b).newPredictor(64), b.name());
    }

    /**
     * {@code p} (a predictor of {@link #mlp}'s shape, at least 64 rows) allocates nothing for 200 single-sample and 5
     * batch predictions once warm; {@code what} names the case in the report and the failure.
     */
    static void assertSteadyStateAllocatesNothing(Predictor p, String what) {
        float[] x = PredictorTest.gaussian(196 * 100, 2), y = new float[10 * 100];
        Runnable single = () -> {
            for (int i = 0; i < 200; i++) p.predict(x, (i % 100) * 196, y, 0);
        };
        Runnable batch = () -> {
            for (int i = 0; i < 5; i++) p.predict(100, x, 0, y, 0); // 100 rows: two chunks of the 64-row buffers
        };
        // Vector API code boxes its vectors until C2 has compiled it, which takes longer on a busy machine: warm up
        // until a round allocates nothing (a real per-call allocation never gets there and fails below).
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (int i = 0; i < 20 || (allocated(single) + allocated(batch) != 0 && System.nanoTime() < deadline); i++) {
            single.run();
            batch.run();
        }
        // A per-call allocation shows in every round; a JIT transition can add bytes to one round, so the best of
        // three rounds must be exactly zero.
        long one = Long.MAX_VALUE, many = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            one = Math.min(one, allocated(single));
            many = Math.min(many, allocated(batch));
        }
        System.out.printf("allocation %s: batch-1 %d bytes / 200 calls, batch-100 %d bytes / 5 calls%n", what, one,
                many);
        assertEquals(0, one, what + ": bytes allocated by 200 single-sample predictions");
        assertEquals(0, many, what + ": bytes allocated by 5 batch predictions");
    }
}
