package io.simdnn.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's FP32 FMA peak as the Vector API reaches it: {@value #ACCUMULATORS} independent vector accumulators
 * {@code c = c·m + a}, more than FMA latency × FMA ports on the CPUs seen (4 cycles × 2 ports needs 8), so the loop
 * is bound by FMA throughput alone. {@code width} is the vector width: {@code preferred} (the JVM's preferred
 * species, 512 bits on AVX-512) or {@code 256}. {@code fma} runs on one thread, {@code fmaAllThreads} on one thread
 * per available processor (JMH adds their counts).
 *
 * <p>Every call does {@value #FLOPS_PER_CALL} floating-point operations (an FMA counts 2) at either width. The
 * secondary score {@code :gflops} is GFLOP/s; in sample mode ({@code -bm sample}) {@code ./bench tables} restates
 * the median call as GFLOP/s (per thread times the thread count), and it states GEMM figures of the same run as a
 * percentage of the best {@code fma} (one thread) and {@code fmaAllThreads} (simd-mt) figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class PeakBenchmark {
    static final int ACCUMULATORS = 12;
    /** Floating-point operations per call at every width (rounds = this / (2 · accumulators · lanes)). */
    static final int FLOPS_PER_CALL = 2 * ACCUMULATORS * 16 * 4096;
    private static final VectorSpecies<Float> PREFERRED = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> S256 = FloatVector.SPECIES_256;

    @Param({"preferred", "256"})
    public String width;

    /** Fields, not constants, so the compiler cannot fold the arithmetic; c converges to a / (1 − m) = 1. */
    public float m = 0.99999f, a = 1e-5f;
    private boolean preferred;
    private int rounds;

    @Setup
    public void setUp() {
        SystemInfo.printOnce();
        preferred = switch (width) {
            case "preferred" -> true;
            case "256" -> false;
            default -> throw new IllegalArgumentException("width " + width + ": preferred or 256");
        };
        int lanes = (preferred ? PREFERRED : S256).length();
        rounds = FLOPS_PER_CALL / (2 * ACCUMULATORS * lanes);
        System.err.println("# FMA peak, " + lanes * 32 + "-bit vectors, " + ACCUMULATORS + " accumulators");
    }

    @Benchmark
    public float fma(GemmBenchmark.Flops counter) {
        counter.gflops += FLOPS_PER_CALL * 1e-9;
        return preferred ? preferred(rounds, m, a) : w256(rounds, m, a);
    }

    @Benchmark
    @Threads(Threads.MAX)
    public float fmaAllThreads(GemmBenchmark.Flops counter) {
        counter.gflops += FLOPS_PER_CALL * 1e-9;
        return preferred ? preferred(rounds, m, a) : w256(rounds, m, a);
    }

    // One method per species: the species must be a constant for the compiler to use vector registers.

    static float preferred(int rounds, float m, float a) {
        FloatVector vm = FloatVector.broadcast(PREFERRED, m), va = FloatVector.broadcast(PREFERRED, a);
        // Different start values: equal accumulators would be merged into one by the compiler.
        FloatVector c0 = start(PREFERRED, 0), c1 = start(PREFERRED, 1), c2 = start(PREFERRED, 2), c3 = start(PREFERRED, 3),
                c4 = start(PREFERRED, 4), c5 = start(PREFERRED, 5), c6 = start(PREFERRED, 6), c7 = start(PREFERRED, 7),
                c8 = start(PREFERRED, 8), c9 = start(PREFERRED, 9), c10 = start(PREFERRED, 10), c11 = start(PREFERRED, 11);
        for (int r = 0; r < rounds; r++) {
            c0 = c0.fma(vm, va); c1 = c1.fma(vm, va); c2 = c2.fma(vm, va); c3 = c3.fma(vm, va);
            c4 = c4.fma(vm, va); c5 = c5.fma(vm, va); c6 = c6.fma(vm, va); c7 = c7.fma(vm, va);
            c8 = c8.fma(vm, va); c9 = c9.fma(vm, va); c10 = c10.fma(vm, va); c11 = c11.fma(vm, va);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    private static FloatVector start(VectorSpecies<Float> s, int k) {
        return FloatVector.broadcast(s, 0.5f + k / 64f);
    }

    static float w256(int rounds, float m, float a) {
        FloatVector vm = FloatVector.broadcast(S256, m), va = FloatVector.broadcast(S256, a);
        // Different start values: equal accumulators would be merged into one by the compiler.
        FloatVector c0 = start(S256, 0), c1 = start(S256, 1), c2 = start(S256, 2), c3 = start(S256, 3),
                c4 = start(S256, 4), c5 = start(S256, 5), c6 = start(S256, 6), c7 = start(S256, 7),
                c8 = start(S256, 8), c9 = start(S256, 9), c10 = start(S256, 10), c11 = start(S256, 11);
        for (int r = 0; r < rounds; r++) {
            c0 = c0.fma(vm, va); c1 = c1.fma(vm, va); c2 = c2.fma(vm, va); c3 = c3.fma(vm, va);
            c4 = c4.fma(vm, va); c5 = c5.fma(vm, va); c6 = c6.fma(vm, va); c7 = c7.fma(vm, va);
            c8 = c8.fma(vm, va); c9 = c9.fma(vm, va); c10 = c10.fma(vm, va); c11 = c11.fma(vm, va);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }
}
