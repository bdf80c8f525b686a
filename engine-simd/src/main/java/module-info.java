/** The SIMD backend on the Java Vector API. Runs only when the JVM has --add-modules jdk.incubator.vector. */
module io.simdnn.simd {
    requires transitive io.simdnn.spi;
    requires static jdk.incubator.vector;
}
