package io.simdnn.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GEMM throughput: C = op(A)·op(B) with alpha = 1 and beta = 0 (C overwritten, no reset needed), for the simdnn
 * backends and two pure-Java peers ({@link GemmImpls}), on square sizes and on the shapes of a 784-256-128 MLP.
 *
 * <p>The secondary score {@code :gflops} is GFLOP/s = 2mnk / time; the primary score is products per second.
 * Shapes are {@link GemmShape} strings: {@code "1x256x784:NT"} is the batch-1 forward A·Wᵀ with W stored [256, 784]
 * ({@code "1x128x256:NT"} the next layer's), {@code "8x…"} and {@code "16x…"} small batches,
 * {@code "64x256x784:NT"} and {@code "64x128x256:NT"} the batch-64 forward of both layers, {@code "256x784x64:TN"}
 * the weight gradient δᵀ·X and {@code "64x784x256:NN"} the input gradient δ·W of the first layer.
 *
 * <p>Inputs are uniform in [−1, 1) from a fixed seed. Each trial first runs the product once and checks it against
 * float64 sums ({@link Verify#gemm}); a wrong implementation fails the trial instead of being timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch",
        "--sun-misc-unsafe-memory-access=allow"})
public class GemmBenchmark {

    /** One of {@link GemmImpls#NAMES}. */
    @Param({"simd", "simd-mt", "scalar", "ejml", "netlib"})
    public String impl;

    @Param({"16x16x16", "32x32x32", "64x64x64", "128x128x128", "256x256x256", "512x512x512", "1024x1024x1024",
            "1x256x784:NT", "1x128x256:NT", "8x256x784:NT", "16x256x784:NT", "64x256x784:NT", "64x128x256:NT",
            "256x784x64:TN", "64x784x256:NN"})
    public String shape;

    private float[] a;
    private float[] b;
    private float[] c;
    private double gflopPerCall;
    private GemmImpls.Product product;

    /** Counts floating-point work: JMH divides by the iteration time, so it reports GFLOP/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double gflops;

        @Setup(Level.Iteration)
        public void reset() {
            gflops = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        SystemInfo.printOnce();
        GemmShape s = GemmShape.parse(shape);
        a = Verify.uniform(s.aRows() * s.lda(), 1, -1f, 1f);
        b = Verify.uniform(s.bRows() * s.ldb(), 2, -1f, 1f);
        c = new float[s.m() * s.n()];
        java.util.Arrays.fill(c, Float.NaN); // beta = 0 must ignore whatever C held
        gflopPerCall = s.flops() * 1e-9;
        product = GemmImpls.create(impl, s, a, b, c);
        System.err.println("# impl " + impl + ": " + GemmImpls.describe(impl) + ", shape " + s);
        product.run();
        Verify.gemm(impl, s, a, b, c);
    }

    @Benchmark
    public float[] gemm(Flops counter) {
        product.run();
        counter.gflops += gflopPerCall;
        return c;
    }
}
