package io.simdnn.bench;

/**
 * A GEMM problem C = op(A)·op(B), C m×n, written {@code "MxNxK"} or {@code "MxNxK:OO"} where the two letters are
 * BLAS's transpose codes for A and B ('N' as stored, 'T' transposed; "NN" when absent). All matrices are row-major
 * and tightly packed: A is stored m×k (k×m when transposed), B k×n (n×k when transposed).
 *
 * <p>Examples: {@code "1x256x784:NT"} is a batch-1 dense layer A·Wᵀ with W stored [256, 784];
 * {@code "256x784x64:TN"} is the weight gradient δᵀ·X of that layer for a batch of 64.
 */
public record GemmShape(int m, int n, int k, boolean transA, boolean transB) {

    public GemmShape {
        if (m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException("GEMM shape " + m + "x" + n + "x" + k + " must have m, n, k >= 1");
        }
    }

    public static GemmShape parse(String text) {
        String[] parts = text.trim().split(":", -1);
        String[] dims = parts[0].split("x", -1);
        String ops = parts.length == 2 ? parts[1].trim().toUpperCase(java.util.Locale.ROOT) : "NN";
        if (parts.length > 2 || dims.length != 3 || !ops.matches("[NT][NT]")) {
            throw new IllegalArgumentException("GEMM shape '" + text
                    + "' is not MxNxK or MxNxK:OO with O = N or T (e.g. 64x256x784:NT)");
        }
        try {
            return new GemmShape(Integer.parseInt(dims[0].trim()), Integer.parseInt(dims[1].trim()),
                    Integer.parseInt(dims[2].trim()), ops.charAt(0) == 'T', ops.charAt(1) == 'T');
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GEMM shape '" + text + "' has a size that is not a whole number", e);
        }
    }

    /** Leading dimension of A as stored. */
    public int lda() {
        return transA ? m : k;
    }

    /** Leading dimension of B as stored. */
    public int ldb() {
        return transB ? k : n;
    }

    /** Rows of A as stored. */
    public int aRows() {
        return transA ? k : m;
    }

    /** Rows of B as stored. */
    public int bRows() {
        return transB ? n : k;
    }

    /** Floating-point operations of one product: 2mnk (a multiply and an add per term). */
    public double flops() {
        return 2.0 * m * n * k;
    }

    /** op(A)[i][p]. */
    public float a(float[] a, int i, int p) {
        return transA ? a[p * lda() + i] : a[i * lda() + p];
    }

    /** op(B)[p][j]. */
    public float b(float[] b, int p, int j) {
        return transB ? b[j * ldb() + p] : b[p * ldb() + j];
    }

    @Override
    public String toString() {
        return m + "x" + n + "x" + k + ":" + (transA ? 'T' : 'N') + (transB ? 'T' : 'N');
    }
}
