package io.simdnn.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A static graph's forward pass, reverse mode and forward mode allocate nothing in steady state. In a class (and so
 * a JVM, as Surefire forks one per class here) of its own: the Vector API keeps vectors out of the heap only where
 * C2 inlines the whole kernel, and other tests in the same JVM change the profiles C2 compiles from.
 */
class StaticGraphAllocationTest {

    static List<Backend> backends() {
        return TestBackends.all();
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
    void trainingStepAndForwardModeAllocateNothingAfterWarmUp(Backend be) {
        int[] widths = {196, 64, 32, 10};
        int rows = 32;
        SplittableRandom r = new SplittableRandom(3);
        float[] xs = OpsTest.fill(r, 4 * rows * widths[0], -1, 1), ts = GraphMlp.oneHot(r, 4 * rows, 10);
        Tape t = new Tape(be);
        GraphMlp mlp = new GraphMlp(t, widths, Activation.RELU, GraphMlp.init(widths, 1), xs, ts, rows);
        StaticGraph g = t.compile(mlp.loss);
        // The E4 scalar graph too: tiny ops, where any per-call object would show.
        Tape t2 = new Tape(be);
        Var w = t2.variable("w", 0f), b = t2.variable("b", 0f);
        StaticGraph e4 = t2.compile(w.mul(t2.constant("x", 1f)).add(b).neg().exp().add(1f).rdiv(1f));
        g.tangent(mlp.w[0])[0] = 1f;
        int[] batch = {0};
        Runnable steps = () -> {
            for (int i = 0; i < 10; i++) {
                int k = batch[0]++ & 3;
                g.bind(mlp.x, xs, k * rows * widths[0]);
                g.bind(mlp.target, ts, k * rows * 10);
                g.forward();
                g.backward();
                g.jvp();
                e4.forward();
                e4.backward();
                e4.jvp();
            }
        };
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (int i = 0; i < 20 || (allocated(steps) != 0 && System.nanoTime() < deadline); i++) steps.run();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) best = Math.min(best, allocated(steps));
        System.out.printf("static graph allocation %s: %d bytes over 10 steps (forward, reverse, forward mode)%n",
                be.name(), best);
        assertEquals(0, best, "bytes allocated by 10 static-graph steps");
    }
}
