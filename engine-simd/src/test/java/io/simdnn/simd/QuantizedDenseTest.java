package io.simdnn.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.spi.PackedWeights;
import io.simdnn.spi.QuantizedMatrix;
import io.simdnn.spi.QuantizedMatrix.Format;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The quantised dense layer's own guarantees, beyond the conformance kit's error bound: batch 1 gives each row the
 * same bits in a group of eight or alone (so a thread split cannot change it), any thread count gives the same bits,
 * and a batch above {@link Gemm#SMALL_M} gives exactly the bits of the float layer with the dequantised weights
 * packed. The pom runs it again at each forced vector width.
 */
class QuantizedDenseTest {
    final SplittableRandom rnd = new SplittableRandom(11);

    float[] random(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (rnd.nextDouble() * 2 - 1);
        return v;
    }

    /** k covers whole vectors with and without a scalar tail, and rows too short for a vector. */
    @Test
    void batchOneRowsAreTheSameInAGroupOrAlone() {
        int l = Lanes.L;
        for (Format format : Format.values()) {
            for (int k : new int[] {784, 256, 4 * l + l, 4 * l + 2 * l + 3, 37, 5, 3 * l}) {
                int n = 2 * Gemm.ROW_GROUP + 3;
                float[] x = random(k), c = random(n);
                QuantizedMatrix w = QuantizedMatrix.quantize(format, n, k, random(n * k), 0, k);
                float[] group = c.clone(), alone = c.clone();
                QuantizedDense.rows(k, x, 0, w, 0, n, null, 0, Activation.IDENTITY, 0f, group, 0);
                for (int j = 0; j < n; j++) {
                    QuantizedDense.rows(k, x, 0, w, j, j + 1, null, 0, Activation.IDENTITY, 0f, alone, 0);
                }
                assertArrayEquals(alone, group, format + ", k = " + k + ", " + l + " lanes");
                float[] deq = w.dequantize();
                for (int j = 0; j < n; j++) {
                    double dot = 0, size = 0;
                    for (int p = 0; p < k; p++) {
                        dot += (double) x[p] * deq[j * k + p];
                        size += Math.abs((double) x[p] * deq[j * k + p]);
                    }
                    assertEquals(dot, group[j], 1e-6 * size, format + " row " + j + ", k = " + k);
                }
            }
        }
    }

    @Test
    void resultsAreBitIdenticalForAnyThreadCount() {
        Backend one = SimdBackend.create(1), two = SimdBackend.create(2), three = SimdBackend.create(3);
        int[][] shapes = {{1, 256, 784}, {1, 131, 700}, {64, 256, 784}, {17, 300, 517}, {5, 256, 784}};
        for (Format format : Format.values()) {
            for (int[] s : shapes) {
                int m = s[0], n = s[1], k = s[2];
                float[] a = random(m * k), bias = random(n);
                QuantizedMatrix w = QuantizedMatrix.quantize(format, n, k, random(n * k), 0, k);
                float[] c1 = new float[m * n], c2 = new float[m * n], c3 = new float[m * n];
                one.denseForward(m, n, k, a, 0, k, w, bias, 0, Activation.RELU, 0f, c1, 0, n);
                two.denseForward(m, n, k, a, 0, k, w, bias, 0, Activation.RELU, 0f, c2, 0, n);
                three.denseForward(m, n, k, a, 0, k, w, bias, 0, Activation.RELU, 0f, c3, 0, n);
                assertArrayEquals(c1, c2, format + " 1 vs 2 threads " + m + "x" + n + "x" + k);
                assertArrayEquals(c1, c3, format + " 1 vs 3 threads " + m + "x" + n + "x" + k);
            }
        }
        one.close();
        two.close();
        three.close();
    }

    /**
     * Shapes with a short last panel, two NC blocks of columns, a k past one KC block, and layers larger than the
     * per-thread buffer (dequantised a block of rows at a time); C has an offset and padding, which must stay
     * untouched.
     */
    @Test
    void largeBatchesEqualTheFloatLayerOnPackedDequantisedWeights() {
        Backend b = SimdBackend.create(2);
        int[][] shapes = {{64, 256, 784}, {17, 131, 300}, {40, Gemm.NC + 70, 90}, {33, 300, 1000}, {20, 10, 128}};
        for (Format format : Format.values()) {
            for (int[] s : shapes) {
                int m = s[0], n = s[1], k = s[2], ldc = n + 3;
                float[] a = random(m * k), bias = random(n + 1);
                QuantizedMatrix w = QuantizedMatrix.quantize(format, n, k, random(n * k), 0, k);
                PackedWeights packed = b.pack(n, k, w.dequantize(), 0, k);
                float[] want = random(2 + m * ldc), got = want.clone();
                b.denseForward(m, n, k, a, 0, k, packed, bias, 1, Activation.RELU, 0f, want, 2, ldc);
                b.denseForward(m, n, k, a, 0, k, w, bias, 1, Activation.RELU, 0f, got, 2, ldc);
                assertArrayEquals(want, got, format + " " + m + "x" + n + "x" + k);
            }
        }
        b.close();
    }
}
