package io.simdnn.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Weight initialisers (biases start at 0). fanIn and fanOut are a dense layer's input and output sizes. */
public enum Init {
    /** U(−1/√fanIn, 1/√fanIn), PyTorch's default for {@code nn.Linear}. */
    UNIFORM,
    /** N(0, 1/fanIn). */
    NORMAL,
    /** Xavier-Glorot uniform: U(−√(6/(fanIn + fanOut)), +√(6/(fanIn + fanOut))), for sigmoid and tanh. */
    XAVIER,
    /** He (Kaiming) normal: N(0, 2/fanIn), for ReLU-like activations. */
    HE;

    /** Fills {@code w} (fanOut×fanIn) from {@code rng}. */
    public void fill(float[] w, int fanIn, int fanOut, Rng rng) {
        switch (this) {
            case UNIFORM -> uniform(w, 1 / Math.sqrt(fanIn), rng);
            case NORMAL -> normal(w, Math.sqrt(1.0 / fanIn), rng);
            case XAVIER -> uniform(w, Math.sqrt(6.0 / (fanIn + fanOut)), rng);
            case HE -> normal(w, Math.sqrt(2.0 / fanIn), rng);
        }
    }

    private static void uniform(float[] w, double limit, Rng rng) {
        for (int i = 0; i < w.length; i++) w[i] = (float) ((2 * rng.nextDouble() - 1) * limit);
    }

    private static void normal(float[] w, double sd, Rng rng) {
        for (int i = 0; i < w.length; i++) w[i] = (float) (rng.nextGaussian() * sd);
    }

    /** Looks an initialiser up by name, ignoring case; "glorot" and "kaiming" are accepted too. */
    public static Init parse(String name) {
        String key = name.trim().toUpperCase(Locale.ROOT);
        if (key.equals("GLOROT")) return XAVIER;
        if (key.equals("KAIMING")) return HE;
        for (Init i : values()) {
            if (i.name().equals(key)) return i;
        }
        throw new IllegalArgumentException("unknown initialiser '" + name + "'; valid: "
                + Arrays.stream(values()).map(i -> i.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
