package io.simdnn.conformance;

import static io.simdnn.conformance.ArgumentContract.IAE;
import static io.simdnn.conformance.ArgumentContract.IOOBE;
import static io.simdnn.conformance.ArgumentContract.NPE;
import static io.simdnn.conformance.ArgumentContract.rejects;

import io.simdnn.conformance.Data.Tier;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.spi.QuantizedMatrix;
import io.simdnn.spi.QuantizedMatrix.Format;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * Quantised weights ({@link QuantizedMatrix}) and the dense layer over them: the quantise/dequantise round trip, and
 * C = f(A·dequant(W)ᵀ + bias) against the float64 oracle of the dequantised weights, with the dense layer's bound
 * taken over k + 3 terms (an INT8 kernel may multiply by the row scale after the sum, and the dequantised weight
 * q·s is itself a rounded product).
 */
public interface QuantizedContract extends Contract {

    /** One generated quantised dense call; {@code zeroRow} sets one W row to zeros (INT8 scale 0). */
    record QuantCase(Format format, int m, int n, int k, Activation f, float p, boolean bias, Tier tier, int aOff,
            int padA, int cOff, int padC, boolean zeroRow, long seed) {}

    @Provide
    default Arbitrary<QuantCase> quantCases() {
        return quantCases(Shapes.size(40, false), Shapes.size(70, false), Shapes.size(70, true));
    }

    /** Layers large enough for the batch-1 kernel to split over threads and for m &gt; 1 to take several W blocks. */
    @Provide
    default Arbitrary<QuantCase> largeQuantCases() {
        return quantCases(Arbitraries.of(1, 1, 2, 5, 17), Arbitraries.integers().between(100, 300),
                Arbitraries.integers().between(500, 1100));
    }

    private static Arbitrary<QuantCase> quantCases(Arbitrary<Integer> ms, Arbitrary<Integer> ns,
            Arbitrary<Integer> ks) {
        Arbitrary<Integer> rows = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(1)),
                net.jqwik.api.Tuple.of(1, ms));
        return Combinators.combine(Arbitraries.of(Format.class), rows, ns, ks, Shapes.activations(),
                Shapes.parameters(), Arbitraries.of(true, false), Arbitraries.of(Tier.REAL, Tier.WIDE))
                .flatAs((format, m, n, k, f, p, bias, tier) -> Combinators.combine(Shapes.offsets(),
                        Shapes.paddings(), Shapes.offsets(), Shapes.paddings(), Arbitraries.of(false, false, true),
                        Shapes.seeds()).as((aOff, padA, cOff, padC, zeroRow, seed) -> new QuantCase(format, m, n, k,
                        f, Shapes.parameter(f, p), bias, tier, aOff, padA, cOff, padC, zeroRow, seed)))
                .withoutEdgeCases();
    }

    @Property(tries = 250, shrinking = ShrinkingMode.BOUNDED)
    default void quantizedDenseMatchesOracle(@ForAll("quantCases") QuantCase q) {
        Statistics.collect(q.format(), q.m() == 1 ? "m = 1" : "m > 1",
                q.k() % lanes() != 0 ? "k % L != 0" : "k % L == 0");
        checkQuantizedDense(backend(), q);
    }

    @Property(tries = 20, shrinking = ShrinkingMode.BOUNDED)
    default void quantizedDenseLargeLayersMatchOracle(@ForAll("largeQuantCases") QuantCase q) {
        checkQuantizedDense(backend(), q);
    }

    private static void checkQuantizedDense(Backend backend, QuantCase q) {
        int m = q.m(), n = q.n(), k = q.k(), lda = Math.max(1, k + q.padA()), ldc = n + q.padC();
        SplittableRandom r = new SplittableRandom(q.seed());
        float[] a = Data.matrix(r, Tier.REAL, m, k, q.aOff(), lda, 1);
        float[] wf = Data.values(r, q.tier(), n * k);
        if (q.zeroRow()) java.util.Arrays.fill(wf, (n / 2) * k, (n / 2) * k + k, 0f);
        QuantizedMatrix w = QuantizedMatrix.quantize(q.format(), n, k, wf, 0, Math.max(1, k));
        float[] bias = q.bias() ? Data.vector(r, Tier.REAL, n, 1, 1) : null;
        float[] c = Data.matrix(r, Tier.REAL, m, n, q.cOff(), ldc, 2);
        float[] before = c.clone();
        backend.denseForward(m, n, k, a, q.aOff(), lda, w, bias, 1, q.f(), q.p(), c, q.cOff(), ldc);
        float[] deq = w.dequantize();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double z = bias == null ? 0 : bias[1 + j], abs = Math.abs(z);
                for (int p = 0; p < k; p++) {
                    double prod = (double) Data.at(a, q.aOff(), lda, i, p) * deq[j * k + p];
                    z += prod;
                    abs += Math.abs(prod);
                }
                double zTol = Tolerance.reduction(k + 3, abs) + Tolerance.ulp(z);
                Expect.close(q.format() + " dense C " + i + "," + j, i * n + j, Data.at(c, q.cOff(), ldc, i, j),
                        Oracle.activation(q.f(), q.p(), z), activationBound(q.f(), q.p(), z, zTol));
            }
        }
        Expect.untouchedOutside("C", c, before, Expect.window(q.cOff(), m, n, ldc));
    }

    /** f's budget plus the pre-activation bound carried through f, as the float dense layer's property. */
    private static double activationBound(Activation f, float p, double z, double zTol) {
        double ref = Oracle.activation(f, p, z);
        double slope = Math.abs(Oracle.derivative(f, p, z, ref));
        slope = Math.max(slope, Math.abs(Oracle.derivative(f, p, z + zTol, Oracle.activation(f, p, z + zTol))));
        slope = Math.max(slope, Math.abs(Oracle.derivative(f, p, z - zTol, Oracle.activation(f, p, z - zTol))));
        if (f == Activation.HARD_SIGMOID || f == Activation.HARD_TANH || f == Activation.RELU
                || f == Activation.LEAKY_RELU || f == Activation.ELU) {
            slope = Math.max(slope, f.hasParameter() ? Math.max(1, Math.abs(p)) : 1);
        }
        return Tolerance.forward(f, p, z, ref) + 1.01 * slope * zTol + Tolerance.ulp(ref);
    }

    /** A NaN in row i of A makes row i of C NaN and leaves the other rows finite. */
    @Property(tries = 100)
    default void quantizedDensePropagatesNaN(@ForAll("quantCases") QuantCase q) {
        int m = q.m(), n = q.n(), k = Math.max(1, q.k());
        SplittableRandom r = new SplittableRandom(q.seed());
        float[] a = Data.values(r, Tier.REAL, m * k);
        int row = r.nextInt(m);
        a[row * k + r.nextInt(k)] = Float.NaN;
        QuantizedMatrix w = QuantizedMatrix.quantize(q.format(), n, k, Data.values(r, Tier.REAL, n * k), 0, k);
        float[] c = new float[m * n];
        backend().denseForward(m, n, k, a, 0, k, w, null, 0, Activation.IDENTITY, 0f, c, 0, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float v = c[i * n + j];
                Expect.isTrue(i == row ? Float.isNaN(v) : Float.isFinite(v), q.format() + " C " + i + "," + j + " = "
                        + v + " with a NaN in row " + row + " of A");
            }
        }
    }

    /** BF16: round to nearest even, relative error ≤ 2⁻⁸ for normal values; NaN, ±∞ and ±0 kept. */
    @Property(tries = 1000)
    default void bf16RoundTrip(@ForAll("seed") long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = Data.values(r, Tier.WIDE, 37);
        w[3] = Float.NaN;
        w[5] = Float.NEGATIVE_INFINITY;
        w[7] = -0f;
        w[11] = Float.intBitsToFloat(0x3f80_8000); // 1 + 2⁻⁸: a tie, to the even 1
        w[13] = Float.intBitsToFloat(0x3f81_8000); // a tie to the even 1 + 2⁻⁶
        QuantizedMatrix q = QuantizedMatrix.quantize(Format.BF16, 1, w.length, w, 0, w.length);
        float[] d = q.dequantize();
        for (int i = 0; i < w.length; i++) {
            if (Float.isNaN(w[i])) {
                Expect.isTrue(Float.isNaN(d[i]), "bf16(NaN) = " + d[i]);
            } else if (Float.isInfinite(w[i]) || w[i] == 0f) {
                Expect.isTrue(Float.floatToRawIntBits(d[i]) == Float.floatToRawIntBits(w[i]),
                        "bf16(" + w[i] + ") = " + d[i]);
            } else {
                Expect.close("bf16", i, d[i], w[i], 0x1p-8 * Math.abs(w[i]));
                Expect.isTrue((Float.floatToRawIntBits(d[i]) & 0xffff) == 0, "bf16 keeps 16 low bits: " + d[i]);
            }
        }
        Expect.same("bf16 tie", 11, d[11], 1f);
        Expect.same("bf16 tie", 13, d[13], Float.intBitsToFloat(0x3f82_0000));
        Expect.isTrue(QuantizedMatrix.ofBf16(1, w.length, q.bf16Bits()).equals(q), "ofBf16 of the stored bits");
    }

    /** INT8: scale = max|w|/127 per row, |q| ≤ 127 (127 at the row maximum), |w − q·s| ≤ s/2 + ulp(w). */
    @Property(tries = 1000)
    default void int8RoundTrip(@ForAll("seed") long seed, @ForAll Tier tier) {
        SplittableRandom r = new SplittableRandom(seed);
        int rows = 1 + r.nextInt(5), cols = 1 + r.nextInt(40), ld = cols + r.nextInt(3), off = r.nextInt(3);
        float[] w = Data.matrix(r, tier, rows, cols, off, ld, 1);
        if (r.nextInt(4) == 0) {
            for (int j = 0; j < cols; j++) w[off + j] = 0f;
        }
        QuantizedMatrix q = QuantizedMatrix.quantize(Format.INT8, rows, cols, w, off, ld);
        float[] d = new float[rows * cols];
        q.dequantize(d, 0, cols);
        for (int i = 0; i < rows; i++) {
            double max = 0;
            for (int j = 0; j < cols; j++) max = Math.max(max, Math.abs(w[off + i * ld + j]));
            float s = q.scales()[i];
            Expect.close("int8 scale", i, s, max / 127, Tolerance.ulp(max / 127));
            int top = 0;
            for (int j = 0; j < cols; j++) {
                float v = w[off + i * ld + j];
                top = Math.max(top, Math.abs(q.int8Values()[i * cols + j]));
                Expect.close("int8", i * cols + j, d[i * cols + j], v, s / 2.0 + Math.ulp(v));
            }
            Expect.isTrue(top == (max == 0 ? 0 : 127), "row " + i + ": the largest |q| is " + top);
        }
        Expect.isTrue(QuantizedMatrix.ofInt8(rows, cols, q.int8Values(), q.scales()).equals(q),
                "ofInt8 of the stored values");
    }

    /** A zero row gives exactly f(bias); k = 0 gives f(bias) for every row. */
    @Example
    default void quantizedDenseZeroRowsAndEmptyK() {
        for (Format format : Format.values()) {
            QuantizedMatrix w = QuantizedMatrix.quantize(format, 3, 5,
                    new float[] {1, 2, 3, 4, 5, 0, 0, 0, 0, 0, -1, 0.5f, 0.25f, 2, 7}, 0, 5);
            float[] a = {1, -2, 3, -4, 5, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
            float[] bias = {0.1f, -0.3f, 0.2f};
            float[] c = new float[6];
            backend().denseForward(2, 3, 5, a, 0, 5, w, bias, 0, Activation.RELU, 0f, c, 0, 3);
            Expect.same(format + " zero row", 1, c[1], 0f);
            Expect.same(format + " zero row", 4, c[4], 0f);
            QuantizedMatrix empty = QuantizedMatrix.quantize(format, 3, 0, new float[0], 0, 1);
            float[] e = new float[6];
            backend().denseForward(2, 3, 0, a, 0, 1, empty, bias, 0, Activation.IDENTITY, 0f, e, 0, 3);
            Expect.same(format + " k = 0", e, new float[] {0.1f, -0.3f, 0.2f, 0.1f, -0.3f, 0.2f});
        }
    }

    @Example
    default void quantizedDenseRejectsBadArguments() {
        Backend b = backend();
        Activation r = Activation.RELU;
        QuantizedMatrix w = QuantizedMatrix.quantize(Format.INT8, 2, 3, new float[6], 0, 3);
        rejects(NPE, () -> b.denseForward(2, 2, 3, new float[6], 0, 3, (QuantizedMatrix) null, null, 0, r, 0f, new float[4], 0, 2), "w");
        rejects(NPE, () -> b.denseForward(2, 2, 3, new float[6], 0, 3, w, null, 0, null, 0f, new float[4], 0, 2), "f");
        rejects(IAE, () -> b.denseForward(2, 3, 3, new float[6], 0, 3, w, null, 0, r, 0f, new float[6], 0, 3), "w is 2x3", "3x3");
        rejects(IAE, () -> b.denseForward(2, 2, 2, new float[6], 0, 3, w, null, 0, r, 0f, new float[4], 0, 2), "w is 2x3", "2x2");
        rejects(IAE, () -> b.denseForward(-1, 2, 3, new float[6], 0, 3, w, null, 0, r, 0f, new float[4], 0, 2), "m", "-1");
        rejects(IAE, () -> b.denseForward(2, 2, 3, new float[6], 0, 2, w, null, 0, r, 0f, new float[4], 0, 2), "lda", "2", "3");
        rejects(IAE, () -> b.denseForward(2, 2, 3, new float[6], 0, 3, w, null, 0, r, 0f, new float[4], 0, 1), "ldc", "1", "2");
        rejects(IOOBE, () -> b.denseForward(2, 2, 3, new float[5], 0, 3, w, null, 0, r, 0f, new float[4], 0, 2), "a", "5");
        rejects(IOOBE, () -> b.denseForward(2, 2, 3, new float[6], 0, 3, w, null, 0, r, 0f, new float[3], 0, 2), "c", "3");
        rejects(IOOBE, () -> b.denseForward(2, 2, 3, new float[6], 0, 3, w, new float[1], 0, r, 0f, new float[4], 0, 2), "bias", "1");
        float[] shared = new float[12];
        rejects(IAE, () -> b.denseForward(2, 2, 3, shared, 0, 3, w, null, 0, r, 0f, shared, 4, 2), "c", "a", "overlaps");
        rejects(IAE, () -> b.denseForward(2, 2, 3, new float[6], 0, 3, w, shared, 0, r, 0f, shared, 1, 2), "c", "bias", "overlaps");

        rejects(IAE, () -> QuantizedMatrix.quantize(Format.INT8, 2, 2, new float[] {1, 2, 3, Float.NaN}, 0, 2),
                "w[1][1]", "NaN", "finite");
        rejects(IAE, () -> QuantizedMatrix.quantize(Format.INT8, 1, 2, new float[] {Float.POSITIVE_INFINITY, 0}, 0, 2),
                "w[0][0]", "Infinity");
        rejects(IAE, () -> QuantizedMatrix.quantize(Format.BF16, 2, 3, new float[6], 0, 2), "ld", "2", "3");
        rejects(IOOBE, () -> QuantizedMatrix.quantize(Format.BF16, 2, 3, new float[5], 0, 3), "w", "5");
        rejects(IAE, () -> QuantizedMatrix.quantize(Format.BF16, -1, 3, new float[6], 0, 3), "rows", "-1");
        rejects(NPE, () -> QuantizedMatrix.quantize(null, 1, 1, new float[1], 0, 1), "format");
        rejects(IAE, () -> QuantizedMatrix.ofInt8(1, 2, new byte[] {1, -128}, new float[] {1}), "-128", "[-127, 127]");
        rejects(IAE, () -> QuantizedMatrix.ofInt8(1, 2, new byte[] {1, 2}, new float[] {-1}), "scales[0]", "-1.0");
        rejects(IAE, () -> QuantizedMatrix.ofInt8(2, 2, new byte[4], new float[1]), "scales", "2 rows");
        rejects(IAE, () -> QuantizedMatrix.ofBf16(2, 2, new short[3]), "3", "4");
    }
}
