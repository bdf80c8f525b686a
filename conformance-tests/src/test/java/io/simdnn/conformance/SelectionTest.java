package io.simdnn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.spi.Backends;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

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

    @Property(tries = 100)
    void dotOfOnesCountsElements(@ForAll @IntRange(min = 0, max = 300) int n) {
        float[] x = new float[n];
        java.util.Arrays.fill(x, 1f);
        assertEquals(n, Backends.get("scalar").dot(n, x, 0, x, 0));
    }
}
