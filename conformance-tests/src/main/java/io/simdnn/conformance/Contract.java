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

    /** Seeds for the data of a case, without jqwik's edge cases (0, ±1, extremes mean nothing for a seed). */
    @Provide
    default Arbitrary<Long> seed() {
        return Arbitraries.longs().withoutEdgeCases();
    }
}
