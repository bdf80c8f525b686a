package io.simdnn.spi;

import java.util.Arrays;

/**
 * A weight matrix stored in fewer bits for inference: n rows (output units) × k columns, row-major and contiguous,
 * as PyTorch's {@code nn.Linear} weight. {@link Backend#denseForward(int, int, int, float[], int, int,
 * QuantizedMatrix, float[], int, Activation, float, float[], int, int)} reads it and dequantises on the fly.
 *
 * <ul>
 *   <li>{@link Format#BF16}: each weight is the upper 16 bits of its float32 (bfloat16: 8 exponent bits, 7 stored
 *       mantissa bits), rounded to nearest, ties to even. The relative error of a normal weight is at most 2⁻⁸.
 *       NaN stays NaN and ±∞ stays ±∞; a finite weight beyond the largest bfloat16 (about 3.39·10³⁸) rounds to ±∞,
 *       as in PyTorch.</li>
 *   <li>{@link Format#INT8}: symmetric per-row quantisation. Row j has scale s = max|w_j|/127 and holds
 *       q = round(w/s) (to nearest even) clamped to [−127, 127]; the weight is q·s, so |w − q·s| ≤ s/2 (plus the
 *       rounding of the float product). A row of zeros has scale 0 (and q = 0), so it dequantises to exact zeros.
 *       NaN and ±∞ weights are rejected: they have no scale.</li>
 * </ul>
 *
 * Instances are immutable. The accessors {@link #bf16Bits()}, {@link #int8Values()} and {@link #scales()} return
 * the stored arrays themselves, not copies, so that kernels read them without allocating: callers must not modify
 * them.
 */
public final class QuantizedMatrix {
    /** The storage of the weights. */
    public enum Format {
        /** 2 bytes a weight: the upper half of each float32. */
        BF16,
        /** 1 byte a weight and one float32 scale per row. */
        INT8
    }

    private final Format format;
    private final int rows, cols;
    private final short[] bf16;
    private final byte[] int8;
    private final float[] scales;

    private QuantizedMatrix(Format format, int rows, int cols, short[] bf16, byte[] int8, float[] scales) {
        this.format = format;
        this.rows = rows;
        this.cols = cols;
        this.bf16 = bf16;
        this.int8 = int8;
        this.scales = scales;
    }

    /**
     * Quantises the rows×cols matrix at {@code w[off]} with leading dimension {@code ld} ({@code ld ≥ max(1, cols)}).
     *
     * @throws IllegalArgumentException for negative sizes, a short leading dimension, or (INT8) a NaN or infinite
     *                                  weight, naming its row and column
     */
    public static QuantizedMatrix quantize(Format format, int rows, int cols, float[] w, int off, int ld) {
        Checks.notNull("format", format);
        int size = size(rows, cols);
        Checks.matrix("w", w, off, rows, cols, ld);
        if (format == Format.BF16) {
            short[] bits = new short[size];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) bits[i * cols + j] = toBf16(w[off + i * ld + j]);
            }
            return new QuantizedMatrix(format, rows, cols, bits, null, null);
        }
        byte[] q = new byte[size];
        float[] s = new float[rows];
        for (int i = 0; i < rows; i++) {
            int row = off + i * ld;
            float max = 0f;
            for (int j = 0; j < cols; j++) {
                float v = w[row + j];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("w[" + i + "][" + j + "] = " + v
                            + " cannot be quantised to INT8 (weights must be finite)");
                }
                max = Math.max(max, Math.abs(v));
            }
            // A tiny row whose scale would underflow to 0 gets the smallest scale instead, so it is not zeroed.
            float scale = max == 0f ? 0f : Math.max(max / 127f, Float.MIN_VALUE);
            s[i] = scale;
            if (scale == 0f) continue;
            for (int j = 0; j < cols; j++) {
                double r = Math.rint(w[row + j] / (double) scale);
                q[i * cols + j] = (byte) Math.max(-127, Math.min(127, r));
            }
        }
        return new QuantizedMatrix(format, rows, cols, null, q, s);
    }

    /** A BF16 matrix from stored bit patterns (row-major, rows·cols of them; copied). */
    public static QuantizedMatrix ofBf16(int rows, int cols, short[] bits) {
        int size = size(rows, cols);
        Checks.notNull("bits", bits);
        if (bits.length != size) {
            throw new IllegalArgumentException("bits has " + bits.length + " elements but a " + rows + "x" + cols
                    + " matrix needs " + size);
        }
        return new QuantizedMatrix(Format.BF16, rows, cols, bits.clone(), null, null);
    }

    /**
     * An INT8 matrix from stored values (row-major, rows·cols of them, each in [−127, 127]) and one scale per row
     * (finite, not negative); both copied.
     */
    public static QuantizedMatrix ofInt8(int rows, int cols, byte[] values, float[] scales) {
        int size = size(rows, cols);
        Checks.notNull("values", values);
        Checks.notNull("scales", scales);
        if (values.length != size) {
            throw new IllegalArgumentException("values has " + values.length + " elements but a " + rows + "x"
                    + cols + " matrix needs " + size);
        }
        if (scales.length != rows) {
            throw new IllegalArgumentException("scales has " + scales.length + " elements but the matrix has "
                    + rows + " rows (one scale per row)");
        }
        for (int i = 0; i < size; i++) {
            if (values[i] == Byte.MIN_VALUE) {
                throw new IllegalArgumentException("values[" + i / Math.max(cols, 1) + "][" + i % Math.max(cols, 1)
                        + "] = -128 is outside [-127, 127] (the quantisation is symmetric)");
            }
        }
        for (int i = 0; i < rows; i++) {
            if (!(scales[i] >= 0f) || scales[i] == Float.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("scales[" + i + "] = " + scales[i]
                        + " must be finite and not negative");
            }
        }
        return new QuantizedMatrix(Format.INT8, rows, cols, null, values.clone(), scales.clone());
    }

    private static int size(int rows, int cols) {
        Checks.nonNegative("rows", rows);
        Checks.nonNegative("cols", cols);
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix has more elements than an array holds");
        }
        return (int) size;
    }

    /** bfloat16 bits of {@code v}, rounded to nearest even; NaN stays a (quiet) NaN of the same sign. */
    public static short toBf16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) return (short) ((bits >>> 16) | 0x0040);
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    /** The float32 value of bfloat16 bits (exact). */
    public static float fromBf16(short bits) {
        return Float.intBitsToFloat(bits << 16);
    }

    public Format format() {
        return format;
    }

    /** n: the output units. */
    public int rows() {
        return rows;
    }

    /** k: the inputs. */
    public int cols() {
        return cols;
    }

    /** The weight at (i, j), dequantised: bf16 widened, or q·scale. */
    public float get(int i, int j) {
        java.util.Objects.checkIndex(i, rows);
        java.util.Objects.checkIndex(j, cols);
        int at = i * cols + j;
        return format == Format.BF16 ? fromBf16(bf16[at]) : int8[at] * scales[i];
    }

    /** Writes the dequantised matrix to {@code out[off]} with leading dimension {@code ld}. */
    public void dequantize(float[] out, int off, int ld) {
        Checks.matrix("out", out, off, rows, cols, ld);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int at = i * cols + j;
                out[off + i * ld + j] = format == Format.BF16 ? fromBf16(bf16[at]) : int8[at] * scales[i];
            }
        }
    }

    /** The dequantised matrix, rows·cols floats, row-major. */
    public float[] dequantize() {
        float[] out = new float[rows * cols];
        if (out.length > 0) dequantize(out, 0, cols);
        return out;
    }

    /** BF16: the stored bits, row-major (not a copy; do not modify). */
    public short[] bf16Bits() {
        requireFormat(Format.BF16);
        return bf16;
    }

    /** INT8: the stored values, row-major (not a copy; do not modify). */
    public byte[] int8Values() {
        requireFormat(Format.INT8);
        return int8;
    }

    /** INT8: the scale of each row (not a copy; do not modify). */
    public float[] scales() {
        requireFormat(Format.INT8);
        return scales;
    }

    /** The bytes the weights take (2 a weight for BF16; 1 a weight and 4 a row for INT8). */
    public long storedBytes() {
        return format == Format.BF16 ? 2L * rows * cols : (long) rows * cols + 4L * rows;
    }

    private void requireFormat(Format f) {
        if (format != f) throw new IllegalStateException("the matrix is " + format + ", not " + f);
    }

    /** Same format, shape and stored bits. */
    @Override
    public boolean equals(Object o) {
        return o instanceof QuantizedMatrix q && format == q.format && rows == q.rows && cols == q.cols
                && Arrays.equals(bf16, q.bf16) && Arrays.equals(int8, q.int8) && Arrays.equals(scales, q.scales);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(format, rows, cols, Arrays.hashCode(bf16), Arrays.hashCode(int8),
                Arrays.hashCode(scales));
    }

    @Override
    public String toString() {
        return "QuantizedMatrix[" + format + " " + rows + "x" + cols + "]";
    }
}
