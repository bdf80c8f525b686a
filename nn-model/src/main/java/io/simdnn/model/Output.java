package io.simdnn.model;

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
