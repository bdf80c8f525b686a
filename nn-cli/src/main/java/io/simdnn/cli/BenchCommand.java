package io.simdnn.cli;

import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Predictor;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simdnn bench}: a quick, honest comparison of the backends on this machine. Each measurement warms up first,
 * then times several runs and reports the median; the JMH suite gives the careful numbers.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"A quick backend comparison: GEMM GFLOP/s at a few sizes and MLP batch-1 latency, as medians"
                + " of repeated runs after a warm-up.",
                "For careful numbers (forks, confidence intervals) run the JMH suite: ./bench (docs/benchmarks.md)."},
        footerHeading = "%nExamples:%n",
        footer = {"  simdnn bench",
                "  simdnn bench --plot bench.png                GFLOP/s bar chart per backend",
                "  simdnn bench --backend simd --threads 1 --sizes 128,1024"})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--backend", split = ",", paramLabel = "NAME",
            description = "Backends to compare, comma-separated (default: every available one).")
    List<String> backendNames;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads per kernel for multi-threaded backends (default: available processors).")
    Integer threads;

    @Option(names = "--sizes", split = ",", paramLabel = "N", defaultValue = "64,256,512",
            description = "Square GEMM sizes n (n×n · n×n), comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--dense", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also time the dense-layer shape (64×784)·(256×784)ᵀ: a batch of 64 MNIST-sized inputs"
                    + " through 256 units (default: on; --no-dense skips it).")
    boolean dense;

    @Option(names = "--mlp", split = ",", paramLabel = "N", defaultValue = "64,128,10",
            description = "Layer sizes of the MLP whose batch-1 latency is timed (ReLU hidden layers, softmax"
                    + " output) (default: ${DEFAULT-VALUE}, the digits network of 'simdnn train').")
    List<Integer> mlp;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "5",
            description = "Timed runs per measurement; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--max-warmup", paramLabel = "SECONDS", defaultValue = "5",
            description = "The longest warm-up of one measurement, in case the timings never settle (default:"
                    + " ${DEFAULT-VALUE}).")
    double maxWarmup;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write a GFLOP/s bar chart per backend.")
    Path plot;

    /** One GEMM problem: C (m×n) = A (m×k) · op(B), B stored n×k when transposed (a dense layer's weights). */
    record Shape(String label, int m, int n, int k, boolean transB) {
        double flops() {
            return 2.0 * m * n * k;
        }
    }

    /** Median and range of the time per call, in nanoseconds. */
    record Timing(double medianNanos, double minNanos, double maxNanos) {}

    @Override
    public Integer call() throws IOException {
        OutputPaths.checkImage("--plot", plot);
        if (repeats < 1) throw new UsageException("--repeats " + repeats + " must be at least 1");
        if (!(maxWarmup >= 0 && maxWarmup <= 600)) {
            throw new UsageException("--max-warmup " + maxWarmup + " must be between 0 and 600 seconds");
        }
        for (int n : sizes) if (n < 1) throw new UsageException("--sizes: " + n + " is not a positive size");
        PrintWriter out = spec.commandLine().getOut();
        List<Backend> backends = backends();
        List<Shape> shapes = new ArrayList<>();
        for (int n : sizes) shapes.add(new Shape(n + "×" + n + "·" + n + "×" + n, n, n, n, false));
        if (dense) shapes.add(new Shape("64×784·(256×784)ᵀ", 64, 256, 784, true));

        out.println("Quick GEMM comparison (float32), median of " + repeats + " timed run" + (repeats == 1 ? "" : "s")
                + " after warm-up; GFLOP/s = 2·m·n·k / time.");
        out.println("JDK " + System.getProperty("java.runtime.version") + ", " + MachineInfo.detect().cpuModel());
        out.println();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-22s", "shape"));
        for (Backend b : backends) header.append(String.format(Locale.ROOT, "%24s", b.name() + " GFLOP/s"));
        if (backends.size() > 1) header.append(String.format(Locale.ROOT, "%12s", "speed-up"));
        out.println(header);
        out.flush();

        Map<String, double[]> gflops = new LinkedHashMap<>();
        for (Backend b : backends) gflops.put(label(b), new double[shapes.size()]);
        for (int s = 0; s < shapes.size(); s++) {
            Shape shape = shapes.get(s);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-22s", shape.label()));
            double first = 0, last = 0;
            for (int i = 0; i < backends.size(); i++) {
                Backend b = backends.get(i);
                Timing t = timeGemm(b, shape, repeats);
                double g = shape.flops() / t.medianNanos();
                gflops.get(label(b))[s] = g;
                row.append(String.format(Locale.ROOT, "%24s", String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", g,
                        shape.flops() / t.minNanos(), shape.flops() / t.maxNanos())));
                if (i == 0) first = g;
                last = g;
            }
            if (backends.size() > 1) row.append(String.format(Locale.ROOT, "%11.1f×", first / last));
            out.println(row);
            out.flush();
        }
        out.println();
        mlpLatency(out, backends);
        out.println();
        out.println("Backends: " + String.join(", ", gflops.keySet()) + (backends.size() > 1
                ? "; speed-up = first / last column." : ".") + " In brackets: the fastest–slowest of the timed runs.");
        if (plot != null) {
            Charts.gflopsBars(plot, "GEMM throughput per backend (float32, median of " + repeats + ")",
                    shapes.stream().map(Shape::label).toList(), gflops);
            out.println("Chart written to " + plot);
        }
        out.println("These are quick figures from one process. For careful numbers run the JMH suite: ./bench"
                + " (see docs/benchmarks.md).");
        out.flush();
        return 0;
    }

    /** Latency of one sample through the MLP, per backend: the inference path of a served model. */
    private void mlpLatency(PrintWriter out, List<Backend> backends) {
        if (mlp.size() < 2) throw new UsageException("--mlp needs at least an input and an output size");
        for (int s : mlp) if (s < 1) throw new UsageException("--mlp: " + s + " is not a positive layer size");
        Network.Builder shape = Network.builder().input(mlp.getFirst());
        for (int h : mlp.subList(1, mlp.size() - 1)) shape.dense(h, Activation.RELU);
        shape.dense(mlp.getLast()).output(Output.SOFTMAX).seed(42);
        out.println("MLP " + shape.architecture() + ", one sample at a time (batch 1), median latency:");
        float[] x = randomArray(new SplittableRandom(7), mlp.getFirst());
        float[] y = new float[mlp.getLast()];
        double first = 0, last = 0;
        for (int i = 0; i < backends.size(); i++) {
            Backend b = backends.get(i);
            Predictor predictor = shape.backend(b).build().newPredictor(1);
            Timing t = time(() -> predictor.predict(x, 0, y, 0), repeats, warmupNanos());
            out.printf(Locale.ROOT, "  %-30s %10.2f µs  (%.2f–%.2f)%n", label(b), t.medianNanos() / 1e3,
                    t.minNanos() / 1e3, t.maxNanos() / 1e3);
            if (i == 0) first = t.medianNanos();
            last = t.medianNanos();
        }
        if (backends.size() > 1) out.printf(Locale.ROOT, "  speed-up %.1f×%n", last / first);
        out.flush();
    }

    private static String label(Backend b) {
        return b.name() + " (" + b.vectorBitSize() + "-bit, " + b.threads() + (b.threads() == 1 ? " thread)"
                : " threads)");
    }

    private List<Backend> backends() {
        int t = threads != null ? threads : Backends.defaultThreads();
        if (t < 1) throw new UsageException("--threads " + t + " must be at least 1");
        List<Backend> list = new ArrayList<>();
        if (backendNames == null || backendNames.isEmpty()) {
            for (Backends.Candidate c : Backends.candidates()) {
                if (c.availability().available()) list.add(Backends.get(c.name(), t));
            }
        } else {
            for (String name : backendNames) {
                try {
                    list.add(Backends.get(name, t));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--backend: " + e.getMessage(), e);
                }
            }
        }
        if (list.isEmpty()) throw new UserException("no backend available to benchmark");
        return list;
    }

    private long warmupNanos() {
        return (long) (maxWarmup * 1e9);
    }

    private Timing timeGemm(Backend b, Shape s, int repeats) {
        SplittableRandom random = new SplittableRandom(42);
        float[] a = randomArray(random, s.m() * s.k());
        float[] w = randomArray(random, s.k() * s.n());
        float[] c = new float[s.m() * s.n()];
        int ldb = s.transB() ? s.k() : s.n();
        return time(() -> b.gemm(false, s.transB(), s.m(), s.n(), s.k(), 1f, a, 0, s.k(), w, 0, ldb, 0f, c, 0, s.n()),
                repeats, warmupNanos());
    }

    /**
     * Warms up until the JIT has settled, then takes {@code repeats} samples and returns their median. The warm-up
     * runs rounds of about 100 ms for at least a second and until three rounds in a row agree within 10 % (at most
     * {@code maxWarmupNanos} in all): Vector API code is only fast once C2 has compiled it, on a busy machine that
     * can take a while, and until then it runs steadily but a hundred times slower, so agreement alone is not
     * enough. Each sample times enough calls to last about 50 ms, so the clock's resolution does not matter.
     */
    static Timing time(Runnable call, int repeats, long maxWarmupNanos) {
        long start = System.nanoTime();
        double previous = Double.POSITIVE_INFINITY;
        int agreeing = 0;
        int calls = 1;
        double perCall;
        while (true) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) call.run();
            long elapsed = System.nanoTime() - t0;
            perCall = (double) elapsed / calls;
            // Rounds shorter than 100 ms grow, until the warm-up time is spent (a call the JIT reduces to nothing
            // never fills a round).
            if (elapsed < 100_000_000L && System.nanoTime() - start <= maxWarmupNanos) {
                calls = (int) Math.min(10_000_000, Math.max(calls * 2L, (long) (100_000_000 / Math.max(perCall, 1))));
                continue;
            }
            agreeing = Math.abs(perCall - previous) <= 0.1 * previous ? agreeing + 1 : 0;
            previous = perCall;
            long warm = System.nanoTime() - start;
            if (agreeing >= 2 && warm >= Math.min(1_000_000_000L, maxWarmupNanos) || warm > maxWarmupNanos) break;
        }
        int reps = (int) Math.max(1, Math.min(10_000_000, Math.ceil(50_000_000 / perCall)));
        double[] samples = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) call.run();
            samples[r] = (double) (System.nanoTime() - t0) / reps;
        }
        Arrays.sort(samples);
        double median = repeats % 2 == 1 ? samples[repeats / 2]
                : (samples[repeats / 2 - 1] + samples[repeats / 2]) / 2;
        return new Timing(median, samples[0], samples[repeats - 1]);
    }

    private static float[] randomArray(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (random.nextDouble() * 2 - 1);
        return x;
    }
}
