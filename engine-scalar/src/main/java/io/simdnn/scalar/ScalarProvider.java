package io.simdnn.scalar;

import io.simdnn.spi.Availability;
import io.simdnn.spi.Backend;
import io.simdnn.spi.BackendProvider;

/** Provides the scalar reference backend, which runs on every JVM. */
public final class ScalarProvider implements BackendProvider {
    @Override
    public String name() {
        return ScalarBackend.NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Availability availability() {
        return Availability.yes("plain Java loops");
    }

    @Override
    public Backend create(int threads) {
        return ScalarBackend.create();
    }
}
