package io.simdnn.simd;

import io.simdnn.spi.Backend;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.spi.Activation;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * After warm-up (C2 has compiled the kernels, the per-thread buffers exist) the hot kernels allocate nothing: vectors
 * stay in registers and buffers are reused. Measured with the JVM's per-thread allocation counter. The build runs it
 * at the CPU's width and again at each forced width (executions allocation-128, -256, -512 of the pom, the last with
 * the polynomial exp), since C2's inlining decisions, and so boxing, depend on the code the width selects.
 */
class AllocationTest {
    static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * Bytes allocated by this thread over 200 runs once the kernel has reached its steady state. C2 compiles in the
     * background and can lag on a busy machine, so the kernel is warmed in rounds until a measurement is clean, at
     * most 40 rounds (a loaded machine has been seen to need more than 12): a kernel whose compiled code allocates
     * (boxed vectors) never gets there.
     */
    static long steadyStateBytes(Runnable kernel) {
        long bytes = Long.MAX_VALUE;
        for (int round = 0; round < 40 && bytes > BOUND; round++) {
            for (int i = 0; i < 2000; i++) kernel.run();
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200; i++) kernel.run();
            bytes = THREADS.getCurrentThreadAllocatedBytes() - before;
        }
        return bytes;
    }

    /** A tiny bound rather than 0: a stray deoptimisation or a compile-queue hiccup may allocate once. */
    static final long BOUND = 4096;

    static float[] fill(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = ((i * 31) % 17 - 8) / 4f;
        return v;
    }

    @Test
    void gemmAndElementwiseKernelsAllocateNothingInSteadyState() {
        Backend b = SimdBackend.create(2);
        float[] a = fill(64 * 256), w = fill(256 * 784), c = new float[64 * 256], bias = fill(256);
        float[] x = fill(784);
        float[] z = fill(4096), y = new float[4096], g = fill(4096), d = new float[4096];
        StringBuilder report = new StringBuilder();
        check(report, "gemm m=1", () -> b.gemm(false, true, 1, 256, 784, 1f, x, 0, 784, w, 0, 784, 0f, c, 0, 256));
        check(report, "gemm m=16 (dot tiles)", () -> b.gemm(false, true, 16, 256, 784, 1f, a, 0, 784, w, 0, 784, 0f,
                c, 0, 256));
        check(report, "gemm 64x256x128", () -> b.gemm(false, false, 64, 128, 256, 1f, a, 0, 256, w, 0, 128, 0f, c,
                0, 128));
        check(report, "denseForward m=1", () -> b.denseForward(1, 256, 784, x, 0, 784, w, 0, 784, bias, 0,
                Activation.RELU, 0f, c, 0, 256));
        float[] a784 = fill(64 * 784), d784 = new float[64 * 784];
        io.simdnn.spi.PackedWeights packed = b.pack(256, 784, w, 0, 784);
        check(report, "denseForward 64x256x784 packed", () -> b.denseForward(64, 256, 784, a784, 0, 784, packed,
                bias, 0, Activation.RELU, 0f, c, 0, 256));
        check(report, "gemm 64x784x256 packed (delta W)", () -> b.gemm(false, false, 64, 784, 256, 1f, a, 0, 256,
                packed, 0f, d784, 0, 784));
        check(report, "repack 256x784", packed::repack);
        for (Activation f : Activation.values()) {
            // 4093: whole vectors and the staged last partial vector at every width
            check(report, f + " forward", () -> b.activate(f, 1f, 4093, z, 0, y, 0));
            check(report, f + " backward", () -> b.activateBackward(f, 1f, 4093, z, 0, y, 0, g, 0, d, 0));
        }
        check(report, "softmax", () -> b.softmax(64, 64, z, 0, y, 0));
        check(report, "logSoftmax", () -> b.logSoftmax(64, 64, z, 0, y, 0));
        check(report, "softmaxBackward", () -> b.softmaxBackward(64, 64, z, 0, g, 0, d, 0));
        // 61 columns: whole vectors and a scalar tail at every width
        check(report, "softmaxCrossEntropy", () -> b.softmaxCrossEntropy(64, 61, z, 0, g, 0, 1f, y, 0, d, 0));
        check(report, "sigmoidCrossEntropy", () -> b.sigmoidCrossEntropy(4093, z, 0, g, 0, 1f, y, 0, d, 0));
        check(report, "squaredError", () -> b.squaredError(4093, z, 0, g, 0, 1f, d, 0));
        check(report, "absoluteError", () -> b.absoluteError(4093, z, 0, g, 0, 1f, d, 0));
        check(report, "hinge", () -> b.hinge(4093, z, 0, g, 0, 1f, d, 0));
        check(report, "prelu", () -> b.prelu(16, 256, z, 0, bias, 0, y, 0));
        check(report, "prelu backward", () -> b.preluBackward(16, 256, z, 0, bias, 0, g, 0, d, 0, y, 0));
        check(report, "swish learnable forward", () -> b.swish(16, 256, z, 0, bias, 0, y, 0));
        check(report, "swish learnable", () -> b.swishBackward(16, 256, z, 0, bias, 0, g, 0, d, 0, y, 0));
        check(report, "adam", () -> b.adamStep(4096, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, 2, y, 0, g, 0, d, 0, z, 0));
        assertTrue(report.isEmpty(), "allocating kernels: " + report);
    }

    /** Batch 1 (row groups, split over two threads), a small batch (row-major blocks) and batch 64 (panels). */
    @Test
    void quantizedDenseAllocatesNothingInSteadyState() {
        Backend b = SimdBackend.create(2);
        float[] a = fill(64 * 784), w = fill(256 * 784), c = new float[64 * 256], bias = fill(256);
        StringBuilder report = new StringBuilder();
        for (io.simdnn.spi.QuantizedMatrix.Format format : io.simdnn.spi.QuantizedMatrix.Format.values()) {
            var q = io.simdnn.spi.QuantizedMatrix.quantize(format, 256, 784, w, 0, 784);
            for (int m : new int[] {1, 8, 64}) {
                check(report, format + " denseForward m=" + m, () -> b.denseForward(m, 256, 784, a, 0, 784, q, bias,
                        0, Activation.RELU, 0f, c, 0, 256));
            }
        }
        assertTrue(report.isEmpty(), "allocating kernels: " + report);
    }

    private static void check(StringBuilder report, String name, Runnable kernel) {
        long bytes = steadyStateBytes(kernel);
        if (bytes > BOUND) report.append(name).append(": ").append(bytes).append(" bytes/200 calls; ");
    }
}
