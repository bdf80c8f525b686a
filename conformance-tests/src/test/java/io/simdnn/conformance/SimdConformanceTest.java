package io.simdnn.conformance;

import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;

/**
 * The SIMD backend against the kit; the pom runs it again at each forced vector width. Its optimiser steps perform
 * the reference's operations in the reference's order in every lane and in the tails, so they are held to the
 * reference bit for bit.
 */
class SimdConformanceTest extends BackendConformance implements ReferenceOrderOptimiserContract {
    /** One instance for all properties: creating a backend starts its helper threads. */
    private static final Backend SIMD = Backends.get("simd", 2);

    @Override
    protected Backend subject() {
        return SIMD;
    }
}
