package io.simdnn.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float species every kernel uses, fixed once per JVM: the CPU's preferred width, or the width forced (for tests,
 * so one machine runs every code path) with {@code -Dsimdnn.simd.bits=128|256|512} ({@link SimdConfig#BITS}).
 */
final class Lanes {
    static final VectorSpecies<Float> F = choose();
    static final int L = F.length();

    private Lanes() {}

    private static VectorSpecies<Float> choose() {
        int bits = SimdConfig.forcedBits();
        if (bits == 0) return FloatVector.SPECIES_PREFERRED;
        return VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
    }
}
