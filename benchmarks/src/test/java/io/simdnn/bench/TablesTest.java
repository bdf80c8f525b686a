package io.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TablesTest {

    @Test
    void oneTablePerMetricWithImplementationColumnsAndSimdRatios() {
        List<String> csv = List.of(
                "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: impl\",\"Param: n\",\"Param: shape\"",
                "\"io.simdnn.bench.GemmBenchmark.gemm\",\"thrpt\",1,5,1000.0,5.0,\"ops/s\",simd,,16x16x16",
                "\"io.simdnn.bench.GemmBenchmark.gemm:gflops\",\"thrpt\",1,5,81.9,1.25,\"ops/s\",simd,,16x16x16",
                "\"io.simdnn.bench.GemmBenchmark.gemm:gflops\",\"thrpt\",1,5,2.05,NaN,\"ops/s\",scalar,,16x16x16",
                "\"io.simdnn.bench.GemmBenchmark.gemm:gflops\",\"thrpt\",1,5,0.5,0.01,\"ops/s\",scalar,,1x256x784:NT",
                "\"io.simdnn.bench.GemmBenchmark.gemm:gflops\",\"thrpt\",1,5,163.8,NaN,\"ops/s\",simd-mt,,16x16x16");
        assertEquals("""
                #### GemmBenchmark.gemm:gflops (GFLOP/s)

                | shape | simd | scalar | simd-mt | simd / scalar | simd-mt / simd |
                |---|---:|---:|---:|---:|---:|
                | 16x16x16 | 81.9 ± 1.25 | 2.05 | 164 | 40.0× | 2.0× |
                | 1x256x784:NT |  | 0.500 ± 0.010 |  |  |  |

                """, Tables.markdown(csv));
    }

    @Test
    void parametersOfOtherBenchmarksInTheFileAreLeftOut() {
        List<String> csv = List.of(
                "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: impl\",\"Param: n\",\"Param: shape\"",
                "\"io.simdnn.bench.ElementwiseBenchmark.activate:gelem\",\"thrpt\",1,5,3.0,NaN,\"ops/s\",simd,4096,",
                "\"io.simdnn.bench.ElementwiseBenchmark.activate:gelem\",\"thrpt\",1,5,0.15,NaN,\"ops/s\",math-exp,4096,");
        assertEquals("""
                #### ElementwiseBenchmark.activate:gelem (G elements/s)

                | n | simd | math-exp | simd / math-exp |
                |---|---:|---:|---:|
                | 4096 | 3.00 | 0.150 | 20.0× |

                """, Tables.markdown(csv));
    }

    @Test
    void medianCallTimesAreRestatedAsRates() {
        List<String> csv = List.of(
                "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: impl\",\"Param: shape\"",
                "\"io.simdnn.bench.GemmBenchmark.gemm:p0.50\",\"sample\",1,1,100.0,NaN,\"us/op\",ejml,100x100x100");
        assertEquals("""
                #### GemmBenchmark.gemm:p0.50 (us/op)

                | shape | ejml |
                |---|---:|
                | 100x100x100 | 100 |

                #### GemmBenchmark.gemm median call as GFLOP/s (GFLOP/s)

                | shape | ejml |
                |---|---:|
                | 100x100x100 | 20.0 |

                """, Tables.markdown(csv));
    }

    @Test
    void rejectsAFileThatIsNotJmhCsv() {
        assertThrows(IllegalArgumentException.class, () -> Tables.markdown(List.of("a,b,c")));
        assertThrows(IllegalArgumentException.class, () -> Tables.markdown(List.of()));
    }

    @Test
    void quotedFieldsMayHoldCommasAndQuotes() {
        assertEquals(List.of("a,b", "c\"d", "", "1.5"), Tables.fields("\"a,b\",\"c\"\"d\",,1.5"));
    }

    // GEMM figures as a percentage of the FMA peak of the same run: one thread against fma, simd-mt against all.

    private static final String HEADER = "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\","
            + "\"Score Error (99.9%)\",\"Unit\",\"Param: impl\",\"Param: shape\",\"Param: width\"";

    private static String row(String bench, int threads, double score, String impl, String shape, String width) {
        return "\"io.simdnn.bench." + bench + "\",\"thrpt\"," + threads + ",3," + score + ",1.0,\"ops/s\",\"" + impl
                + "\",\"" + shape + "\",\"" + width + "\"";
    }

    /** A median call in µs, as a sample-mode run writes it. */
    private static String median(String bench, int threads, double micros, String impl, String shape, String width) {
        return "\"io.simdnn.bench." + bench + ":p0.50\",\"sample\"," + threads + ",1," + micros + ",NaN,\"us/op\",\""
                + impl + "\",\"" + shape + "\",\"" + width + "\"";
    }

    @Test
    void medianCallsAreComparedWithTheMedianCallPeak() {
        double peakCall = PeakBenchmark.FLOPS_PER_CALL * 1e-9 / 100 * 1e6; // 100 GFLOP/s per thread, in µs
        double gemmCall = 2.0 * 512 * 512 * 512 * 1e-9 / 80 * 1e6; // 80 GFLOP/s
        String md = Tables.markdown(List.of(HEADER,
                median("GemmBenchmark.gemm", 1, gemmCall, "simd", "512x512x512", ""),
                median("GemmBenchmark.gemm", 1, gemmCall, "simd-mt", "512x512x512", ""),
                median("PeakBenchmark.fma", 1, peakCall, "", "", "preferred"),
                median("PeakBenchmark.fmaAllThreads", 2, peakCall, "", "", "preferred")));
        assertTrue(md.contains("#### PeakBenchmark.fmaAllThreads median call as GFLOP/s (GFLOP/s)\n\n| width |  |\n"
                + "|---|---:|\n| preferred | 200 |"), md);
        assertTrue(md.contains("#### GemmBenchmark.gemm median call as % of the median-call FMA peak of this run"), md);
        assertTrue(md.contains("| 512x512x512 | 80.0 | 40.0 |"), md);
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
