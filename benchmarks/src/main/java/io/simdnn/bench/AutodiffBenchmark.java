package io.simdnn.bench;

import io.simdnn.autodiff.StaticGraph;
import io.simdnn.autodiff.Tape;
import io.simdnn.autodiff.Var;
import io.simdnn.model.Loss;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Parameters;
import io.simdnn.model.Workspace;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Automatic differentiation against the fixed MLP path, on MlpBenchmark's workload (784-256-128-10, ReLU, softmax
 * cross-entropy, batches of 64 cycled from 16): one training step's forward and reverse pass (no optimiser update)
 * <ul>
 *   <li>{@code workspaceStep}: {@link Workspace} forward, fused loss, backward (the trainer's path);</li>
 *   <li>{@code staticGraphStep}: the same MLP traced once into a {@link StaticGraph} (linear, activation, fused
 *       loss), the batch bound to the leaves, forward and backward;</li>
 *   <li>{@code tapeStep}: a new dynamic {@link Tape} per step: record (computing as it goes), backward, close;</li>
 *   <li>{@code e4Reverse}: the notes' scalar example 1/(exp(−(w·x + b)) + 1) on a static graph, forward and
 *       reverse; {@code e4Tape} the same recorded anew on a tape each time.</li>
 * </ul>
 * {@code -prof gc} gives the bytes per step.
 */
@State(Scope.Thread)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch",
        "--sun-misc-unsafe-memory-access=allow"})
public class AutodiffBenchmark {
    static final int BATCH = 64, BATCHES = 16, IN = 784, OUT = 10;

    @Param({"simd"})
    public String backend;

    /** Threads per kernel: "1" or "all". */
    @Param({"1"})
    public String threads;

    private Backend be;
    private Workspace workspace;
    private Parameters params, grads;
    private StaticGraph graph, e4;
    private Var gx, gt;
    private int batch;
    private final float[] x = new float[BATCHES * BATCH * IN];
    private final float[] t = new float[BATCHES * BATCH * OUT];

    @Setup
    public void setUp() {
        SystemInfo.printOnce();
        int n = threads.equals("all") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(threads);
        be = Backends.get(backend, n);
        Network net = Network.builder().input(IN).dense(256, Activation.RELU).dense(128, Activation.RELU).dense(OUT)
                .output(Output.SOFTMAX).seed(123).backend(be).build();
        System.err.println("# backend " + be + ", MLP 784-256-128-10");
        workspace = new Workspace(net.architecture(), be, BATCH);
        params = net.parameters();
        grads = new Parameters(net.architecture());
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        for (int s = 0; s < BATCHES * BATCH; s++) t[s * OUT + r.nextInt(OUT)] = 1f;

        Tape tape = new Tape(be);
        Var[] leaves = new Var[2];
        Var loss = mlp(tape, 0, leaves);
        gx = leaves[0];
        gt = leaves[1];
        graph = tape.compile(loss);
        Tape small = new Tape(be);
        e4 = small.compile(e4(small));
    }

    /** The MLP's loss on the batch at {@code b}, recorded on {@code tape}; the data leaves into {@code leaves}. */
    private Var mlp(Tape tape, int b, Var[] leaves) {
        int[] widths = {IN, 256, 128, OUT};
        Var h = tape.constant("x", x, b * BATCH * IN, BATCH, IN);
        Var target = tape.constant("y", t, b * BATCH * OUT, BATCH, OUT);
        if (leaves != null) {
            leaves[0] = h;
            leaves[1] = target;
        }
        for (int l = 0; l < 3; l++) {
            Var w = tape.variable("W" + l, params.values(2 * l), 0, widths[l + 1], widths[l]);
            Var bias = tape.variable("b" + l, params.values(2 * l + 1));
            h = h.linear(w, bias);
            if (l < 2) h = h.relu();
        }
        return h.softmaxCrossEntropy(target);
    }

    private static Var e4(Tape tape) {
        Var x = tape.constant("x", 1f), w = tape.variable("w", 0f), b = tape.variable("b", 0f);
        return w.mul(x).add(b).neg().exp().add(1f).rdiv(1f);
    }

    private int nextBatch() {
        batch = (batch + 1) % BATCHES;
        return batch;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double workspaceStep() {
        int b = nextBatch();
        workspace.forward(params, x, b * BATCH * IN, BATCH, false, null);
        double loss = workspace.loss(Loss.SOFTMAX_CROSS_ENTROPY, t, b * BATCH * OUT);
        workspace.backward(grads, false);
        return loss;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public float staticGraphStep() {
        int b = nextBatch();
        graph.bind(gx, x, b * BATCH * IN);
        graph.bind(gt, t, b * BATCH * OUT);
        graph.forward();
        graph.backward();
        return graph.outputItem();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public float tapeStep() {
        try (Tape tape = new Tape(be)) {
            Var loss = mlp(tape, nextBatch(), null);
            tape.backward(loss);
            return loss.item();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public float e4Reverse() {
        e4.forward();
        e4.backward();
        return e4.outputItem();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public float e4Tape() {
        try (Tape tape = new Tape(be)) {
            Var f = e4(tape);
            tape.backward(f);
            return f.item();
        }
    }
}
