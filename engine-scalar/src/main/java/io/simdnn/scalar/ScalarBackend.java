package io.simdnn.scalar;

import io.simdnn.spi.Backend;

/** The scalar reference backend: {@link ScalarKernels} behind the checking {@link Backend} facade. */
public final class ScalarBackend {
    public static final String NAME = "scalar";

    private ScalarBackend() {}

    /** A new scalar backend (stateless and single-threaded: nothing to close). */
    public static Backend create() {
        return new Backend(new ScalarKernels());
    }
}
