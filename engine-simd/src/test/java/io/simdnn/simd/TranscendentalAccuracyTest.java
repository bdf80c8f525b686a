package io.simdnn.simd;

import io.simdnn.spi.Backend;
import io.simdnn.scalar.ReferenceMath;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.spi.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Sweeps every vectorised transcendental over the float range against a float64 reference and checks the documented
 * maximum errors (docs/simd-accuracy.md). The default run takes every 1024th float of each sign (4.2 million points
 * per function); the {@code slow}-tagged variant takes every float (run it with
 * {@code ./mvnw -B -pl engine-simd -am verify -Dsimd.slow=true}, see docs/simd-accuracy.md).
 *
 * <p>Forward errors are in ulps of the reference. Backward errors are in ulps with the unit floored at ulp(1) = 2⁻²³,
 * i.e. absolute near zero crossings, where a derivative is a difference of two terms of order 1.
 */
class TranscendentalAccuracyTest {
    /** The documented bounds: forward ulps, backward ulps (floored at ulp(1)). */
    record Bound(Activation f, float p, double forwardUlps, double backwardUlps) {}

    static final List<Bound> BOUNDS = List.of(
            new Bound(Activation.SIGMOID, 0f, 4, 4),
            new Bound(Activation.TANH, 0f, 4, 4),
            new Bound(Activation.SOFTPLUS, 0f, 4, 4),
            new Bound(Activation.ELU, 1f, 4, 4),
            new Bound(Activation.ELU, 0.3f, 4, 4),
            new Bound(Activation.SWISH, 1f, 6, 8),
            new Bound(Activation.SWISH, 0.75f, 6, 8),
            new Bound(Activation.GELU, 0f, 8, 8),
            new Bound(Activation.GELU_TANH, 0f, 8, 8),
            new Bound(Activation.GELU_SIGMOID, 0f, 6, 8));

    private static final int BATCH = 1 << 20;

    @Test
    void denseSweepHoldsTheDocumentedBounds() {
        sweepAll(1024);
    }

    @Test
    @Tag("slow")
    void exhaustiveSweepHoldsTheDocumentedBounds() {
        sweepAll(1);
    }

    private static void sweepAll(int stride) {
        Backend b = SimdBackend.create(1);
        List<String> failures = new ArrayList<>();
        for (Bound bound : BOUNDS) {
            double[] worst = sweep(b, bound.f(), bound.p(), stride);
            String line = String.format(Locale.ROOT, "%-12s p=%-5s forward %.2f ulp at %s, backward %.2f ulp at %s",
                    bound.f(), bound.p(), worst[0], Float.intBitsToFloat((int) worst[1]), worst[2],
                    Float.intBitsToFloat((int) worst[3]));
            System.out.println("[accuracy] " + line);
            if (!(worst[0] <= bound.forwardUlps()) || !(worst[2] <= bound.backwardUlps())) failures.add(line);
        }
        assertTrue(failures.isEmpty(), "bounds exceeded: " + failures);
    }

    /**
     * σ' and tanh' with relative accuracy over the whole float range (no floor: in ulps of the derivative itself,
     * down to the normal range, below which results are flushed): the bound of docs/simd-accuracy.md.
     */
    @Test
    void sigmoidAndTanhDerivativesHaveRelativeAccuracy() {
        Backend b = SimdBackend.create(1);
        for (Activation f : List.of(Activation.SIGMOID, Activation.TANH)) {
            double[] worst = sweep(b, f, 0f, 1024, 0);
            System.out.println(String.format(Locale.ROOT, "[accuracy] %-12s backward %.2f ulp (relative) at %s", f,
                    worst[2], Float.intBitsToFloat((int) worst[3])));
            assertTrue(worst[2] <= RELATIVE_DERIVATIVE_ULPS, f + "' error " + worst[2] + " ulp at "
                    + Float.intBitsToFloat((int) worst[3]));
        }
    }

    /** The documented relative bound of σ' and tanh'. */
    static final double RELATIVE_DERIVATIVE_ULPS = 4;

    /** Max forward error, its input's bits, max backward error, its input's bits. */
    static double[] sweep(Backend b, Activation f, float p, int stride) {
        return sweep(b, f, p, stride, Math.ulp(1f));
    }

    /** As above, with the backward unit floored at {@code backwardFloor} (0: purely relative, down to MIN_NORMAL). */
    static double[] sweep(Backend b, Activation f, float p, int stride, double backwardFloor) {
        float[] z = new float[BATCH], a = new float[BATCH], ones = new float[BATCH], d = new float[BATCH];
        java.util.Arrays.fill(ones, 1f);
        double[] worst = {0, 0, 0, 0};
        long total = 2L * (0x7f800000L / stride + 1) + 4;
        long next = 0;
        while (next < total) {
            int n = (int) Math.min(BATCH, total - next);
            for (int i = 0; i < n; i++) z[i] = input(next + i, stride);
            b.activate(f, p, n, z, 0, a, 0);
            b.activateBackward(f, p, n, z, 0, a, 0, ones, 0, d, 0);
            for (int i = 0; i < n; i++) {
                double ef = Reference.ulpError(a[i], ReferenceMath.activation(f, p, z[i]), 0);
                double eb = Reference.ulpError(d[i], ReferenceMath.activationDerivative(f, p, z[i], a[i]), backwardFloor);
                if (ef > worst[0] || Double.isNaN(ef)) {
                    worst[0] = ef;
                    worst[1] = Float.floatToRawIntBits(z[i]);
                }
                if (eb > worst[2] || Double.isNaN(eb)) {
                    worst[2] = eb;
                    worst[3] = Float.floatToRawIntBits(z[i]);
                }
            }
            next += n;
        }
        return worst;
    }

    /** The i-th sweep point: every stride-th non-negative float, then their negatives, then ±∞ and NaN. */
    private static float input(long i, int stride) {
        long half = 0x7f800000L / stride + 1;
        if (i < half) return Float.intBitsToFloat((int) Math.min(i * stride, 0x7f7fffffL));
        if (i < 2 * half) return -Float.intBitsToFloat((int) Math.min((i - half) * stride, 0x7f7fffffL));
        return switch ((int) (i - 2 * half)) {
            case 0 -> Float.POSITIVE_INFINITY;
            case 1 -> Float.NEGATIVE_INFINITY;
            case 2 -> Float.NaN;
            default -> Float.MAX_VALUE;
        };
    }
}
