package io.simdnn.simd;

/** How far a float result is from its double-precision reference ({@code ReferenceMath} in engine-scalar). */
final class Reference {
    private Reference() {}

    /**
     * The error of a float result in units of the last place of the reference, with the unit floored at
     * {@code floorUlp} (an absolute tolerance near zero). Results whose reference is below the normal float range
     * count as exact when they are (flushed) below it too. NaN and infinities must match exactly.
     */
    static double ulpError(float got, double want, double floorUlp) {
        if (Double.isNaN(want)) return Float.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        if (Float.isNaN(got)) return Double.POSITIVE_INFINITY;
        if (Double.isInfinite(want) || Float.isInfinite(got)) return got == want ? 0 : Double.POSITIVE_INFINITY;
        if (Math.abs(want) < Float.MIN_NORMAL && Math.abs(got) < Float.MIN_NORMAL) return 0;
        double ulp = Math.max(Math.ulp((float) Math.max(Math.abs(want), Float.MIN_NORMAL)), floorUlp);
        return Math.abs(got - want) / ulp;
    }
}
