package io.simdnn.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
import org.ejml.EjmlVersion;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * The GEMM implementations the benchmark compares, each bound to its operands: C = op(A)·op(B) with alpha = 1 and
 * beta = 0 (C overwritten), all matrices row-major as {@link GemmShape} describes.
 *
 * <ul>
 *   <li>{@code scalar}, {@code simd}: the backend of that name on one thread;</li>
 *   <li>{@code simd-mt}: the simd backend on every available processor;</li>
 *   <li>{@code ejml}: EJML's {@code CommonOps_FDRM.mult / multTransA / multTransB / multTransAB} on the same arrays
 *       (wrapped, not copied);</li>
 *   <li>{@code netlib}: {@code dev.ludovic.netlib}'s pure-Java Vector API BLAS ({@code VectorBLAS}), whose column-major
 *       {@code sgemm} computes the row-major product by swapping the operands: a row-major C = op(A)·op(B) is the
 *       column-major Cᵀ = op(B)ᵀ·op(A)ᵀ.</li>
 * </ul>
 */
public final class GemmImpls {
    /** The implementation names accepted by {@link #create}. */
    public static final String[] NAMES = {"scalar", "simd", "simd-mt", "ejml", "netlib"};

    /** The netlib class that must be chosen: its Vector API implementation, not the F2j translation or native code. */
    static final String NETLIB_VECTOR_CLASS = "dev.ludovic.netlib.blas.VectorBLAS";

    /** One bound product, ready to run repeatedly. */
    @FunctionalInterface
    public interface Product {
        void run();
    }

    private GemmImpls() {}

    /**
     * Binds implementation {@code impl} to the operands: A and B hold the stored matrices and C receives the m×n
     * product.
     *
     * @throws IllegalArgumentException for an unknown name
     * @throws IllegalStateException    when the implementation cannot run in this JVM (the message says why)
     */
    public static Product create(String impl, GemmShape s, float[] a, float[] b, float[] c) {
        return switch (impl) {
            case "scalar", "simd", "simd-mt" -> backend(backendFor(impl), s, a, b, c);
            case "ejml" -> ejml(s, a, b, c);
            case "netlib" -> netlib(s, a, b, c);
            default -> throw new IllegalArgumentException("unknown GEMM implementation '" + impl + "'; valid: "
                    + String.join(", ", NAMES));
        };
    }

    /** The backend behind a backend implementation name. */
    static Backend backendFor(String impl) {
        return switch (impl) {
            case "scalar" -> Backends.get("scalar", 1);
            case "simd" -> Backends.get("simd", 1);
            case "simd-mt" -> Backends.get("simd", Runtime.getRuntime().availableProcessors());
            default -> throw new IllegalArgumentException("'" + impl + "' is not a backend implementation");
        };
    }

    /** One line naming what {@code impl} runs, for the set-up printout. */
    public static String describe(String impl) {
        return switch (impl) {
            case "scalar", "simd", "simd-mt" -> "simdnn backend " + backendFor(impl);
            case "ejml" -> "EJML " + EjmlVersion.VERSION + " CommonOps_FDRM";
            case "netlib" -> "netlib BLAS " + netlibBlas().getClass().getName();
            default -> throw new IllegalArgumentException("unknown GEMM implementation '" + impl + "'");
        };
    }

    private static Product backend(Backend backend, GemmShape s, float[] a, float[] b, float[] c) {
        boolean ta = s.transA(), tb = s.transB();
        int m = s.m(), n = s.n(), k = s.k(), lda = s.lda(), ldb = s.ldb();
        return () -> backend.gemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
    }

    private static Product ejml(GemmShape s, float[] a, float[] b, float[] c) {
        FMatrixRMaj ma = FMatrixRMaj.wrap(s.aRows(), s.lda(), a);
        FMatrixRMaj mb = FMatrixRMaj.wrap(s.bRows(), s.ldb(), b);
        FMatrixRMaj mc = FMatrixRMaj.wrap(s.m(), s.n(), c);
        if (s.transA() && s.transB()) return () -> CommonOps_FDRM.multTransAB(ma, mb, mc);
        if (s.transA()) return () -> CommonOps_FDRM.multTransA(ma, mb, mc);
        if (s.transB()) return () -> CommonOps_FDRM.multTransB(ma, mb, mc);
        return () -> CommonOps_FDRM.mult(ma, mb, mc);
    }

    private static Product netlib(GemmShape s, float[] a, float[] b, float[] c) {
        BLAS blas = netlibBlas();
        // Row-major X stored r×c is column-major Xᵀ: so Cᵀ = op(B)ᵀ·op(A)ᵀ, with B first and the flags carried over.
        String opB = s.transB() ? "T" : "N", opA = s.transA() ? "T" : "N";
        int m = s.m(), n = s.n(), k = s.k(), lda = s.lda(), ldb = s.ldb();
        return () -> blas.sgemm(opB, opA, n, m, k, 1f, b, 0, ldb, a, 0, lda, 0f, c, 0, n);
    }

    /**
     * netlib's Java BLAS, checked to be the Vector API one. Native code is switched off first: the comparison is
     * between pure-Java implementations in one JVM.
     */
    static BLAS netlibBlas() {
        System.setProperty("dev.ludovic.netlib.blas.allowNative", "false");
        BLAS blas = JavaBLAS.getInstance();
        if (!blas.getClass().getName().equals(NETLIB_VECTOR_CLASS)) {
            throw new IllegalStateException("netlib chose " + blas.getClass().getName() + ", not " + NETLIB_VECTOR_CLASS
                    + ": run the JVM with --add-modules jdk.incubator.vector");
        }
        return blas;
    }
}
