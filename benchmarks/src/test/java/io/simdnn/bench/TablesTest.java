package io.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** GEMM figures as a percentage of the FMA peak of the same run: one thread against fma, simd-mt against all threads. */
class TablesTest {
    private static final String HEADER = "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\","
            + "\"Score Error (99.9%)\",\"Unit\",\"Param: impl\",\"Param: shape\",\"Param: width\"";

    private static String row(String bench, int threads, double score, String impl, String shape, String width) {
        return "\"io.simdnn.bench." + bench + "\",\"thrpt\"," + threads + ",3," + score + ",1.0,\"ops/s\",\"" + impl
                + "\",\"" + shape + "\",\"" + width + "\"";
    }

    @Test
    void gemmFiguresAreStatedAsPercentagesOfTheMeasuredPeak() {
        String md = Tables.markdown(List.of(HEADER,
                row("GemmBenchmark.gemm:gflops", 1, 80, "simd", "512x512x512", ""),
                row("GemmBenchmark.gemm:gflops", 1, 120, "simd-mt", "512x512x512", ""),
                row("PeakBenchmark.fma:gflops", 1, 100, "", "", "preferred"),
                row("PeakBenchmark.fma:gflops", 1, 90, "", "", "256"),
                row("PeakBenchmark.fmaAllThreads:gflops", 2, 200, "", "", "preferred")));
        assertTrue(md.contains("#### GemmBenchmark.gemm as % of the FMA peak measured in this run (% of peak)"), md);
        assertTrue(md.contains("| 512x512x512 | 80.0 | 60.0 |"), md);
    }

    @Test
    void withoutAPeakThereIsNoPercentage() {
        String md = Tables.markdown(List.of(HEADER, row("GemmBenchmark.gemm:gflops", 1, 80, "simd", "512x512x512", "")));
        assertFalse(md.contains("% of peak"), md);
    }
}
