package io.simdnn.conformance;

import io.simdnn.scalar.ScalarBackend;
import io.simdnn.spi.Backend;

/** The whole conformance kit against the scalar reference backend (judged by the kit's float64 oracles). */
class ScalarConformanceTest extends BackendConformance {
    @Override
    protected Backend subject() {
        return ScalarBackend.create();
    }
}
