package io.simdnn.conformance;

import io.simdnn.spi.Activation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Generators biased towards the sizes and values where kernels break. */
public final class Shapes {
    private Shapes() {}

    /** Tails and edges of 4-, 8-, 16- and 32-lane loops and of register blocks: L − 1, L, L + 1, 2L ± 1, .... */
    private static final Integer[] LANE_EDGES = {4, 5, 7, 8, 9, 12, 15, 16, 17, 23, 24, 25, 31, 32, 33, 47, 48, 49,
            63, 64, 65, 95, 96, 97, 127, 128, 129};
    private static final Integer[] PRIMES = {11, 13, 19, 29, 37, 41, 53, 61, 67, 71, 89, 101, 131, 149};

    /**
     * Sizes in [0 or 1, max]: mostly 1, 2, 3 and the lane edges, some primes, a few uniform, and 0 when
     * {@code allowEmpty}.
     */
    public static Arbitrary<Integer> size(int max, boolean allowEmpty) {
        Arbitrary<Integer> edges = Arbitraries.of(LANE_EDGES).filter(s -> s <= max);
        Arbitrary<Integer> primes = Arbitraries.of(PRIMES).filter(s -> s <= max);
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(1, 2, 3)),
                Tuple.of(max >= 4 ? 8 : 0, edges),
                Tuple.of(max >= 11 ? 3 : 0, primes),
                Tuple.of(3, Arbitraries.integers().between(1, max)),
                Tuple.of(allowEmpty ? 1 : 0, Arbitraries.just(0)));
    }

    /** Small sizes for element-wise and row kernels: up to {@code max}, biased to lane edges. */
    public static Arbitrary<Integer> length(int max) {
        return size(max, false);
    }

    public static Arbitrary<Data.Tier> tiers() {
        return Arbitraries.frequency(Tuple.of(3, Data.Tier.EXACT), Tuple.of(4, Data.Tier.REAL),
                Tuple.of(2, Data.Tier.WIDE));
    }

    /** Offsets 0–3: aligned and misaligned starts. */
    public static Arbitrary<Integer> offsets() {
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(0)), Tuple.of(3, Arbitraries.integers().between(1, 3)));
    }

    /** Leading-dimension padding 0–5. */
    public static Arbitrary<Integer> paddings() {
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(0)), Tuple.of(3, Arbitraries.integers().between(1, 5)));
    }

    public static Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /**
     * A scalar such as alpha or beta: 0, 1, −1, 2 or another value; in the exact tier "other" becomes 2 so that
     * products stay exact.
     */
    public static Arbitrary<Float> scalars() {
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(0f)), Tuple.of(3, Arbitraries.just(1f)),
                Tuple.of(2, Arbitraries.just(-1f)), Tuple.of(1, Arbitraries.just(2f)),
                Tuple.of(2, Arbitraries.of(0.5f, -0.75f, 1.3f, -2.5f, 0.1f)));
    }

    static float exactScalar(float s) {
        return s == 0f || s == 1f || s == -1f || s == 2f ? s : 2f;
    }

    public static Arbitrary<Activation> activations() {
        return Arbitraries.of(Activation.class);
    }

    /**
     * The parameter p for an activation: its default, 0, or another value in [−0.5, 2] (PReLU slopes, ELU
     * scales and Swish β of either sign).
     */
    public static Arbitrary<Float> parameters() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(Float.NaN)), Tuple.of(1, Arbitraries.just(0f)),
                Tuple.of(3, Arbitraries.floats().between(-0.5f, 2f).ofScale(3)));
    }

    /** The parameter to pass: a NaN from {@link #parameters()} stands for the activation's default. */
    public static float parameter(Activation f, float p) {
        if (!f.hasParameter()) return f.defaultParameter();
        return Float.isNaN(p) ? f.defaultParameter() : p;
    }
}
