package io.simdnn.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** engine-spi's own tests run without any backend on the path: the default choice fails, the same way every time. */
class BackendsFailureTest {
    @Test
    void everyCallGivesTheSameReasonNamingBothBackendModules() {
        IllegalStateException first = assertThrows(IllegalStateException.class, Backends::get);
        IllegalStateException second = assertThrows(IllegalStateException.class, Backends::get);
        IllegalStateException third = assertThrows(IllegalStateException.class, Backends::selection);
        assertTrue(first.getMessage().contains("engine-scalar") && first.getMessage().contains("engine-simd"),
                first.getMessage());
        assertEquals(first.getMessage(), second.getMessage());
        assertEquals(first.getMessage(), third.getMessage());
    }
}
