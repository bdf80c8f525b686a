package io.simdnn.bench;

import io.simdnn.spi.Backends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The machine a result was measured on, printed to standard error once per benchmark JVM (JMH shows a fork's output
 * with its results): CPU model and SIMD flags, cores, JDK build, the SIMD backend's vector width and the backends
 * found.
 */
public final class SystemInfo {
    private static final AtomicBoolean PRINTED = new AtomicBoolean();

    private SystemInfo() {}

    /** Prints {@link #describe()} once per JVM. */
    public static void printOnce() {
        if (PRINTED.compareAndSet(false, true)) System.err.println(describe());
    }

    /** Several lines, each "key: value". */
    public static String describe() {
        List<String> cpuinfo = readCpuinfo();
        String model = field(cpuinfo, "model name");
        String family = field(cpuinfo, "cpu family"), modelNo = field(cpuinfo, "model");
        String mhz = field(cpuinfo, "cpu MHz");
        Set<String> flags = new TreeSet<>(List.of(field(cpuinfo, "flags").split("\\s+")));
        String simdFlags = flags.stream()
                .filter(f -> f.equals("fma") || f.startsWith("avx") || f.equals("sse4_2") || f.equals("asimd")
                        || f.equals("sve"))
                .collect(Collectors.joining(" "));
        return String.join(System.lineSeparator(),
                "# simdnn system info",
                "#   cpu: " + model + " (family " + family + ", model " + modelNo + "), "
                        + Runtime.getRuntime().availableProcessors() + " processors, " + mhz + " MHz per /proc/cpuinfo",
                "#   simd flags: " + (simdFlags.isEmpty() ? "unknown" : simdFlags),
                "#   jdk: " + System.getProperty("java.vm.name") + " " + Runtime.version() + " ("
                        + System.getProperty("java.vm.info") + "), " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch"),
                "#   simd vector width: " + simdWidth(),
                "#   backends: " + Backends.candidates().stream()
                        .map(c -> c.name() + (c.availability().available() ? "" : " (unavailable)"))
                        .collect(Collectors.joining(", ")),
                "#   default threads: " + Backends.defaultThreads());
    }

    private static String simdWidth() {
        try {
            return Backends.get("simd", 1).vectorBitSize() + " bits";
        } catch (RuntimeException e) {
            return "n/a (" + e.getMessage() + ")";
        }
    }

    private static List<String> readCpuinfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The first "key : value" line of /proc/cpuinfo with this key, or "unknown". */
    private static String field(List<String> cpuinfo, String key) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
                return line.substring(colon + 1).trim();
            }
        }
        return "unknown";
    }
}
