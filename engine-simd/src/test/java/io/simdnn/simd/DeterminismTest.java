package io.simdnn.simd;

import io.simdnn.spi.Backend;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simdnn.spi.Activation;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The same input gives bit-identical results with 1, 2 or 3 threads (the split never changes the arithmetic). */
class DeterminismTest {
    final Backend one = SimdBackend.create(1), two = SimdBackend.create(2), three = SimdBackend.create(3);
    final SplittableRandom rnd = new SplittableRandom(7);

    float[] random(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (rnd.nextDouble() * 2 - 1);
        return v;
    }

    @Test
    void gemmIsBitIdenticalForAnyThreadCount() {
        int[][] shapes = {{64, 256, 784}, {256, 78, 64}, {1, 512, 784}, {3, 300, 700}, {200, 40, 300},
                {97, 131, 257}, {1, 700, 900}, {13, 203, 517}, {16, 250, 784}, {5, 9, 33}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean tA = (t & 2) != 0, tB = (t & 1) != 0;
                int m = s[0], n = s[1], k = s[2];
                float[] a = random(m * k), b = random(k * n), c = random(m * n);
                float[] c1 = c.clone(), c2 = c.clone(), c3 = c.clone();
                one.gemm(tA, tB, m, n, k, 0.5f, a, 0, tA ? m : k, b, 0, tB ? k : n, 0.25f, c1, 0, n);
                two.gemm(tA, tB, m, n, k, 0.5f, a, 0, tA ? m : k, b, 0, tB ? k : n, 0.25f, c2, 0, n);
                three.gemm(tA, tB, m, n, k, 0.5f, a, 0, tA ? m : k, b, 0, tB ? k : n, 0.25f, c3, 0, n);
                assertArrayEquals(c1, c2, "1 vs 2 threads " + m + "x" + n + "x" + k + " tA=" + tA + " tB=" + tB);
                assertArrayEquals(c1, c3, "1 vs 3 threads " + m + "x" + n + "x" + k + " tA=" + tA + " tB=" + tB);
            }
        }
    }

    @Test
    void denseForwardIsBitIdenticalForAnyThreadCount() {
        for (int m : new int[] {1, 4, 13, 16, 64}) {
            int n = 256, k = 784;
            float[] a = random(m * k), w = random(n * k), bias = random(n);
            float[] c1 = new float[m * n], c2 = new float[m * n], c3 = new float[m * n];
            one.denseForward(m, n, k, a, 0, k, w, 0, k, bias, 0, Activation.GELU, 0f, c1, 0, n);
            two.denseForward(m, n, k, a, 0, k, w, 0, k, bias, 0, Activation.GELU, 0f, c2, 0, n);
            three.denseForward(m, n, k, a, 0, k, w, 0, k, bias, 0, Activation.GELU, 0f, c3, 0, n);
            assertArrayEquals(c1, c2);
            assertArrayEquals(c1, c3);
        }
    }

    /**
     * The batch-1 kernel reduces eight rows' lanes together: each row must come out bit for bit as when it is
     * computed alone (so a column split cannot change it), and close to a double-precision dot product (so the
     * reduction puts every sum in its own row). k covers a vector remainder and a scalar tail.
     */
    @Test
    void batchOneRowsAreTheSameInAGroupOrAlone() {
        float[] lanes = new float[Gemm.MR * Gemm.NR];
        for (int k : new int[] {784, 256, 37, 5, 3 * Lanes.L}) {
            int n = 2 * Gemm.ROW_GROUP + 3;
            float[] x = random(k), w = random(n * k), c = random(n);
            float[] group = c.clone(), alone = c.clone();
            Gemm.dotRows(k, 0.5f, x, 0, w, 0, k, 0, n, 0.25f, group, 0, lanes);
            for (int j = 0; j < n; j++) Gemm.dotRows(k, 0.5f, x, 0, w, 0, k, j, j + 1, 0.25f, alone, 0, lanes);
            assertArrayEquals(alone, group, "k = " + k + ", " + Lanes.L + " lanes");
            for (int j = 0; j < n; j++) {
                double dot = 0, size = 0;
                for (int p = 0; p < k; p++) {
                    dot += (double) x[p] * w[j * k + p];
                    size += Math.abs((double) x[p] * w[j * k + p]);
                }
                double want = 0.5 * dot + 0.25 * c[j];
                assertEquals(want, group[j], 1e-6 * (size + Math.abs(c[j])), "row " + j + ", k = " + k);
            }
        }
    }

    /** A row of a small batch (the 3×4 tiles, 3–16 rows) gets the bits it gets as a batch of one. */
    @Test
    void smallBatchRowsEqualSingleRows() {
        float[] lanes = new float[Gemm.MR * Gemm.NR];
        for (int k : new int[] {784, 256, 37, 16, 5}) {
            int m = 5, n = Gemm.ROW_GROUP + 5;
            float[] a = random(m * k), w = random(n * k), c = random(m * n);
            float[] batch = c.clone(), single = c.clone();
            Gemm.dotTile(k, 0.5f, a, 0, k, w, 0, k, 0, m, 0, n, 0.25f, batch, 0, n, lanes);
            for (int i = 0; i < m; i++) Gemm.dotRows(k, 0.5f, a, i * k, w, 0, k, 0, n, 0.25f, single, i * n, lanes);
            assertArrayEquals(single, batch, "k = " + k + ", " + Lanes.L + " lanes");
        }
    }

    @Test
    void adamStepIsBitIdenticalForAnyThreadCount() {
        for (int n : new int[] {SimdOptimisers.PARALLEL_STEP, 235_146}) {
            float[] w = random(n + 3), g = random(n + 3), m = random(n + 3), v = random(n + 3);
            for (int i = 0; i < v.length; i++) v[i] = Math.abs(v[i]);
            float[][] ws = {w.clone(), w.clone(), w.clone()}, ms = {m.clone(), m.clone(), m.clone()};
            float[][] vs = {v.clone(), v.clone(), v.clone()};
            Backend[] backends = {one, two, three};
            for (int b = 0; b < 3; b++) {
                for (int step = 1; step <= 3; step++) {
                    backends[b].adamStep(n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, step, ws[b], 3, g, 1, ms[b], 2, vs[b], 0);
                }
            }
            for (int b = 1; b < 3; b++) {
                assertArrayEquals(ws[0], ws[b], "w, " + (b + 1) + " threads, n = " + n);
                assertArrayEquals(ms[0], ms[b], "m, " + (b + 1) + " threads, n = " + n);
                assertArrayEquals(vs[0], vs[b], "v, " + (b + 1) + " threads, n = " + n);
            }
        }
    }
}
