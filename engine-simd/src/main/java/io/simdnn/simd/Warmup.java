package io.simdnn.simd;

import io.simdnn.spi.Activation;

/**
 * Runs the main kernels on small inputs until C2 has compiled them (Vector API code is many times slower before:
 * a first 256³ GEMM took over 200 ms). Once per JVM, within about a second; each kernel gets a time slice.
 */
final class Warmup {
    private Warmup() {}

    private static volatile boolean done;
    private static final long SLICE_NANOS = 30_000_000;

    static synchronized void once(SimdBackend b) {
        if (done) return;
        done = true;
        float[] a = fill(64 * 784), w = fill(256 * 784), c = new float[64 * 256], bias = fill(256);
        float[] x = fill(4096), y = new float[4096], g = fill(4096), d = new float[4096];
        repeat(() -> b.gemm(false, true, 64, 256, 128, 1f, a, 0, 784, w, 0, 784, 0f, c, 0, 256));
        repeat(() -> b.gemm(false, false, 64, 128, 256, 1f, a, 0, 784, w, 0, 784, 1f, c, 0, 256));
        repeat(() -> b.gemm(true, false, 32, 96, 64, 1f, a, 0, 784, w, 0, 784, 0f, c, 0, 256));
        repeat(() -> b.denseForward(1, 256, 784, a, 0, 784, w, 0, 784, bias, 0, Activation.RELU, 0f, c, 0, 256));
        repeat(() -> b.gemm(false, false, 1, 256, 128, 1f, a, 0, 784, w, 0, 784, 0f, c, 0, 256));
        for (Activation f : new Activation[] {Activation.SIGMOID, Activation.TANH, Activation.RELU, Activation.GELU,
                Activation.GELU_TANH, Activation.SWISH, Activation.SOFTPLUS, Activation.ELU}) {
            repeat(() -> b.activate(f, f.defaultParameter(), 4096, x, 0, y, 0));
            repeat(() -> b.activateBackward(f, f.defaultParameter(), 4096, x, 0, y, 0, g, 0, d, 0));
        }
        repeat(() -> b.softmaxCrossEntropy(64, 64, x, 0, g, 0, 1f, y, 0, d, 0));
    }

    private static void repeat(Runnable kernel) {
        long start = System.nanoTime();
        for (int i = 0; i < 2000 && System.nanoTime() - start < SLICE_NANOS; i++) kernel.run();
    }

    private static float[] fill(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = ((i * 7919) % 201 - 100) / 50f;
        return v;
    }
}
