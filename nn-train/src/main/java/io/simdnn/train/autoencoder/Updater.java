package io.simdnn.train.autoencoder;

import io.simdnn.spi.Backend;
import io.simdnn.train.Optimizer;

/** Applies an {@link Optimizer} to the auto-encoder's tensors, keeping the per-tensor state and the step count. */
final class Updater {
    private final Optimizer optimizer;
    private final float[][] state1, state2;
    private final boolean[] decays;
    private int step;

    /** {@code decays[i]}: whether AdamW's decoupled decay applies to tensor i (weights, not biases). */
    Updater(Optimizer optimizer, float[][] tensors, boolean[] decays) {
        this.optimizer = optimizer;
        this.decays = decays.clone();
        this.state1 = new float[tensors.length][];
        this.state2 = new float[tensors.length][];
        int states = optimizer.stateCount();
        for (int i = 0; i < tensors.length; i++) {
            if (states >= 1) state1[i] = new float[tensors[i].length];
            if (states >= 2) state2[i] = new float[tensors[i].length];
        }
    }

    /** One step on every tensor: w[i] from gradient g[i]. */
    void step(Backend b, float[][] w, float[][] g) {
        step++;
        float lr = (float) optimizer.learningRate();
        for (int i = 0; i < w.length; i++) {
            optimizer.step(b, w[i].length, lr, w[i], g[i], state1[i], state2[i], step, decays[i]);
        }
    }
}
