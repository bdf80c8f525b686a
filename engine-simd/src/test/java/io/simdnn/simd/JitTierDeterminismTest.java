package io.simdnn.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With {@code -Dsimdnn.simd.nativeExp=false} a kernel returns the same bits before and after C2 compiles it: the
 * interpreter (a child JVM with {@code -Xint}, every vector operation on its Java fallback) against warmed-up compiled
 * code. (The JDK's native vector math, the default on x86-64, differs from its own Java fallback in the last bit.)
 */
class JitTierDeterminismTest {
    private static String run(String... extra) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
                "-Dsimdnn.simd.nativeExp=false", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(1, List.of(extra).subList(0, extra.length - 1));
        cmd.add(InterpretedOutputs.class.getName());
        cmd.add(extra[extra.length - 1]);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), "the child JVM failed: " + cmd);
        return out;
    }

    @Test
    void interpretedAndCompiledKernelsGiveTheSameBits() throws IOException, InterruptedException {
        String interpreted = run("-Xint", "cold");
        String compiled = run("warm");
        assertEquals(interpreted, compiled);
    }
}
