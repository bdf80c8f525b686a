package io.simdnn.spi;

/**
 * A backend implementation, found at run time with {@link java.util.ServiceLoader} (declare it with
 * {@code provides io.simdnn.spi.BackendProvider with ...} in {@code module-info.java} and in
 * {@code META-INF/services/io.simdnn.spi.BackendProvider}).
 *
 * <p>A provider class must load and answer {@link #availability()} without touching optional modules (such as
 * {@code jdk.incubator.vector}): the check is what decides whether that is safe.
 */
public interface BackendProvider {
    /** Short lower-case name used with {@code -Dsimdnn.backend=NAME}, e.g. "scalar" or "simd". */
    String name();

    /** Higher wins when several backends are available. The scalar reference has 0. */
    int priority();

    /** Checks, once, whether this backend can run here; never throws. */
    Availability availability();

    /**
     * Creates the backend. Called only after {@link #availability()} said yes.
     *
     * @param threads the most threads one kernel call may use (≥ 1); single-threaded backends ignore it
     */
    Backend create(int threads);
}
