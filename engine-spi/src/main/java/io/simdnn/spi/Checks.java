package io.simdnn.spi;

/**
 * The argument checks of the {@link Backend} facade, each operand pattern written once: sizes, matrix products, an
 * element-wise kernel's operands, per-unit activations, losses and optimiser steps. Each failure names the argument
 * and the numbers involved. The methods take fixed arguments (no varargs, no operand objects) and build a message only
 * when they throw, so a call allocates nothing.
 */
final class Checks {
    private Checks() {}

    // -------------------------------------------------------------------------------------------- sizes

    /** n ≥ 0, returned as the element count of a vector kernel. */
    static long length(int n) {
        nonNegative("n", n);
        return n;
    }

    /** m, n ≥ 0; returns m·n, the element count of a contiguous m×n block. */
    static long rows(int m, int n) {
        nonNegative("m", m);
        nonNegative("n", n);
        return (long) m * n;
    }

    /**
     * Maxout's shape: pieces ≥ 0, and at least one piece when the m×units output is not empty. Returns m·units, the
     * output count (the input holds that many times pieces).
     */
    static long maxout(int m, int units, int pieces) {
        nonNegative("pieces", pieces);
        long out = rows(m, units);
        if (pieces == 0 && out > 0) throw new IllegalArgumentException("pieces = 0: maxout needs at least one piece");
        return out;
    }

    // -------------------------------------------------------------------------------------------- hyper-parameters

    static void finite(String name, float value) {
        if (!Float.isFinite(value)) throw new IllegalArgumentException(name + " = " + value + " must be finite");
    }

    static void nonNegativeFinite(String name, float value) {
        if (!(value >= 0f) || value == Float.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " = " + value + " must be finite and not negative");
        }
    }

    static void unitInterval(String name, float value) {
        if (!(value >= 0f && value < 1f)) {
            throw new IllegalArgumentException(name + " = " + value + " must be in [0, 1)");
        }
    }

    static void positive(String name, int value) {
        if (value < 1) throw new IllegalArgumentException(name + " = " + value + " must be at least 1");
    }

    // -------------------------------------------------------------------------------------------- matrices

    /**
     * C (m×n, {@code ldc}) = op(A)·op(B) with op(A) m×k and op(B) k×n, B named {@code bName}: the sizes, the three
     * leading dimensions and C's region always; A's and B's regions and their overlap with C only when the product
     * {@code reads} them (k &gt; 0 and alpha ≠ 0 for GEMM).
     */
    static void product(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
            String bName, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean reads) {
        nonNegative("m", m);
        nonNegative("n", n);
        nonNegative("k", k);
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        leadingDimension("a", lda, aCols, transA ? "stored k x m, transposed" : "m x k");
        leadingDimension(bName, ldb, bCols, transB ? "stored n x k, transposed" : "k x n");
        leadingDimension("c", ldc, n, "m x n");
        region("c", c, cOff, m, n, ldc);
        if (!reads) return;
        region("a", a, aOff, aRows, aCols, lda);
        region(bName, b, bOff, bRows, bCols, ldb);
        long cLen = extent(m, n, ldc);
        apart("c", c, cOff, cLen, "a", a, aOff, extent(aRows, aCols, lda));
        apart("c", c, cOff, cLen, bName, b, bOff, extent(bRows, bCols, ldb));
    }

    /** The m×n window of {@code matrix} at {@code off} (leading dimension {@code ld} ≥ max(1, n)) fits its array. */
    static void matrix(String name, float[] matrix, int off, int m, int n, int ld) {
        rows(m, n);
        leadingDimension(name, ld, n, "m x n");
        region(name, matrix, off, m, n, ld);
    }

    /** A bias of n values added to each row of the m×n output window C, which overlaps it nowhere. */
    static void bias(float[] bias, int biasOff, int n, float[] c, int cOff, int m, int ldc) {
        vector("bias", bias, biasOff, n);
        apart("c", c, cOff, extent(m, n, ldc), "bias", bias, biasOff, n);
    }

    /** The n column sums of the m×n input window A, written to {@code out}, which overlaps A nowhere. */
    static void columnSums(float[] a, int aOff, int m, int n, int lda, float[] out, int outOff) {
        vector("out", out, outOff, n);
        apart("out", out, outOff, n, "a", a, aOff, extent(m, n, lda));
    }

    // -------------------------------------------------------------------------------------------- element-wise

    /** An element-wise kernel's input x and output y of n elements each: y may be x's exact alias (in place). */
    static void elementwise(long n, String x, float[] xa, int xOff, String y, float[] ya, int yOff) {
        vector(x, xa, xOff, n);
        vector(y, ya, yOff, n);
        inPlace(n, y, ya, yOff, x, xa, xOff);
    }

    /** As above with two inputs, each of which the output may alias exactly. */
    static void elementwise(long n, String x1, float[] x1a, int x1Off, String x2, float[] x2a, int x2Off, String y,
            float[] ya, int yOff) {
        vector(x1, x1a, x1Off, n);
        vector(x2, x2a, x2Off, n);
        vector(y, ya, yOff, n);
        inPlace(n, y, ya, yOff, x1, x1a, x1Off);
        inPlace(n, y, ya, yOff, x2, x2a, x2Off);
    }

    /** As above with three inputs. */
    static void elementwise(long n, String x1, float[] x1a, int x1Off, String x2, float[] x2a, int x2Off, String x3,
            float[] x3a, int x3Off, String y, float[] ya, int yOff) {
        vector(x1, x1a, x1Off, n);
        vector(x2, x2a, x2Off, n);
        vector(x3, x3a, x3Off, n);
        vector(y, ya, yOff, n);
        inPlace(n, y, ya, yOff, x1, x1a, x1Off);
        inPlace(n, y, ya, yOff, x2, x2a, x2Off);
        inPlace(n, y, ya, yOff, x3, x3a, x3Off);
    }

    /** An input x of xLen elements and an output y of yLen that must not share a single element with it. */
    static void separate(String x, float[] xa, int xOff, long xLen, String y, float[] ya, int yOff, long yLen) {
        vector(x, xa, xOff, xLen);
        vector(y, ya, yOff, yLen);
        apart(y, ya, yOff, yLen, x, xa, xOff, xLen);
    }

    /**
     * A per-unit activation forward over a contiguous m×n block: z in, a out (a may alias z exactly), one parameter
     * per unit (n) that a overlaps nowhere.
     */
    static void unitActivation(int m, int n, float[] z, int zOff, String param, float[] q, int qOff, float[] a,
            int aOff) {
        long len = rows(m, n);
        elementwise(len, "z", z, zOff, "a", a, aOff);
        vector(param, q, qOff, n);
        apart("a", a, aOff, len, param, q, qOff, n);
    }

    /**
     * Its backward: z, the parameters, da in; dz out (may alias z or da exactly, overlaps the parameters nowhere);
     * the parameter gradient dParam (n) accumulated, overlapping nothing.
     */
    static void unitActivationBackward(int m, int n, float[] z, int zOff, String param, float[] q, int qOff,
            float[] da, int daOff, float[] dz, int dzOff, String dParam, float[] dq, int dqOff) {
        long len = rows(m, n);
        elementwise(len, "z", z, zOff, "da", da, daOff, "dz", dz, dzOff);
        vector(param, q, qOff, n);
        vector(dParam, dq, dqOff, n);
        apart("dz", dz, dzOff, len, param, q, qOff, n);
        apart("dz", dz, dzOff, len, dParam, dq, dqOff, n);
        apart(dParam, dq, dqOff, n, "z", z, zOff, len);
        apart(dParam, dq, dqOff, n, "da", da, daOff, len);
        apart(dParam, dq, dqOff, n, param, q, qOff, n);
    }

    /** Every one of the n argmax entries from {@code off} is a piece index in [0, pieces). */
    static void pieceIndices(int[] argmax, int off, long n, int pieces) {
        for (int i = 0; i < n; i++) {
            int p = argmax[off + i];
            if (p < 0 || p >= pieces) {
                throw new IllegalArgumentException("argmax[" + i + "] = " + p + " is not a piece index in [0, "
                        + pieces + ")");
            }
        }
    }

    // -------------------------------------------------------------------------------------------- losses

    /** A loss over n predictions x and targets, with one optional output (null: not written) overlapping nothing. */
    static void loss(long n, String x, float[] xa, int xOff, float[] t, int tOff, String out, float[] o, int oOff) {
        vector(x, xa, xOff, n);
        vector("target", t, tOff, n);
        if (o != null) lossOutput(n, out, o, oOff, x, xa, xOff, t, tOff);
    }

    /** As above with two optional outputs, which overlap each other nowhere either. */
    static void loss(long n, String x, float[] xa, int xOff, float[] t, int tOff, String out1, float[] o1, int o1Off,
            String out2, float[] o2, int o2Off) {
        loss(n, x, xa, xOff, t, tOff, out1, o1, o1Off);
        if (o2 == null) return;
        lossOutput(n, out2, o2, o2Off, x, xa, xOff, t, tOff);
        if (o1 != null) apart(out2, o2, o2Off, n, out1, o1, o1Off, n);
    }

    private static void lossOutput(long n, String out, float[] o, int oOff, String x, float[] xa, int xOff, float[] t,
            int tOff) {
        vector(out, o, oOff, n);
        apart(out, o, oOff, n, x, xa, xOff, n);
        apart(out, o, oOff, n, "target", t, tOff, n);
    }

    // -------------------------------------------------------------------------------------------- optimisers

    /**
     * An optimiser step over n parameters with a finite learning rate: w, g and the state s, pairwise apart (each
     * is read and written element by element, so even the exact alias would change the result).
     */
    static void optimiser(int n, float lr, float[] w, int wOff, float[] g, int gOff, String s, float[] sa, int sOff) {
        finite("lr", lr);
        nonNegative("n", n);
        vector("w", w, wOff, n);
        vector("g", g, gOff, n);
        vector(s, sa, sOff, n);
        apart("w", w, wOff, n, "g", g, gOff, n);
        apart("w", w, wOff, n, s, sa, sOff, n);
        apart(s, sa, sOff, n, "g", g, gOff, n);
    }

    /** As above with two states, apart from each other too. */
    static void optimiser(int n, float lr, float[] w, int wOff, float[] g, int gOff, String s1, float[] s1a,
            int s1Off, String s2, float[] s2a, int s2Off) {
        optimiser(n, lr, w, wOff, g, gOff, s1, s1a, s1Off);
        vector(s2, s2a, s2Off, n);
        apart("w", w, wOff, n, s2, s2a, s2Off, n);
        apart(s2, s2a, s2Off, n, "g", g, gOff, n);
        apart(s2, s2a, s2Off, n, s1, s1a, s1Off, n);
    }

    // -------------------------------------------------------------------------------------------- primitives

    static void nonNegative(String name, int value) {
        if (value < 0) throw new IllegalArgumentException(name + " = " + value + " must not be negative");
    }

    static void notNull(String name, Object value) {
        if (value == null) throw new NullPointerException(name + " is null");
    }

    /** The leading dimension of matrix {@code name} (stored as {@code shape}) is at least max(1, its columns). */
    private static void leadingDimension(String name, int ld, int cols, String shape) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("ld" + name + " = " + ld + " is smaller than the " + cols
                    + " columns of " + name.toUpperCase(java.util.Locale.ROOT) + " (" + shape
                    + ") (it must be at least max(1, columns))");
        }
    }

    /** The rows×cols region at {@code off} with row stride {@code ld} lies inside {@code array}. */
    static void region(String name, float[] array, int off, int rows, int cols, int ld) {
        notNull(name, array);
        offset(name, off);
        if (rows == 0 || cols == 0) return;
        long last = off + (long) (rows - 1) * ld + cols - 1;
        if (last >= array.length) {
            throw new IndexOutOfBoundsException(name + ": the " + rows + "x" + cols + " region at offset " + off
                    + " with leading dimension " + ld + " ends at index " + last + " but the array has length "
                    + array.length);
        }
    }

    /** The n elements from {@code off} lie inside {@code array}. */
    static void vector(String name, float[] array, int off, long n) {
        notNull(name, array);
        inside(name, array.length, off, n);
    }

    static void vector(String name, int[] array, int off, long n) {
        notNull(name, array);
        inside(name, array.length, off, n);
    }

    private static void inside(String name, int length, int off, long n) {
        offset(name, off);
        if (n > 0 && off + n > length) {
            throw new IndexOutOfBoundsException(name + ": " + n + " elements from offset " + off + " end at index "
                    + (off + n - 1) + " but the array has length " + length);
        }
    }

    /** Output y and input x share no element, the exact alias (same array and offset) excepted. */
    private static void inPlace(long n, String y, float[] ya, int yOff, String x, float[] xa, int xOff) {
        if (ya == xa && yOff != xOff && overlap(yOff, n, xOff, n)) {
            throw overlaps(y, yOff, n, x, xOff, n, " (only the exact in-place alias is allowed)");
        }
    }

    /** Output y and the array x share no element at all. */
    static void apart(String y, float[] ya, int yOff, long yLen, String x, float[] xa, int xOff, long xLen) {
        if (ya == xa && overlap(yOff, yLen, xOff, xLen)) throw overlaps(y, yOff, yLen, x, xOff, xLen, "");
    }

    private static boolean overlap(int aOff, long aLen, int bOff, long bLen) {
        return aLen > 0 && bLen > 0 && aOff < bOff + bLen && bOff < aOff + aLen;
    }

    private static IllegalArgumentException overlaps(String y, int yOff, long yLen, String x, int xOff, long xLen,
            String note) {
        return new IllegalArgumentException(y + " [" + yOff + ", " + (yOff + yLen) + ") overlaps " + x + " [" + xOff
                + ", " + (xOff + xLen) + ") in the same array" + note);
    }

    /** Extent in elements of a rows×cols region with stride ld (0 when empty). */
    static long extent(int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
    }

    private static void offset(String name, int off) {
        if (off < 0) throw new IndexOutOfBoundsException(name + ": offset " + off + " is negative");
    }
}
