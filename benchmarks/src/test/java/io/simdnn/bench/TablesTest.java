package io.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
