package io.simdnn.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Training losses. Each is a mean over the batch: over its rows, or over all its elements (rows × outputs) where
 * PyTorch's {@code reduction='mean'} divides by that; the constants say which, and {@code docs/interop.md} has the
 * table with the PyTorch equivalents. The two cross-entropies are fused with their link and read the last layer's
 * values as logits; the others compare the linked output ŷ with the target.
 */
public enum Loss {
    /** ½‖ŷ − y‖² per row, averaged over rows (the notes' cost C; PyTorch's {@code MSELoss} × outputs / 2). */
    SQUARED_ERROR,
    /** Mean squared error: (ŷ − y)² averaged over rows and outputs (PyTorch's {@code MSELoss}). */
    MSE,
    /** ‖ŷ − y‖₁ per row, averaged over rows (PyTorch's {@code L1Loss} × outputs). */
    ABSOLUTE_ERROR,
    /** Mean absolute error: |ŷ − y| averaged over rows and outputs (PyTorch's {@code L1Loss}). */
    MAE,
    /**
     * −Σⱼ yⱼ·log softmax(z)ⱼ per row, averaged over rows, fused with the softmax (PyTorch's
     * {@code CrossEntropyLoss}, one-hot or soft targets; class indices through {@link Workspace#loss(Loss, int[], int)}).
     */
    SOFTMAX_CROSS_ENTROPY,
    /**
     * Binary cross-entropy of σ(z), averaged over rows and outputs, fused with the sigmoid (PyTorch's
     * {@code BCEWithLogitsLoss}, Keras's {@code binary_crossentropy}).
     */
    SIGMOID_CROSS_ENTROPY,
    /** Σ max(0, 1 − s·ŷ) per row with signs s = 2y − 1, averaged over rows. */
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
     * (softmax cross-entropy) and "bce". The error lists the valid names.
     */
    public static Loss parse(String name) {
        String key = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        switch (key) {
            case "CE", "CROSS_ENTROPY" -> { return SOFTMAX_CROSS_ENTROPY; }
            case "BCE", "BINARY_CROSS_ENTROPY" -> { return SIGMOID_CROSS_ENTROPY; }
                        default -> { }
        }
        for (Loss l : values()) {
            if (l.name().equals(key)) return l;
        }
        throw new IllegalArgumentException("unknown loss '" + name + "'; valid: "
                + Arrays.stream(values()).map(l -> l.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
