package io.simdnn.train.autoencoder;

/**
 * The parameters of one auto-encoder layer: encoder W₁ (code×inputs, rows = code units, as a dense layer's) and
 * b₁ (code); decoder W₂ (inputs×code; null when tied, the decoder then reads W₁ transposed) and b₂ (inputs).
 * Mutable; used for training state and gradients.
 */
final class Weights {
    final float[] w1, b1, w2, b2;

    Weights(float[] w1, float[] b1, float[] w2, float[] b2) {
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
    }

    static Weights zeros(int inputs, int code, boolean tied) {
        return new Weights(new float[code * inputs], new float[code], tied ? null : new float[inputs * code],
                new float[inputs]);
    }

    boolean tied() {
        return w2 == null;
    }

    /** The tensors in a fixed order (W₁, b₁, [W₂,] b₂), for loops over all parameters. */
    float[][] tensors() {
        return tied() ? new float[][] {w1, b1, b2} : new float[][] {w1, b1, w2, b2};
    }

    Weights copy() {
        return new Weights(w1.clone(), b1.clone(), w2 == null ? null : w2.clone(), b2.clone());
    }
}
