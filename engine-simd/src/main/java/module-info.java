/** The SIMD backend on the Vector API. Runs only when the JVM has --add-modules jdk.incubator.vector. */
module io.simdnn.simd {
    requires transitive io.simdnn.spi;
    requires io.simdnn.scalar;
    requires static jdk.incubator.vector;
    requires static java.management;
    requires static jdk.management;
    exports io.simdnn.simd;
    provides io.simdnn.spi.BackendProvider with io.simdnn.simd.SimdProvider;
}
