package io.simdnn.bench;

import io.simdnn.model.Architecture;
import io.simdnn.model.Loss;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Parameters;
import io.simdnn.model.Predictor;
import io.simdnn.model.QuantizedNetwork;
import io.simdnn.spi.QuantizedMatrix;
import io.simdnn.model.Workspace;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backends;
import io.simdnn.train.Optimizer;
import io.simdnn.train.Optimizers;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The workload users compare, through the library's own API: an MLP 784-256-128-10 (ReLU hidden layers, softmax
 * output, cross-entropy), float32.
 * <ul>
 *   <li>{@code inferBatch1}: one sample through {@link Predictor#predict(float[], int, float[], int)}, as latency
 *       samples (p50, p99 in µs; {@code -prof gc} shows the bytes per call);</li>
 *   <li>{@code inferBatch1AfterPause}: the same after a 1 ms pause (not timed) before each call, as requests arrive
 *       in a service: the calling core has idled by then ({@link Pause} has variants that isolate what is cold);</li>
 *   <li>{@code inferBatch64}: 64 samples per call (samples/s = 64 × ops/s);</li>
 *   <li>{@code trainSgd}, {@code trainAdam}: one training step on 64 samples exactly as the trainer runs it
 *       ({@link Workspace} forward, fused loss, backward, then {@link Optimizer#step} on every tensor); samples/s =
 *       64 × ops/s.</li>
 * </ul>
 * Inputs are uniform in [0, 1) with random one-hot targets, 16 batches cycled in order; weights He-initialised from a
 * fixed seed. Training steps keep updating the same parameters: at these learning rates and random targets they stay
 * finite and normal-sized over a run.
 *
 * <p>Quantised weights: {@code -p weights=bf16,int8} (default {@code f32}) runs the inference benchmarks on a
 * {@link QuantizedNetwork} of the same network (dense weights BF16 or INT8, everything else float32).
 *
 * <p>Peer: {@code -p backend=onnxruntime} (or {@code onnxruntime-plain}, see {@link OrtPeer}) runs the inference
 * benchmarks through ONNX Runtime on the same network, exported with {@link io.simdnn.model.onnx.OnnxModel}, with
 * {@code threads} intra-op threads; the set-up fails unless its outputs agree with the simd backend's to float
 * rounding. It has no training benchmarks (the set-up of {@code train*} refuses it).
 */
@State(Scope.Thread)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch",
        "--sun-misc-unsafe-memory-access=allow"})
public class MlpBenchmark {
    static final int BATCH = 64, BATCHES = 16, IN = 784, OUT = 10;

    /** A simdnn backend, or the peer "onnxruntime" / "onnxruntime-plain" (inference only). */
    @Param({"simd", "scalar"})
    public String backend;

    /** Threads per kernel: "1" or "all". */
    @Param({"1", "all"})
    public String threads;

    /** The dense weights the inference benchmarks read: "f32", or quantised "bf16" / "int8" (inference only). */
    @Param({"f32"})
    public String weights;

    private Predictor predictor;
    /** The ONNX Runtime peer, or null when {@code backend} is a simdnn backend. */
    private OrtPeer peer;
    private Workspace workspace;
    private Parameters params, grads;
    private float[][] state1, state2;
    private Optimizer sgd, adam;
    private int step, batch;
    private final float[] x = new float[BATCHES * BATCH * IN];
    private final float[] t = new float[BATCHES * BATCH * OUT];
    private final float[] y = new float[BATCH * OUT];

    @Setup
    public void setUp(BenchmarkParams run) {
        SystemInfo.printOnce();
        int n = threads.equals("all") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(threads);
        OrtPeer.Mode peerMode = switch (backend) {
            case "onnxruntime" -> OrtPeer.Mode.REUSED;
            case "onnxruntime-plain" -> OrtPeer.Mode.PLAIN;
            default -> null;
        };
        if (peerMode != null && !run.getBenchmark().contains(".infer")) {
            throw new IllegalArgumentException("backend " + backend + " runs inference only: "
                    + run.getBenchmark() + " needs a simdnn backend");
        }
        var be = Backends.get(peerMode == null ? backend : "simd", n);
        Network net = Network.builder().input(IN).dense(256, Activation.RELU).dense(128, Activation.RELU).dense(OUT)
                .output(Output.SOFTMAX).seed(123).backend(be).build();
        System.err.println("# backend " + be + ", MLP 784-256-128-10, " + weights + " weights");
        predictor = net.newPredictor(BATCH);
        if (!weights.equals("f32")) {
            if (!run.getBenchmark().contains(".infer") || peerMode != null) {
                throw new IllegalArgumentException("weights " + weights + " are for simdnn's inference benchmarks");
            }
            predictor = QuantizedNetwork.of(net, QuantizedMatrix.Format.valueOf(weights.toUpperCase(
                    java.util.Locale.ROOT))).newPredictor(BATCH);
        }
        Architecture arch = net.architecture();
        workspace = new Workspace(arch, be, BATCH);
        params = net.parameters();
        grads = new Parameters(arch);
        state1 = new float[params.count()][];
        state2 = new float[params.count()][];
        for (int i = 0; i < params.count(); i++) {
            state1[i] = new float[params.values(i).length];
            state2[i] = new float[params.values(i).length];
        }
        sgd = Optimizers.sgd(0.01);
        adam = Optimizers.adam(1e-3);
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        for (int s = 0; s < BATCHES * BATCH; s++) t[s * OUT + r.nextInt(OUT)] = 1f;
        if (peerMode != null) {
            peer = new OrtPeer(net, n, peerMode, BATCH);
            System.err.println("# peer ONNX Runtime (" + peerMode + "), intra-op threads " + n
                    + ", max |difference| from simd " + OrtPeer.agreement(predictor, peer, x, BATCH, IN, OUT));
        }
    }

    @TearDown
    public void tearDown() {
        if (peer != null) peer.close();
    }

    private int nextBatch() {
        batch = (batch + 1) % BATCHES;
        return batch;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public float[] inferBatch1() {
        if (peer != null) peer.predict(1, x, nextBatch() * BATCH * IN, y, 0);
        else predictor.predict(x, nextBatch() * BATCH * IN, y, 0);
        return y;
    }

    /**
     * A pause of 1 ms before each call, outside the timed region: a service's requests arrive apart. By then the
     * calling core has idled and other processes may have run on it; the engine's helper threads are still spinning
     * (for 2 ms after a call; {@code -Dsimdnn.simd.spinMicros=200} makes them park before the next call). The variants isolate what is cold after it
     * ({@code -p pause=…}): {@code park} parks the calling thread (the service case); {@code spin} busy-waits instead,
     * so the core never idles; {@code parkTouch} parks, then reads every weight once (not timed), so the caches and
     * the TLB are warm again but the core has only just woken.
     */
    @State(Scope.Thread)
    public static class Pause {
        @Param({"park"})
        public String pause;

        @Setup(Level.Invocation)
        public void pause(MlpBenchmark bench) {
            idle(pause, 1_000_000);
            if (pause.equals("parkTouch")) bench.touchWeights();
        }

        /** Parks ("park", "parkTouch") or busy-waits ("spin") for the given time. */
        static void idle(String mode, long nanos) {
            switch (mode) {
                case "park", "parkTouch" -> LockSupport.parkNanos(nanos);
                case "spin" -> {
                    long start = System.nanoTime();
                    while (System.nanoTime() - start < nanos) Thread.onSpinWait();
                }
                default -> throw new IllegalArgumentException("pause = " + mode + ": park, spin or parkTouch");
            }
        }
    }

    /** The predictor's own weight arrays ({@link Network#parameters()} returns a copy), for {@link #touchWeights}. */
    private Parameters served;
    /** A sink for {@link #touchWeights}, so that the reads are not optimised away. */
    private float touched;

    private void touchWeights() {
        if (served == null) {
            try {
                var field = Network.class.getDeclaredField("parameters");
                field.setAccessible(true);
                served = (Parameters) field.get(predictor.network());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot reach the network's parameters", e);
            }
        }
        float s = 0;
        for (int i = 0; i < served.count(); i++) {
            float[] w = served.values(i);
            for (int j = 0; j < w.length; j += 16) s += w[j]; // one read per 64-byte line
        }
        touched += s;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public float[] inferBatch1AfterPause(Pause pause) {
        if (peer != null) peer.predict(1, x, nextBatch() * BATCH * IN, y, 0);
        else predictor.predict(x, nextBatch() * BATCH * IN, y, 0);
        return y;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public float[] inferBatch64() {
        if (peer != null) peer.predict(BATCH, x, nextBatch() * BATCH * IN, y, 0);
        else predictor.predict(BATCH, x, nextBatch() * BATCH * IN, y, 0);
        return y;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public double trainSgd() {
        return trainStep(sgd);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public double trainAdam() {
        return trainStep(adam);
    }

    private double trainStep(Optimizer o) {
        int b = nextBatch();
        workspace.forward(params, x, b * BATCH * IN, BATCH, false, null);
        double loss = workspace.loss(Loss.SOFTMAX_CROSS_ENTROPY, t, b * BATCH * OUT);
        workspace.backward(grads, false);
        step++;
        float lr = (float) o.learningRate();
        for (int i = 0; i < params.count(); i++) {
            float[] w = params.values(i);
            o.step(workspace.backend(), w.length, lr, w, grads.values(i), state1[i], state2[i], step, false);
        }
        return loss;
    }
}
