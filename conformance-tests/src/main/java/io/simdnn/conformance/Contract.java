package io.simdnn.conformance;

import io.simdnn.spi.Backend;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;

/** What every contract of the kit needs: the backend under test and the scalar reference. */
public interface Contract {
    /** The backend under test (one instance per property). */
    Backend backend();

    /** The scalar reference backend, for the cross-checks that allow the sum of both backends' budgets. */
    Backend reference();

    /**
     * The lane count the labels and coverage checks refer to: the backend's float lanes, at least 8 (a scalar
     * backend's loops have no lanes, but the generators' edges 7, 8, 9 still deserve their share).
     */
    default int lanes() {
        return Math.max(8, backend().vectorBitSize() / 32);
    }

    /** Seeds for the data of a case, without jqwik's edge cases (0, ±1, extremes mean nothing for a seed). */
    @Provide
    default Arbitrary<Long> seed() {
        return Arbitraries.longs().withoutEdgeCases();
    }
}
