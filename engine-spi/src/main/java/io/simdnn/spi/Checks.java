package io.simdnn.spi;

/** Argument checks shared by every backend: each failure names the argument and the numbers involved. */
final class Checks {
    private Checks() {}

    static void nonNegative(String name, int value) {
        if (value < 0) throw new IllegalArgumentException(name + " = " + value + " must not be negative");
    }

    static void finite(String name, float value) {
        if (!Float.isFinite(value)) throw new IllegalArgumentException(name + " = " + value + " must be finite");
    }

    static void leadingDimension(String ldName, int ld, String matrix, int cols) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(ldName + " = " + ld + " is smaller than the " + cols
                    + " columns of " + matrix + " (it must be at least max(1, columns))");
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
        offset(name, off);
        if (n > 0 && off + n > array.length) {
            throw new IndexOutOfBoundsException(name + ": " + n + " elements from offset " + off + " end at index "
                    + (off + n - 1) + " but the array has length " + array.length);
        }
    }

    static void vector(String name, int[] array, int off, long n) {
        notNull(name, array);
        offset(name, off);
        if (n > 0 && off + n > array.length) {
            throw new IndexOutOfBoundsException(name + ": " + n + " elements from offset " + off + " end at index "
                    + (off + n - 1) + " but the array has length " + array.length);
        }
    }

    /**
     * An output may not share memory with an input, except that element-wise kernels allow the exact alias
     * (same array and offset), where each element is read before it is written.
     */
    static void noOverlap(String out, float[] o, int oOff, long oLen, String in, float[] i, int iOff, long iLen,
            boolean exactAliasAllowed) {
        if (o != i || o == null || oLen == 0 || iLen == 0) return;
        if (exactAliasAllowed && oOff == iOff) return;
        if (oOff < iOff + iLen && iOff < oOff + oLen) {
            throw new IllegalArgumentException(out + " [" + oOff + ", " + (oOff + oLen) + ") overlaps " + in + " ["
                    + iOff + ", " + (iOff + iLen) + ") in the same array"
                    + (exactAliasAllowed ? " (only the exact in-place alias is allowed)" : ""));
        }
    }

    /** Extent in elements of a rows×cols region with stride ld (0 when empty). */
    static long extent(int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
    }

    static void notNull(String name, Object array) {
        if (array == null) throw new NullPointerException(name + " is null");
    }

    private static void offset(String name, int off) {
        if (off < 0) throw new IndexOutOfBoundsException(name + ": offset " + off + " is negative");
    }
}
