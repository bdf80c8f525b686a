/** The conformance kit: property tests that every backend runs by extending {@link io.simdnn.conformance.BackendConformance}. */
module io.simdnn.conformance {
    requires transitive io.simdnn.spi;
    requires io.simdnn.scalar;
    requires io.simdnn.autodiff;
    requires transitive net.jqwik.api;
    requires transitive org.junit.jupiter.api;
    exports io.simdnn.conformance;
    provides net.jqwik.api.lifecycle.LifecycleHook with io.simdnn.conformance.FixedSeedHook;
}
