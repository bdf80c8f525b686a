package io.simdnn.conformance;

/** Assertions with messages that name the output, the index, the values and the bound that failed. */
public final class Expect {
    private Expect() {}

    /**
     * {@code got} is within {@code tol} of the double-precision {@code ref}. A NaN reference demands NaN; an
     * infinite one demands the same infinity; a finite one demands a number within the tolerance.
     */
    public static void close(String what, long index, float got, double ref, double tol) {
        if (Double.isNaN(ref)) {
            if (!Float.isNaN(got)) fail(what, index, got, ref, "expected NaN");
            return;
        }
        if (Double.isInfinite(ref) || Float.isInfinite(got) && Math.abs(ref) > Float.MAX_VALUE) {
            if (got != (float) ref) fail(what, index, got, ref, "expected " + (float) ref);
            return;
        }
        double diff = Math.abs(got - ref);
        if (!(diff <= tol)) fail(what, index, got, ref, "|difference| " + diff + " exceeds the tolerance " + tol);
    }

    /** As {@link #close} for a double result (losses). */
    public static void closeDouble(String what, double got, double ref, double tol) {
        if (Double.isNaN(ref)) {
            if (!Double.isNaN(got)) throw new AssertionError(what + " = " + got + ", expected NaN");
            return;
        }
        double diff = Math.abs(got - ref);
        if (!(diff <= tol) && got != ref) {
            throw new AssertionError(what + " = " + got + ", oracle " + ref + ": |difference| " + diff
                    + " exceeds the tolerance " + tol);
        }
    }

    /** {@code got} equals {@code want} exactly (+0 and −0 count as equal; NaN equals NaN). */
    public static void same(String what, long index, float got, float want) {
        boolean ok = Float.isNaN(want) ? Float.isNaN(got) : !Float.isNaN(got) && Tolerance.ulpDistance(got, want) == 0;
        if (!ok) fail(what, index, got, want, "expected exactly " + want);
    }

    /** Exact comparison of whole arrays. */
    public static void same(String what, float[] got, float[] want) {
        if (got.length != want.length) throw new AssertionError(what + ": length " + got.length + " != " + want.length);
        for (int i = 0; i < got.length; i++) same(what, i, got[i], want[i]);
    }

    /** Bitwise identity (raw bits), for results that must be reproduced or left untouched. */
    public static void identical(String what, float[] got, float[] want) {
        for (int i = 0; i < got.length; i++) {
            if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(want[i])) {
                throw new AssertionError(what + "[" + i + "] = " + got[i] + " (bits 0x"
                        + Integer.toHexString(Float.floatToRawIntBits(got[i])) + "), expected the identical value "
                        + want[i] + " (bits 0x" + Integer.toHexString(Float.floatToRawIntBits(want[i])) + ")");
            }
        }
    }

    /** The elements of {@code array} that {@code written} does not claim still hold their {@code before} bits. */
    public static void untouchedOutside(String what, float[] array, float[] before, java.util.function.IntPredicate written) {
        for (int i = 0; i < array.length; i++) {
            if (!written.test(i) && Float.floatToRawIntBits(array[i]) != Float.floatToRawIntBits(before[i])) {
                throw new AssertionError(what + "[" + i + "] lies outside the output window but was changed from "
                        + before[i] + " to " + array[i]);
            }
        }
    }

    /** The m×n window of a matrix at offset off with leading dimension ld contains index i. */
    public static java.util.function.IntPredicate window(int off, int m, int n, int ld) {
        return i -> {
            int r = i - off;
            return r >= 0 && r / ld < m && r % ld < n;
        };
    }

    public static void isTrue(boolean condition, String message) {
        if (!condition) throw new AssertionError(message);
    }

    private static void fail(String what, long index, float got, double ref, String why) {
        throw new AssertionError(what + "[" + index + "] = " + got + ", oracle " + ref + ": " + why);
    }
}
