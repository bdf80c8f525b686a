package io.simdnn.bench;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
import java.util.SplittableRandom;
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
 * The reference 784-256-128-10 MLP (ReLU hidden layers, softmax output, cross-entropy loss) written directly against
 * the backend SPI: the kernel sequence a model runs, without the model layer's bookkeeping. An SPI-level workload,
 * not a measurement of the model API.
 *
 * <ul>
 *   <li>{@code inferBatch1}: one sample through the network (three fused dense layers and a softmax), as latency
 *       samples (Mode.SampleTime: JMH prints p50, p99 and more, in µs);</li>
 *   <li>{@code inferBatch64}: 64 samples per call; {@code :samples} is samples per second;</li>
 *   <li>{@code trainSgd}, {@code trainAdam}: one training step on a batch of 64 (forward, softmax-cross-entropy,
 *       backward through every layer, then one optimiser step over all parameters held in one flat array);
 *       {@code :samples} is samples per second.</li>
 * </ul>
 * Parameters are He-uniform from a fixed seed and restored before each iteration, so every iteration trains from the
 * same point (weights cannot drift into huge or subnormal values over a long run). Inputs are uniform in [0, 1) with
 * random labels, 16 batches cycled in order. Each trial first checks a forward pass and a gradient against the scalar
 * backend.
 */
@State(Scope.Thread)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch",
        "--sun-misc-unsafe-memory-access=allow"})
public class MlpKernelsBenchmark {
    static final int[] SIZES = {784, 256, 128, 10};
    static final int BATCH = 64;
    static final int BATCHES = 16;
    static final float SGD_LR = 0.01f;
    static final float ADAM_LR = 1e-3f;

    /** A backend name: "simd" or "scalar". */
    @Param({"simd", "scalar"})
    public String backend;

    /** Threads per kernel: "1" or "all" (every available processor). The scalar backend always uses one. */
    @Param({"1", "all"})
    public String threads;

    private Backend be;
    private final Mlp net = new Mlp();
    private float[] initialParams;
    private int batch;
    private int adamStep;

    /** Counts samples: JMH divides by the iteration time, so it reports samples per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Samples {
        public long samples;

        @Setup(Level.Iteration)
        public void reset() {
            samples = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        SystemInfo.printOnce();
        int t = threads.equals("all") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(threads);
        be = Backends.get(backend, t);
        System.err.println("# backend " + be + ", MLP " + java.util.Arrays.toString(SIZES) + ", batch " + BATCH);
        net.init(123);
        initialParams = net.params.clone();
        checkAgainstScalar();
    }

    @Setup(Level.Iteration)
    public void restoreParameters() {
        System.arraycopy(initialParams, 0, net.params, 0, initialParams.length);
        java.util.Arrays.fill(net.adamM, 0f);
        java.util.Arrays.fill(net.adamV, 0f);
        adamStep = 0;
        batch = 0;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public float[] inferBatch1() {
        net.infer(be, 1, nextBatch());
        return net.probs;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public float[] inferBatch64(Samples counter) {
        net.infer(be, BATCH, nextBatch());
        counter.samples += BATCH;
        return net.probs;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public double trainSgd(Samples counter) {
        double loss = net.forwardBackward(be, BATCH, nextBatch());
        be.axpy(net.params.length, -SGD_LR, net.grads, 0, net.params, 0);
        counter.samples += BATCH;
        return loss;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public double trainAdam(Samples counter) {
        double loss = net.forwardBackward(be, BATCH, nextBatch());
        be.adamStep(net.params.length, ADAM_LR, 0.9f, 0.999f, 1e-8f, 0f, ++adamStep, net.params, 0, net.grads, 0,
                net.adamM, 0, net.adamV, 0);
        counter.samples += BATCH;
        return loss;
    }

    private int nextBatch() {
        int b = batch;
        batch = (b + 1) % BATCHES;
        return b;
    }

    /** The forward probabilities and the gradient of this backend must match the scalar reference's. */
    private void checkAgainstScalar() {
        Backend scalar = Backends.get("scalar", 1);
        Mlp ref = new Mlp();
        ref.init(123);
        for (int m : new int[] {1, BATCH}) {
            net.infer(be, m, 3);
            ref.infer(scalar, m, 3);
            close("probabilities (batch " + m + ")", net.probs, ref.probs, 0, m * SIZES[3]);
        }
        double loss = net.forwardBackward(be, BATCH, 5), refLoss = ref.forwardBackward(scalar, BATCH, 5);
        if (!(Math.abs(loss - refLoss) <= 1e-4 * Math.abs(refLoss))) {
            throw new IllegalStateException(be + ": loss " + loss + ", scalar reference " + refLoss);
        }
        for (int l = 0; l < net.layers; l++) {
            close("layer " + l + " weight gradient", net.grads, ref.grads, net.wOff[l], net.bOff[l] - net.wOff[l]);
            close("layer " + l + " bias gradient", net.grads, ref.grads, net.bOff[l], SIZES[l + 1]);
        }
    }

    /** got and want agree on [off, off + n) within 1e-3 of the largest reference value there. */
    private void close(String what, float[] got, float[] want, int off, int n) {
        float scale = 0;
        for (int i = off; i < off + n; i++) scale = Math.max(scale, Math.abs(want[i]));
        for (int i = off; i < off + n; i++) {
            if (!(Math.abs(got[i] - want[i]) <= 1e-3f * scale)) {
                throw new IllegalStateException(be + ": " + what + " element " + (i - off) + " = " + got[i]
                        + ", scalar reference " + want[i] + " (largest " + scale + ")");
            }
        }
    }

    /**
     * The network's arrays, allocated once. Parameters (and their gradients) are one flat array, layer after layer:
     * W (stored [out, in], as {@code nn.Linear}) then the bias.
     */
    static final class Mlp {
        final int layers = SIZES.length - 1;
        final int[] wOff = new int[layers];
        final int[] bOff = new int[layers];
        final float[] params;
        final float[] grads;
        final float[] adamM;
        final float[] adamV;
        /** Activations: acts[0] is the input batch pool, acts[l] the output of layer l (logits for the last). */
        final float[][] acts = new float[layers + 1][];
        /** Gradient with respect to each layer's output. */
        final float[][] deltas = new float[layers + 1][];
        final float[] targets;
        final float[] probs;

        Mlp() {
            int off = 0;
            for (int l = 0; l < layers; l++) {
                wOff[l] = off;
                off += SIZES[l + 1] * SIZES[l];
                bOff[l] = off;
                off += SIZES[l + 1];
            }
            params = new float[off];
            grads = new float[off];
            adamM = new float[off];
            adamV = new float[off];
            acts[0] = new float[BATCHES * BATCH * SIZES[0]];
            for (int l = 1; l <= layers; l++) {
                acts[l] = new float[BATCH * SIZES[l]];
                deltas[l] = new float[BATCH * SIZES[l]];
            }
            targets = new float[BATCHES * BATCH * SIZES[layers]];
            probs = new float[BATCH * SIZES[layers]];
        }

        void init(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            java.util.Arrays.fill(params, 0f);
            for (int l = 0; l < layers; l++) {
                double limit = Math.sqrt(6.0 / SIZES[l]); // He-uniform for ReLU
                for (int i = 0; i < SIZES[l + 1] * SIZES[l]; i++) {
                    params[wOff[l] + i] = (float) ((2 * r.nextDouble() - 1) * limit);
                }
            }
            float[] x = acts[0];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
            int classes = SIZES[layers];
            for (int s = 0; s < BATCHES * BATCH; s++) targets[s * classes + r.nextInt(classes)] = 1f;
        }

        /** Logits of m samples of batch {@code b} of the pool into acts[layers]. */
        private void forward(Backend be, int m, int b) {
            for (int l = 0; l < layers; l++) {
                int in = SIZES[l], out = SIZES[l + 1];
                float[] x = acts[l];
                int xOff = l == 0 ? b * BATCH * in : 0;
                Activation f = l == layers - 1 ? Activation.IDENTITY : Activation.RELU;
                be.denseForward(m, out, in, x, xOff, in, params, wOff[l], in, params, bOff[l], f, Float.NaN,
                        acts[l + 1], 0, out);
            }
        }

        void infer(Backend be, int m, int b) {
            forward(be, m, b);
            be.softmax(m, SIZES[layers], acts[layers], 0, probs, 0);
        }

        /** Forward, mean softmax-cross-entropy, and every parameter's gradient into {@link #grads}. */
        double forwardBackward(Backend be, int m, int b) {
            forward(be, m, b);
            int classes = SIZES[layers];
            double loss = be.softmaxCrossEntropy(m, classes, acts[layers], 0, targets, b * BATCH * classes,
                    1f / m, null, 0, deltas[layers], 0) / m;
            for (int l = layers - 1; l >= 0; l--) {
                int in = SIZES[l], out = SIZES[l + 1];
                float[] x = acts[l];
                int xOff = l == 0 ? b * BATCH * in : 0;
                float[] dz = deltas[l + 1];
                // dW = dZᵀ·X (W is [out, in]); db = column sums of dZ.
                be.gemm(true, false, out, in, m, 1f, dz, 0, out, x, xOff, in, 0f, grads, wOff[l], in);
                be.columnSums(m, out, dz, 0, out, 0f, grads, bOff[l]);
                if (l == 0) break; // no gradient for the input
                // dX = dZ·W, then through the ReLU that produced X. ReLU's output is positive exactly where its
                // input was, so the output stands in for z: f'(z) = 1 for z > 0, else 0.
                be.gemm(false, false, m, in, out, 1f, dz, 0, out, params, wOff[l], in, 0f, deltas[l], 0, in);
                be.activateBackward(Activation.RELU, Float.NaN, m * in, x, 0, x, 0, deltas[l], 0, deltas[l], 0);
            }
            return loss;
        }
    }
}
