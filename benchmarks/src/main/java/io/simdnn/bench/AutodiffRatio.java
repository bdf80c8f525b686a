package io.simdnn.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * A paired comparison for a busy machine, where load drifts between JMH's consecutive benchmarks more than the
 * difference measured: AutodiffBenchmark's static-graph and Workspace training steps alternate in rounds of 10 steps
 * each (order swapped every round) in one JVM, and the median and quartiles of the per-round time ratio are printed.
 * {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar io.simdnn.bench.AutodiffRatio
 * [rounds] [backend]}.
 */
public final class AutodiffRatio {
    private AutodiffRatio() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        AutodiffBenchmark b = new AutodiffBenchmark();
        b.backend = args.length > 1 ? args[1] : "simd";
        b.threads = "1";
        b.setUp();
        long warmUntil = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            b.workspaceStep();
            b.staticGraphStep();
        }
        double[] ratio = new double[rounds];
        double sink = 0;
        for (int r = 0; r < rounds; r++) {
            long ws = 0, sg = 0;
            for (int pass = 0; pass < 2; pass++) {
                boolean graphFirst = ((r + pass) & 1) == 0;
                long t0 = System.nanoTime();
                for (int i = 0; i < 5; i++) sink += graphFirst ? b.staticGraphStep() : b.workspaceStep();
                long t1 = System.nanoTime();
                for (int i = 0; i < 5; i++) sink += graphFirst ? b.workspaceStep() : b.staticGraphStep();
                long t2 = System.nanoTime();
                if (graphFirst) {
                    sg += t1 - t0;
                    ws += t2 - t1;
                } else {
                    ws += t1 - t0;
                    sg += t2 - t1;
                }
            }
            ratio[r] = (double) sg / ws;
        }
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "static graph / Workspace step time over %d rounds of 10+10 steps: median %.3f,"
                + " quartiles %.3f–%.3f (checksum %.1f)%n", rounds, ratio[rounds / 2], ratio[rounds / 4],
                ratio[3 * rounds / 4], sink);
    }
}
