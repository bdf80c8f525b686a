/** The scalar reference backend: every kernel as a plain loop. */
module io.simdnn.scalar {
    requires transitive io.simdnn.spi;
    exports io.simdnn.scalar;
    provides io.simdnn.spi.BackendProvider with io.simdnn.scalar.ScalarProvider;
}
