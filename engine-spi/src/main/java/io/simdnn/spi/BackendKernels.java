package io.simdnn.spi;

/**
 * Everything a backend implements: the five kernel families, its name, its vector width and its threads. Wrap an
 * implementation in a {@link Backend} (the checking facade callers use). Implementations need not write every kernel:
 * extending the scalar reference ({@code io.simdnn.scalar.ScalarKernels}) and overriding what they speed up is the
 * intended way, and the conformance kit proves each override against its float64 oracles.
 *
 * <p>Implementations are thread-safe: any number of threads may call one instance at once.
 */
public interface BackendKernels extends MatrixKernels, ElementwiseKernels, RowKernels, VectorKernels, OptimiserKernels {
    /** Short name, as its provider's. */
    String name();

    /** Width in bits of the vectors the kernels use (32 for scalar code). */
    int vectorBitSize();

    /** The most threads one kernel call uses. */
    default int threads() {
        return 1;
    }

    /**
     * The sizes (rows, columns or depth of a product, lengths of a vector) at which this backend's code changes path
     * — cache blocks, register tiles, small-matrix thresholds, the lane count — so that the conformance kit's shapes
     * straddle each of them (e − 1, e, e + 1). Empty for code without such edges.
     */
    default java.util.List<Integer> blockingEdges() {
        return java.util.List.of();
    }

    /**
     * Releases helper threads or other resources; idempotent. The kernels may still be called afterwards (the facade
     * promises it) and must then give the same results, e.g. on the calling thread alone. A call in flight on another
     * thread must complete normally.
     */
    default void close() {}
}
