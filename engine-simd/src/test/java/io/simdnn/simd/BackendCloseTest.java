package io.simdnn.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Closing the SIMD backend: its helpers end, and it keeps giving the single-thread backend's results (bit for bit,
 * as at any thread count), on the caller's thread, including for a call that was in flight on another thread. The
 * shared default backend ignores close.
 */
class BackendCloseTest {
    /** 64x256 times 256x256: above the packed-GEMM threshold, so it is split over the helpers while they run. */
    static final int M = 64, N = 256, K = 256;
    final float[] a = AllocationTest.fill(M * K), b = AllocationTest.fill(K * N);

    float[] product(Backend backend) {
        float[] c = new float[M * N];
        backend.gemm(false, false, M, N, K, 1f, a, 0, K, b, 0, N, 0f, c, 0, N);
        return c;
    }

    @Test
    void closeWhileAnotherThreadRunsParallelProductsKeepsEveryResult() throws InterruptedException {
        float[] expected = product(SimdBackend.create(1));
        Backend[] backend = new Backend[1];
        Set<Thread> helpers = WorkerPoolCloseTest.helpersStartedBy(() -> backend[0] = SimdBackend.create(3));
        assertEquals(2, helpers.size());
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger callsAfterClose = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread user = new Thread(() -> {
            try {
                while (callsAfterClose.get() < 50) {
                    boolean closed = backend[0].threads() == 1;
                    assertArrayEquals(expected, product(backend[0]), "call " + calls.get());
                    calls.incrementAndGet();
                    if (closed) callsAfterClose.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        user.start();
        while (calls.get() < 50 && user.isAlive()) Thread.onSpinWait();
        backend[0].close();
        assertEquals(1, backend[0].threads());
        WorkerPoolCloseTest.assertEnded(helpers);
        user.join();
        if (failure.get() != null) throw new AssertionError(failure.get());
        assertEquals(50, callsAfterClose.get());
    }

    @Test
    void aClosedBackendRunsEveryKernelOnTheCallerWithTheSameResults() {
        Backend one = SimdBackend.create(1);
        Backend[] backend = new Backend[1];
        Set<Thread> helpers = WorkerPoolCloseTest.helpersStartedBy(() -> backend[0] = SimdBackend.create(2));
        backend[0].close();
        backend[0].close(); // idempotent
        WorkerPoolCloseTest.assertEnded(helpers);
        assertArrayEquals(product(one), product(backend[0]));
        // batch-1 dense layer (the small-m split) and an Adam step above the parallel threshold
        int n = SimdOptimisers.PARALLEL_STEP + 100;
        float[][] x = {AllocationTest.fill(n), AllocationTest.fill(n), new float[n], new float[n]};
        float[][] y = {x[0].clone(), x[1].clone(), new float[n], new float[n]};
        one.adamStep(n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, 1, x[0], 0, x[1], 0, x[2], 0, x[3], 0);
        backend[0].adamStep(n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, 1, y[0], 0, y[1], 0, y[2], 0, y[3], 0);
        for (int i = 0; i < 4; i++) assertArrayEquals(x[i], y[i]);
        float[] w = AllocationTest.fill(256 * 784), in = AllocationTest.fill(784), bias = AllocationTest.fill(256);
        float[] c1 = new float[256], c2 = new float[256];
        one.denseForward(1, 256, 784, in, 0, 784, w, 0, 784, bias, 0, io.simdnn.spi.Activation.RELU, 0f, c1, 0, 256);
        backend[0].denseForward(1, 256, 784, in, 0, 784, w, 0, 784, bias, 0, io.simdnn.spi.Activation.RELU, 0f, c2,
                0, 256);
        assertArrayEquals(c1, c2);
    }

    @Test
    void theSharedDefaultBackendIgnoresClose() {
        Backend shared = Backends.get();
        assumeTrue(shared.name().equals(SimdBackend.NAME) && shared.threads() > 1,
                "needs the multi-threaded simd backend as the default");
        int threads = shared.threads();
        Set<Thread> live = WorkerPoolCloseTest.liveHelpers();
        shared.close();
        assertSame(shared, Backends.get());
        assertEquals(threads, shared.threads());
        assertEquals(live, WorkerPoolCloseTest.liveHelpers(), "no helper ended");
        assertArrayEquals(product(SimdBackend.create(1)), product(shared));
    }
}
