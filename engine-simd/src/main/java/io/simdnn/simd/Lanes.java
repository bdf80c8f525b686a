package io.simdnn.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float species every kernel uses, fixed once per JVM: the CPU's preferred width, or the width forced (for tests,
 * so one machine runs every code path) with {@code -Dsimdnn.simd.bits=128|256|512}.
 */
final class Lanes {
    /** System property that forces the vector width in bits (tests only: a width the CPU lacks runs slowly). */
    static final String BITS_PROPERTY = "simdnn.simd.bits";

    static final VectorSpecies<Float> F = choose();
    static final int L = F.length();

    private Lanes() {}

    private static VectorSpecies<Float> choose() {
        String forced = System.getProperty(BITS_PROPERTY);
        if (forced == null || forced.isBlank()) return FloatVector.SPECIES_PREFERRED;
        int bits;
        try {
            bits = Integer.parseInt(forced.trim());
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (bits != 128 && bits != 256 && bits != 512) {
            throw new IllegalArgumentException("-D" + BITS_PROPERTY + "=" + forced + " must be 128, 256 or 512");
        }
        return VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
    }
}
