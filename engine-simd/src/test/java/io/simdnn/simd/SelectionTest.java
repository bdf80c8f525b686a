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

    @Test
    void widthsBeyondTheTestedOnesAreRefusedWithAReason() {
        assertNull(SelfTest.widthProblem(128));
        assertNull(SelfTest.widthProblem(256));
        assertNull(SelfTest.widthProblem(512));
        assertTrue(SelfTest.widthProblem(64).contains("at least 128"), SelfTest.widthProblem(64));
        String wide = SelfTest.widthProblem(1024);
        assertTrue(wide.contains("1024 bits") && wide.contains("128, 256 and 512"), wide);
    }
}
