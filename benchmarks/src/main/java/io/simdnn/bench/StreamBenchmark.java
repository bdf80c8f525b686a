package io.simdnn.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The floor under batch-1 inference: how fast one core can read a layer's weights at all. A batch-1 dense layer does
 * one FMA per weight it loads, so it cannot run faster than a plain vector sum over the same floats. The sizes are
 * the reference network's layers, 784×256 (784 KiB) and 256×128 (128 KiB), and all of its weights, 784×256 + 256×128
 * + 128×10 (917 KiB, 0.94 MB), the floor under {@code MlpBenchmark.inferBatch1}. Scores: calls per second and
 * {@code :gbytes}, 10⁹ bytes read per second; compare the time per call with {@code GemmBenchmark}'s
 * {@code 1x256x784:NT} and {@code 1x128x256:NT}.
 *
 * <p>With {@code -t 2} each of the two threads reads its own half of the floats: the time per call is then the floor
 * of a call split over both cores. {@code readAfterPause} reads after a 1 ms pause (not timed), the floor under
 * {@code MlpBenchmark.inferBatch1AfterPause}; run both in sample mode ({@code -bm sample -tu us}) to compare
 * percentiles with the inference latencies.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch",
        "--sun-misc-unsafe-memory-access=allow"})
public class StreamBenchmark {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Floats read per call (by all threads together): the 784→256 and 256→128 layers' weights, and all weights. */
    @Param({"200704", "32768", "234752"})
    public int n;

    /** Floats read per call by this thread: its share of n. */
    private int share;

    private float[] weights;

    /** Counts bytes read: JMH divides by the iteration time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public double gbytes;

        @Setup(Level.Iteration)
        public void reset() {
            gbytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp(ThreadParams thread) {
        SystemInfo.printOnce();
        share = n / thread.getThreadCount();
        weights = Verify.uniform(share, 42 + thread.getThreadIndex(), -1f, 1f);
        double want = 0;
        for (float w : weights) want += w;
        double got = sum(weights, share);
        if (Math.abs(got - want) > 1e-3 * share) throw new IllegalStateException("sum " + got + " != " + want);
    }

    /** Four independent vector accumulators: enough loads in flight to be bound by the cache, not the adds. */
    static float sum(float[] w, int n) {
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S),
                s3 = FloatVector.zero(S);
        int step = 4 * S.length(), i = 0;
        for (; i + step <= n; i += step) {
            s0 = s0.add(FloatVector.fromArray(S, w, i));
            s1 = s1.add(FloatVector.fromArray(S, w, i + S.length()));
            s2 = s2.add(FloatVector.fromArray(S, w, i + 2 * S.length()));
            s3 = s3.add(FloatVector.fromArray(S, w, i + 3 * S.length()));
        }
        float s = s0.add(s1).add(s2.add(s3)).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (; i < n; i++) s += w[i];
        return s;
    }

    @Benchmark
    public float read(Bytes counter) {
        counter.gbytes += 4e-9 * share;
        return sum(weights, share);
    }

    /** A pause of 1 ms before each call, outside the timed region: park or spin, as in {@code MlpBenchmark}. */
    @State(Scope.Thread)
    public static class Pause {
        @Param({"park"})
        public String pause;

        @Setup(Level.Invocation)
        public void pause() {
            MlpBenchmark.Pause.idle(pause, 1_000_000);
        }
    }

    @Benchmark
    public float readAfterPause(Pause pause, Bytes counter) {
        counter.gbytes += 4e-9 * share;
        return sum(weights, share);
    }
}
