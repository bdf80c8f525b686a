package io.simdnn.simd;

import io.simdnn.spi.Availability;
import io.simdnn.spi.Backend;
import io.simdnn.spi.BackendProvider;
import java.util.List;
import java.util.Optional;

/**
 * Provides the SIMD backend when the Vector API can run fast here. This class touches no {@code jdk.incubator.vector}
 * type: it loads on any JVM, and the checks decide whether the classes that do may be used.
 *
 * <p>Checks, in order (the first that fails makes the backend unavailable, with the reason and the fix):
 * <ol>
 *   <li>the module {@code jdk.incubator.vector} is readable (the JVM was started with
 *       {@code --add-modules jdk.incubator.vector}) and its classes load;</li>
 *   <li>the C2 compiler is on: without it (interpreter only, or {@code -XX:TieredStopAtLevel} below 4, which
 *       {@code java.vm.info} reports as "emulated-client") Vector API code runs several times slower than scalar
 *       loops;</li>
 *   <li>the preferred vector width is at least 128 bits;</li>
 *   <li>a self-test: a few kernels agree with plain scalar arithmetic.</li>
 * </ol>
 */
public final class SimdProvider implements BackendProvider {
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static volatile Availability availability;

    @Override
    public String name() {
        return SimdBackend.NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Availability availability() {
        Availability a = availability;
        if (a == null) availability = a = check();
        return a;
    }

    @Override
    public Backend create(int threads) {
        if (!availability().available()) {
            throw new IllegalStateException("the simd backend is unavailable: " + availability().reason());
        }
        Backend backend = SimdBackend.create(threads);
        if (SimdConfig.warmup()) Warmup.once(backend);
        return backend;
    }

    private static Availability check() {
        try {
            Optional<Module> module = ModuleLayer.boot().findModule(VECTOR_MODULE);
            boolean readable = module.isPresent();
            if (readable) {
                try {
                    Class.forName("jdk.incubator.vector.FloatVector", false, SimdProvider.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    readable = false;
                }
            }
            if (!readable) {
                return Availability.no(VECTOR_MODULE + " not readable; add --add-modules " + VECTOR_MODULE
                        + " to the java command line");
            }
            String c2 = c2Problem();
            if (c2 != null) return Availability.no(c2);
            Availability tested = SelfTest.run();
            return tested.available() ? Availability.yes(tested.reason() + fmaNote()) : tested;
        } catch (RuntimeException | LinkageError e) {
            return Availability.no("self-test failed: " + e);
        }
    }

    /** Why the C2 compiler is off, or null when it is on. */
    static String c2Problem() {
        String info = System.getProperty("java.vm.info", "");
        if (info.contains("emulated-client")) {
            return "the C2 JIT compiler is off (java.vm.info: " + info + "), so vector code would run slower than "
                    + "scalar code; remove -XX:TieredStopAtLevel=1 (often set by IDE launchers) or set it to 4";
        }
        if (info.contains("interpreted mode")) {
            return "the JIT is off (-Xint); remove -Xint";
        }
        for (String arg : inputArguments()) {
            if (arg.equals("-Xint")) return "the JIT is off (-Xint); remove -Xint";
            if (arg.startsWith("-XX:TieredStopAtLevel=")) {
                String level = arg.substring("-XX:TieredStopAtLevel=".length());
                if (!level.equals("4")) {
                    return "the C2 JIT compiler is off (" + arg + "); remove it or set -XX:TieredStopAtLevel=4";
                }
            }
            if (arg.equals("-XX:-UseCompiler")) return "the JIT is off (" + arg + "); remove it";
        }
        return null;
    }

    /** ", FMA on" / ", FMA off" from the HotSpot flag UseFMA (without it vector FMA is emulated), or "". */
    private static String fmaNote() {
        try {
            var hotspot = java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return hotspot == null ? "" : ", FMA " + (hotspot.getVMOption("UseFMA").getValue().equals("true")
                    ? "on" : "off");
        } catch (RuntimeException | LinkageError e) {
            return "";
        }
    }

    private static List<String> inputArguments() {
        try {
            return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        } catch (RuntimeException | LinkageError e) {
            return List.of(); // java.management absent: java.vm.info is the only evidence
        }
    }
}
