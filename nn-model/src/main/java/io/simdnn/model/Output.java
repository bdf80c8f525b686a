package io.simdnn.model;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The output link applied to the last layer's values (the logits): identity, logistic sigmoid or softmax. */
public enum Output {
    /** Identity: regression, or raw logits. */
    LINEAR,
    /** Element-wise logistic sigmoid: binary or multi-label probabilities. */
    SIGMOID,
    /** Row-wise softmax: a distribution over classes. */
    SOFTMAX;

    /**
     * The link on rows×n logits z into y (may be z). LINEAR writes nothing: the logits are the outputs, so callers
     * read z.
     */
    void apply(Backend b, int rows, int n, float[] z, int zOff, float[] y, int yOff) {
        switch (this) {
            case LINEAR -> { }
            case SIGMOID -> b.activate(Activation.SIGMOID, Float.NaN, rows * n, z, zOff, y, yOff);
            case SOFTMAX -> b.softmax(rows, n, z, zOff, y, yOff);
        }
    }

    /** Looks an output link up by name, ignoring case; the error lists the valid names. */
    public static Output parse(String name) {
        String key = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Output o : values()) {
            if (o.name().equals(key)) return o;
        }
        throw new IllegalArgumentException("unknown output '" + name + "'; valid: "
                + Arrays.stream(values()).map(o -> o.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
