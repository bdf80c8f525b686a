package io.simdnn.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
import org.junit.jupiter.api.Test;

/**
 * Runs in its own Surefire execution, in a JVM started WITHOUT {@code --add-modules jdk.incubator.vector}: the simd
 * provider must load, report itself unavailable with the fix, and let the scalar backend be chosen.
 */
class VectorModuleFallbackTest {
    @Test
    void withoutTheVectorModuleTheScalarBackendIsChosen() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty(),
                "this test must run in a JVM without --add-modules jdk.incubator.vector");
        Backends.Candidate simd = Backends.candidates().stream().filter(c -> c.name().equals("simd")).findFirst()
                .orElseThrow(() -> new AssertionError("the simd provider was not discovered"));
        assertFalse(simd.availability().available());
        assertTrue(simd.availability().reason().contains("--add-modules jdk.incubator.vector"),
                simd.availability().reason());
        Backend chosen = Backends.get();
        assertEquals("scalar", chosen.name());
        assertTrue(Backends.selection().describe().contains("simd unavailable"), Backends.selection().describe());
        float[] c = new float[4];
        chosen.gemm(false, false, 2, 2, 1, 1f, new float[] {1, 2}, 0, 1, new float[] {3, 4}, 0, 2, 0f, c, 0, 2);
        assertEquals(8f, c[3]);
    }
}
