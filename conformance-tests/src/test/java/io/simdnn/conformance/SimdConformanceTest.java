package io.simdnn.conformance;

import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;

/** The SIMD backend against the kit; the pom runs it again at each forced vector width. */
class SimdConformanceTest extends BackendConformance {
    /** One instance for all properties: creating a backend starts its helper threads. */
    private static final Backend SIMD = Backends.get("simd", 2);

    @Override
    protected Backend subject() {
        return SIMD;
    }
}
