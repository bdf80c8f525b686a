package io.simdnn.conformance;

import io.simdnn.spi.Backend;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Opt-in property: the backend's optimiser steps perform, for each element, the scalar reference's IEEE operations
 * in the reference's order (no fused multiply-add, no reassociation, a correctly rounded square root), so their
 * results equal the reference's bit for bit, not only within the float64 oracles' tolerance. A kit subclass declares
 * this by implementing the interface:
 *
 * <pre>{@code
 * class MyBackendConformanceTest extends BackendConformance implements ReferenceOrderOptimiserContract { ... }
 * }</pre>
 *
 * Each case runs momentum (classical and Nesterov), AdaGrad, RMSprop and Adam (with and without weight decay) on
 * both backends from the same w, g and state, and compares every weight and state element by its bits (+0 and −0
 * differ; any NaN equals any NaN, since the sign and payload of a NaN are not data), and the guard cells around
 * them by their raw bits (untouched). Gradients include NaN, ±∞,
 * ±0, subnormals and values whose square overflows or underflows; the sizes cover the lane tails and one vector
 * long enough to be split across threads.
 */
public interface ReferenceOrderOptimiserContract extends Contract {

    /** A vector long enough for a backend to split its optimiser step across threads (and not a lane multiple). */
    int LONG_VECTOR = 70_001;

    /** Specials mixed into gradients and states: NaN, ±∞, ±0, subnormals, overflowing and underflowing squares. */
    float[] SPECIALS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE,
            -Float.MIN_NORMAL / 3, 1e30f, -1e-30f, Float.MAX_VALUE};

    /** One step's inputs; the arrays are rebuilt from the seed for each backend. */
    record StepCase(int n, int off, float lr, float a, float b, float eps, float weightDecay, int step, long seed) {
        float[] w() {
            return values(1, false);
        }

        float[] g() {
            return values(2, true);
        }

        float[] state(long salt) {
            return values(salt, true);
        }

        /** Values in [−1, 1] or log-uniform in [2⁻²⁰, 2²⁰] at offset off; one in eight a special when asked. */
        private float[] values(long salt, boolean specials) {
            SplittableRandom r = new SplittableRandom(seed * 31 + salt);
            boolean wide = r.nextBoolean();
            float[] v = Data.vector(r, wide ? Data.Tier.WIDE : Data.Tier.REAL, n, off, 2);
            if (specials) {
                for (int i = off; i < off + n; i++) {
                    if (r.nextInt(8) == 0) v[i] = SPECIALS[r.nextInt(SPECIALS.length)];
                }
            }
            return v;
        }
    }

    @Provide
    default Arbitrary<StepCase> referenceOrderCases() {
        Arbitrary<Integer> sizes = Arbitraries.frequencyOf(Tuple.of(19, Shapes.size(300, true)),
                Tuple.of(1, Arbitraries.just(LONG_VECTOR)));
        return Combinators.combine(sizes, Arbitraries.of(0.1f, 0.01f, 1f, -0.5f, 0f, 1e-3f),
                Arbitraries.of(0f, 0.5f, 0.9f, 0.99f), Arbitraries.of(0f, 0.9f, 0.999f, 0.9999f),
                Arbitraries.of(1e-8f, 1e-6f, 0f, 0.1f), Arbitraries.of(0f, 0.01f, 0.1f),
                Arbitraries.of(1, 2, 3, 10, 1000), Shapes.seeds())
                // The seed's low bits pick the offset (combine takes at most 8 inputs).
                .as((n, lr, a, b, eps, wd, step, seed) -> new StepCase(n, (int) (seed & 3), lr, a, b, eps, wd, step,
                        seed))
                .withoutEdgeCases();
    }

    /** Every optimiser step of the backend equals the scalar reference's bit for bit. */
    @Property(tries = 400)
    default void optimiserStepsAreBitIdenticalToTheReference(@ForAll("referenceOrderCases") StepCase c) {
        Statistics.collect(c.n() == LONG_VECTOR ? "long" : c.n() % lanes() == 0 ? "lane multiple" : "with tail");
        assertOptimiserStepsMatchTheReferenceBits(c);
    }

    /** The property's check for one case: each step on both backends, weights and states compared by their bits. */
    default void assertOptimiserStepsMatchTheReferenceBits(StepCase c) {
        for (boolean nesterov : new boolean[] {false, true}) {
            compare(c, "momentum" + (nesterov ? " (Nesterov)" : ""), 1, (b, w, g, s) -> b.momentumStep(c.n(), c.lr(),
                    c.a(), nesterov, w, c.off(), g, c.off(), s[0], c.off()));
        }
        compare(c, "adagrad", 1, (b, w, g, s) -> b.adagradStep(c.n(), c.lr(), c.eps(), w, c.off(), g, c.off(), s[0],
                c.off()));
        float rho = Math.min(c.a(), 0.999f);
        compare(c, "rmsprop", 1, (b, w, g, s) -> b.rmspropStep(c.n(), c.lr(), rho, c.eps(), w, c.off(), g, c.off(),
                s[0], c.off()));
        String adam = c.weightDecay() == 0f ? "adam" : "adamw";
        compare(c, adam, 2, (b, w, g, s) -> b.adamStep(c.n(), c.lr(), c.a(), c.b(), c.eps(), c.weightDecay(),
                c.step(), w, c.off(), g, c.off(), s[0], c.off(), s[1], c.off()));
    }

    /** One optimiser call on given weights, gradients and state arrays. */
    @FunctionalInterface
    interface Step {
        void run(Backend backend, float[] w, float[] g, float[][] states);
    }

    private void compare(StepCase c, String what, int stateCount, Step step) {
        float[] w = c.w(), g = c.g(), wRef = w.clone();
        float[][] s = new float[stateCount][], sRef = new float[stateCount][];
        for (int k = 0; k < stateCount; k++) {
            s[k] = c.state(3 + k);
            sRef[k] = s[k].clone();
        }
        step.run(backend(), w, g, s);
        step.run(reference(), wRef, g, sRef);
        sameBits(what + " w", w, wRef, c);
        for (int k = 0; k < stateCount; k++) sameBits(what + " state " + (k + 1), s[k], sRef[k], c);
    }

    /** Inside the window: equal bits, NaN as NaN. Outside (the guard cells): equal raw bits. */
    private static void sameBits(String what, float[] got, float[] want, StepCase c) {
        for (int i = 0; i < want.length; i++) {
            boolean inside = i >= c.off() && i < c.off() + c.n();
            if (inside ? Float.floatToIntBits(got[i]) != Float.floatToIntBits(want[i])
                    : Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(want[i])) {
                throw new AssertionError(what + "[" + i + "] = " + got[i] + " (0x"
                        + Integer.toHexString(Float.floatToRawIntBits(got[i])) + ") but the reference gives " + want[i]
                        + " (0x" + Integer.toHexString(Float.floatToRawIntBits(want[i])) + ")");
            }
        }
    }
}
