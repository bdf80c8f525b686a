package io.simdnn.conformance;
class ScalarConformanceTest extends BackendConformance {
    @Override protected io.simdnn.spi.Backend subject() { return new io.simdnn.scalar.ScalarBackend(); }
}
