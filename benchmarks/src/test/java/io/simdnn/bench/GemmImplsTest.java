package io.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.spi.Backends;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every GEMM implementation the benchmark times computes the product its shape string describes. */
class GemmImplsTest {

    private static final String[] SHAPES = {"5x7x3", "1x9x4:NT", "17x3x11:TN", "6x13x8:TT", "3x40x33:NT", "33x2x1"};

    private static List<String> runnableImpls() {
        List<String> impls = new ArrayList<>(List.of("scalar", "ejml", "netlib"));
        boolean simd = Backends.candidates().stream()
                .anyMatch(c -> c.name().equals("simd") && c.availability().available());
        if (simd) impls.addAll(List.of("simd", "simd-mt"));
        return impls;
    }

    @Test
    void everyImplementationComputesEveryTransposeCombination() {
        for (String impl : runnableImpls()) {
            for (String text : SHAPES) {
                GemmShape s = GemmShape.parse(text);
                float[] a = Verify.uniform(s.aRows() * s.lda(), 1, -1f, 1f);
                float[] b = Verify.uniform(s.bRows() * s.ldb(), 2, -1f, 1f);
                float[] c = new float[s.m() * s.n()];
                java.util.Arrays.fill(c, Float.NaN);
                GemmImpls.create(impl, s, a, b, c).run();
                Verify.gemm(impl, s, a, b, c);
            }
        }
    }

    @Test
    void netlibIsItsVectorApiImplementation() {
        assertTrue(GemmImpls.describe("netlib").endsWith(GemmImpls.NETLIB_VECTOR_CLASS));
    }

    @Test
    void theCheckRejectsAWrongProduct() {
        GemmShape s = GemmShape.parse("4x5x6:NT");
        float[] a = Verify.uniform(s.aRows() * s.lda(), 1, -1f, 1f);
        float[] b = Verify.uniform(s.bRows() * s.ldb(), 2, -1f, 1f);
        float[] c = new float[s.m() * s.n()];
        // The product without the transpose of B, read as if it were right: the check must notice.
        GemmImpls.create("scalar", GemmShape.parse("4x5x6:NN"), a, transposed(b, 5, 6), c).run();
        Verify.gemm("scalar", s, a, b, c);
        GemmImpls.create("scalar", GemmShape.parse("4x5x6:NN"), a, b, c).run();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Verify.gemm("x", s, a, b, c));
        assertTrue(e.getMessage().startsWith("x computes a wrong product for 4x5x6:NT: C["), e.getMessage());
    }

    @Test
    void shapesParseAndReportBadInput() {
        GemmShape s = GemmShape.parse("256x784x64:TN");
        assertEquals(new GemmShape(256, 784, 64, true, false), s);
        assertEquals(256, s.lda());
        assertEquals(784, s.ldb());
        assertEquals(2.0 * 256 * 784 * 64, s.flops());
        assertEquals("16x16x16:NN", GemmShape.parse("16x16x16").toString());
        for (String bad : new String[] {"16x16", "16x16x16:NX", "axbxc", "0x4x4", "4x4x4:NT:N"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GemmShape.parse(bad));
            assertTrue(e.getMessage().contains("shape"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> GemmImpls.create("blas", s, null, null, null));
    }

    /** The r×c row-major matrix x as c×r. */
    private static float[] transposed(float[] x, int r, int c) {
        float[] t = new float[x.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) t[j * r + i] = x[i * c + j];
        }
        return t;
    }
}
