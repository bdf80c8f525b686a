package io.simdnn.simd;

/**
 * Every {@code simdnn.simd.*} system property of the SIMD backend, read once when first used: no other class reads
 * one (tests and poms only set them). This class touches no {@code jdk.incubator.vector} type, so the provider may
 * read it on any JVM.
 *
 * <ul>
 *   <li>{@value #BITS}: force the vector width, 128, 256 or 512 (tests, so that one machine runs every code path; a
 *       width the CPU lacks runs slowly). Default: the CPU's preferred width.</li>
 *   <li>{@value #NATIVE_EXP}: {@code true} to use the JDK's native vector exp (SVML), {@code false} for the
 *       polynomial, whose bits are the same in every JIT tier. Default: true on x86-64 (docs/simd-accuracy.md).</li>
 *   <li>{@value #PARALLEL_FLOPS}: the FLOP count (2mnk) from which a GEMM splits over the helper threads, both the
 *       packed and the small-m thresholds (for measuring them). Default: 2²⁰ packed, 2¹⁶ small-m.</li>
 *   <li>{@value #SPIN_MICROS}: how long an idle helper thread keeps spinning after its last part before it parks, in
 *       microseconds. Default: {@value #DEFAULT_SPIN_MICROS} (docs/benchmarks.md, "Batch 1 at the memory floor"): a
 *       helper then burns its core for at most that long after a call, and a call that comes sooner splits at once.
 *       0 parks at once.</li>
 *   <li>{@value #GEMM_KERNEL}: force the GEMM micro-kernel shape, rows × vectors of C accumulators: {@code 6x2},
 *       {@code 8x3}, {@code 12x2} or {@code 14x2} (tests run every shape at every width; benchmarks compare them).
 *       Default: 6x2 (see {@code Gemm.SHAPE}).</li>
 *   <li>{@value #WARMUP}: {@code false} skips warming the kernels when a backend is created (tests that create
 *       many backends).</li>
 * </ul>
 */
final class SimdConfig {
    private SimdConfig() {}

    static final String BITS = "simdnn.simd.bits";
    static final String NATIVE_EXP = "simdnn.simd.nativeExp";
    static final String PARALLEL_FLOPS = "simdnn.simd.parallelFlops";
    static final String WARMUP = "simdnn.simd.warmup";
    static final String SPIN_MICROS = "simdnn.simd.spinMicros";
    static final long DEFAULT_SPIN_MICROS = 2000;
    static final String GEMM_KERNEL = "simdnn.simd.gemmKernel";
    static final java.util.List<String> GEMM_KERNELS = java.util.List.of("6x2", "8x3", "12x2", "14x2");

    /** The forced width in bits, or 0 for the CPU's preferred one. */
    static int forcedBits() {
        String forced = System.getProperty(BITS);
        if (forced == null || forced.isBlank()) return 0;
        int bits;
        try {
            bits = Integer.parseInt(forced.trim());
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (bits != 128 && bits != 256 && bits != 512) {
            throw new IllegalArgumentException("-D" + BITS + "=" + forced + " must be 128, 256 or 512");
        }
        return bits;
    }

    static boolean nativeExp() {
        String arch = System.getProperty("os.arch", "");
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        return Boolean.parseBoolean(System.getProperty(NATIVE_EXP, String.valueOf(x86)));
    }

    /** The packed-GEMM threshold, or {@code fallback} when the property is unset. */
    static long parallelFlops(long fallback) {
        return Long.getLong(PARALLEL_FLOPS, fallback);
    }

    /** The helpers' spin before parking, in nanoseconds. */
    static long spinNanos() {
        String v = System.getProperty(SPIN_MICROS);
        if (v == null || v.isBlank()) return DEFAULT_SPIN_MICROS * 1000;
        long micros;
        try {
            micros = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            micros = -1;
        }
        if (micros < 0 || micros > 1_000_000) {
            throw new IllegalArgumentException("-D" + SPIN_MICROS + "=" + v + " must be a whole number of microseconds"
                    + " in [0, 1000000]");
        }
        return micros * 1000;
    }

    static boolean warmup() {
        return !"false".equalsIgnoreCase(System.getProperty(WARMUP, "true"));
    }

    /** The forced micro-kernel shape, or {@code fallback} when the property is unset. */
    static String gemmKernel(String fallback) {
        String forced = System.getProperty(GEMM_KERNEL);
        if (forced == null || forced.isBlank()) return fallback;
        if (!GEMM_KERNELS.contains(forced.trim())) {
            throw new IllegalArgumentException("-D" + GEMM_KERNEL + "=" + forced + " must be one of " + GEMM_KERNELS);
        }
        return forced.trim();
    }
}
