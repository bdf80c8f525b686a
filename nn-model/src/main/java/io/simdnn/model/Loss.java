package io.simdnn.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Training losses, averaged over the samples of a batch. The two cross-entropies are fused with their link and read
 * the last layer's values as logits; the others compare the linked output ŷ with the target.
 */
public enum Loss {
    /** ½‖ŷ − y‖² per sample (the notes' cost C). */
    SQUARED_ERROR,
    /** Mean squared error: (ŷ − y)² averaged over samples and outputs. */
    MSE,
    /** ‖ŷ − y‖₁ per sample. */
    ABSOLUTE_ERROR,
    /** −Σ y·log softmax(z) per sample, fused with the softmax. */
    SOFTMAX_CROSS_ENTROPY,
    /** Binary cross-entropy of σ(z) per output, summed over outputs, fused with the sigmoid. */
    SIGMOID_CROSS_ENTROPY,
    /** Σ max(0, 1 − s·ŷ) per sample with signs s = 2y − 1. */
    HINGE;

    /** The loss the output link usually goes with: cross-entropy for softmax and sigmoid, MSE for linear. */
    public static Loss defaultFor(Output output) {
        return switch (output) {
            case SOFTMAX -> SOFTMAX_CROSS_ENTROPY;
            case SIGMOID -> SIGMOID_CROSS_ENTROPY;
            case LINEAR -> MSE;
        };
    }

    /** Whether the loss is fused with a link and reads logits. */
    public boolean readsLogits() {
        return this == SOFTMAX_CROSS_ENTROPY || this == SIGMOID_CROSS_ENTROPY;
    }

    /**
     * Looks a loss up by name, ignoring case and treating '-' as '_'; also accepts the short names "ce"
     * (softmax cross-entropy), "bce" and "mae". The error lists the valid names.
     */
    public static Loss parse(String name) {
        String key = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        switch (key) {
            case "CE", "CROSS_ENTROPY" -> { return SOFTMAX_CROSS_ENTROPY; }
            case "BCE", "BINARY_CROSS_ENTROPY" -> { return SIGMOID_CROSS_ENTROPY; }
            case "MAE" -> { return ABSOLUTE_ERROR; }
            default -> { }
        }
        for (Loss l : values()) {
            if (l.name().equals(key)) return l;
        }
        throw new IllegalArgumentException("unknown loss '" + name + "'; valid: "
                + Arrays.stream(values()).map(l -> l.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
