package io.simdnn.bench;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
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
 * Element-wise activations, in elements per second: the {@code activate} kernel of the simd and scalar backends
 * (one thread) against a plain {@link Math#exp} loop ({@link MathExpLoops}) and the textbook formulas on the JDK's
 * vector math ({@link NaiveVectorLoops}), on 4096 floats (cache-resident) and
 * 1,048,576 floats (4 MiB, beyond L2).
 *
 * <p>The SPI has no bare exp kernel, so the {@code exp} row runs ELU (α = 1) on inputs in [−8, 0), where every
 * element is e^x − 1. The other functions take inputs in [−8, 8). Input and output are separate arrays. Each trial
 * first checks the output against the scalar backend.
 *
 * <p>The primary score is calls per second; the secondary {@code :gelem} score is giga-elements per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch",
        "--sun-misc-unsafe-memory-access=allow"})
public class ElementwiseBenchmark {

    @Param({"sigmoid", "tanh", "gelu", "gelu_tanh", "softplus", "exp"})
    public String function;

    @Param({"4096", "1048576"})
    public int n;

    /**
     * "simd" or "scalar" (backends, one thread), "math-exp" (the plain loop) or "vector-naive" (the textbook formulas
     * on the JDK's vector EXP and TANH, without the kernels' error bounds).
     */
    @Param({"simd", "scalar", "math-exp", "vector-naive"})
    public String impl;

    private float[] input;
    private float[] output;
    private Activation activation;
    private Backend backend;

    /** Counts elements: JMH divides by the iteration time, so it reports giga-elements per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Elements {
        public double gelem;

        @Setup(Level.Iteration)
        public void reset() {
            gelem = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        SystemInfo.printOnce();
        boolean exp = function.equals("exp");
        activation = exp ? Activation.ELU : Activation.parse(function);
        input = Verify.uniform(n, 42, -8f, exp ? 0f : 8f);
        output = new float[n];
        boolean loop = impl.equals("math-exp") || impl.equals("vector-naive");
        backend = loop ? null : Backends.get(impl, 1);
        System.err.println("# impl " + impl + ": " + (loop ? impl + " loop" : backend) + ", " + function
                + (exp ? " (ELU on negative inputs)" : ""));

        run();
        float[] reference = new float[n];
        Backends.get("scalar", 1).activate(activation, activation.defaultParameter(), n, input, 0, reference, 0);
        Verify.elementwise(impl + " " + function, input, output, reference);
    }

    private void run() {
        if (backend != null) {
            backend.activate(activation, activation.defaultParameter(), n, input, 0, output, 0);
        } else if (impl.equals("vector-naive")) {
            NaiveVectorLoops.apply(function, n, input, output);
        } else {
            MathExpLoops.apply(function, n, input, output);
        }
    }

    @Benchmark
    public float[] activate(Elements counter) {
        run();
        counter.gelem += n * 1e-9;
        return output;
    }
}
