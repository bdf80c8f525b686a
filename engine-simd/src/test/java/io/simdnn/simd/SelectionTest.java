package io.simdnn.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
import org.junit.jupiter.api.Test;

class SelectionTest {
    @Test
    void backendsChoosesSimdWhenTheVectorModuleIsPresent() {
        Backend b = Backends.get();
        assertEquals("simd", b.name());
        assertEquals(Lanes.F.vectorBitSize(), b.vectorBitSize());
        assertEquals(Backends.defaultThreads(), b.threads());
        assertTrue(Backends.selection().describe().startsWith("simdnn backend: simd (float "),
                Backends.selection().describe());
        assertEquals(3, Backends.get("simd", 3).threads());
    }

    @Test
    void theC2CheckAcceptsThisJvm() {
        assertNull(SimdProvider.c2Problem(), "the test JVM runs with C2");
    }

    @Test
    void badThreadCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SimdBackend(0));
    }
}
