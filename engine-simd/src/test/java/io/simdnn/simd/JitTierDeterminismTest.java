package io.simdnn.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A kernel returns the same bits before and after C2 compiles it. The JDK's native vector math (SVML) differs from
 * its per-lane Java fallback in the last bit, so a kernel built on it would change its answers while it warms up;
 * this compares the interpreter (a child JVM with {@code -Xint}) with warmed-up compiled code.
 */
class JitTierDeterminismTest {
    @Test
    void interpretedAndCompiledKernelsGiveTheSameBits() throws IOException, InterruptedException {
        SimdBackend b = new SimdBackend(1);
        for (int i = 0; i < 3000; i++) InterpretedOutputs.checksums(b);
        String compiled = InterpretedOutputs.checksums(b);

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "--add-modules", "jdk.incubator.vector", "-Xint",
                "-cp", System.getProperty("java.class.path"), InterpretedOutputs.class.getName()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String interpreted = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), "the interpreted run failed");
        assertEquals(interpreted, compiled);
    }
}
