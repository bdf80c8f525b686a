package io.simdnn.simd;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;

/**
 * Runs the main kernels on small inputs until C2 has compiled them (Vector API code is many times slower before:
 * a first 256³ GEMM took over 200 ms). Once per JVM; each kernel gets a time slice and the whole warm-up stops at
 * {@link #BUDGET_NANOS} (C2 keeps compiling in the background). Skipped with -Dsimdnn.simd.warmup=false.
 */
final class Warmup {
    private Warmup() {}

    private static volatile boolean done;
    private static final long SLICE_NANOS = 25_000_000;
    private static final long BUDGET_NANOS = 700_000_000;
    private static final long WAIT_NANOS = 300_000_000;
    private static final long QUIET_NANOS = 40_000_000;
    private static long deadline;

    static synchronized void once(Backend b) {
        if (done) return;
        done = true;
        deadline = System.nanoTime() + BUDGET_NANOS;
        float[] a = fill(64 * 784), w = fill(256 * 784), c = new float[64 * 256], bias = fill(256);
        float[] x = fill(4099), y = new float[4099], g = fill(4099), d = new float[4099];
        // small and odd shapes first, so that the tails and remainders are profiled before C2 compiles the kernels
        // (a path first taken after compilation deoptimises, and runs slowly and allocating until recompiled)
        repeat(200_000_000, 6000, () -> {
            b.denseForward(1, 10, 32, a, 0, 32, w, 0, 32, bias, 0, Activation.IDENTITY, 0f, c, 0, 10);
            b.denseForward(1, 13, 37, a, 0, 37, w, 0, 37, bias, 0, Activation.RELU, 0f, c, 0, 13);
            b.denseForward(3, 13, 37, a, 0, 37, w, 0, 37, null, 0, Activation.TANH, 0f, c, 0, 13);
            b.gemm(false, false, 1, 13, 37, 1f, a, 0, 37, w, 0, 13, 0f, c, 0, 13);
            b.softmax(1, 10, c, 0, c, 0);
            b.softmax(3, 13, c, 0, c, 0);
        });
        repeat(() -> b.gemm(false, true, 24, 64, 96, 1f, a, 0, 784, w, 0, 784, 0f, c, 0, 256));
        repeat(() -> b.gemm(false, false, 24, 64, 96, 1f, a, 0, 784, w, 0, 784, 1f, c, 0, 256));
        repeat(() -> b.gemm(true, false, 24, 64, 96, 1f, a, 0, 24, w, 0, 784, 0f, c, 0, 256));
        repeat(() -> b.gemm(false, true, 64, 256, 128, 1f, a, 0, 784, w, 0, 784, 0f, c, 0, 256));
        repeat(() -> b.denseForward(8, 256, 784, a, 0, 784, w, 0, 784, bias, 0, Activation.RELU, 0f, c, 0, 256));
        repeat(() -> b.denseForward(1, 256, 784, a, 0, 784, w, 0, 784, bias, 0, Activation.RELU, 0f, c, 0, 256));
        repeat(() -> b.gemm(false, false, 1, 256, 128, 1f, a, 0, 784, w, 0, 784, 0f, c, 0, 256));
        for (Activation f : new Activation[] {Activation.SIGMOID, Activation.TANH, Activation.RELU, Activation.GELU,
                Activation.GELU_TANH, Activation.SWISH, Activation.SOFTPLUS, Activation.ELU}) {
            repeat(() -> b.activate(f, f.defaultParameter(), 4099, x, 0, y, 0));
            repeat(() -> b.activateBackward(f, f.defaultParameter(), 4099, x, 0, y, 0, g, 0, d, 0));
        }
        repeat(() -> b.softmaxCrossEntropy(64, 64, x, 0, g, 0, 1f, y, 0, d, 0));
        awaitCompilation();
    }

    /**
     * Waits (within the budget) until the JIT has been idle for {@link #QUIET_NANOS}: C2 compiles in the background,
     * and until it has installed the kernels a call still runs the slow, allocating code.
     */
    private static void awaitCompilation() {
        try {
            var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
            if (jit == null || !jit.isCompilationTimeMonitoringSupported()) return;
            long last = jit.getTotalCompilationTime(), quietSince = System.nanoTime();
            while (System.nanoTime() < deadline + WAIT_NANOS && System.nanoTime() - quietSince < QUIET_NANOS) {
                Thread.sleep(10);
                long now = jit.getTotalCompilationTime();
                if (now != last) {
                    last = now;
                    quietSince = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | LinkageError e) {
            // java.management absent: nothing to wait on
        }
    }

    private static void repeat(Runnable kernel) {
        repeat(SLICE_NANOS, 2000, kernel);
    }

    /**
     * Runs the kernel for a time slice or a number of calls. Small calls need thousands of runs: C2 compiles a
     * method after about 5,000 invocations, and until then (in C1 code) every vector operation allocates.
     */
    private static void repeat(long sliceNanos, int calls, Runnable kernel) {
        long start = System.nanoTime();
        long end = Math.min(start + sliceNanos, deadline);
        for (int i = 0; i < calls && System.nanoTime() < end; i++) kernel.run();
    }

    private static float[] fill(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = ((i * 7919) % 201 - 100) / 50f;
        return v;
    }
}
