package io.simdnn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.spi.Backends;
import org.junit.jupiter.api.Test;

/** Backend discovery as the kit's users meet it: the scalar reference is always found by name. */
class SelectionTest {
    @Test
    void scalarIsAlwaysFound() {
        assertTrue(Backends.candidates().stream().anyMatch(c -> c.name().equals("scalar") && c.availability().available()));
        assertEquals("scalar", Backends.get("scalar").name());
    }

    @Test
    void unknownNameListsTheBackendsFound() {
        var e = assertThrows(IllegalArgumentException.class, () -> Backends.get("gpu"));
        assertTrue(e.getMessage().contains("unknown backend 'gpu'") && e.getMessage().contains("scalar"), e.getMessage());
    }
}
