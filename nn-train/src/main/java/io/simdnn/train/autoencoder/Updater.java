package io.simdnn.train.autoencoder;

import io.simdnn.spi.Backend;
import io.simdnn.train.Optimizer;

/**
 * Applies an {@link Optimizer}'s update rule to the auto-encoder's tensors with the SPI's fused kernels, keeping
 * the per-tensor state (velocity, accumulators, moments). The hyper-parameters that {@link Optimizer} does not
 * expose are those every {@code Optimizers} factory uses (PyTorch's defaults): RMSprop ρ = 0.99, ε = 1e-8;
 * AdaGrad ε = 1e-10; Adam β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
 */
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
        for (int i = 0; i < tensors.length; i++) {
            switch (optimizer.kind()) {
                case SGD -> { }
                case MOMENTUM, NESTEROV, ADAGRAD, RMSPROP -> state1[i] = new float[tensors[i].length];
                case ADAM, ADAMW -> {
                    state1[i] = new float[tensors[i].length];
                    state2[i] = new float[tensors[i].length];
                }
            }
        }
    }

    /** One step on every tensor: w[i] from gradient g[i]. */
    void step(Backend b, float[][] w, float[][] g) {
        step++;
        float lr = (float) optimizer.learningRate();
        for (int i = 0; i < w.length; i++) {
            int n = w[i].length;
            switch (optimizer.kind()) {
                case SGD -> b.axpy(n, -lr, g[i], 0, w[i], 0);
                case MOMENTUM, NESTEROV -> b.momentumStep(n, lr, (float) optimizer.momentum(),
                        optimizer.kind() == Optimizer.Kind.NESTEROV, w[i], 0, g[i], 0, state1[i], 0);
                case ADAGRAD -> b.adagradStep(n, lr, 1e-10f, w[i], 0, g[i], 0, state1[i], 0);
                case RMSPROP -> b.rmspropStep(n, lr, 0.99f, 1e-8f, w[i], 0, g[i], 0, state1[i], 0);
                case ADAM, ADAMW -> b.adamStep(n, lr, 0.9f, 0.999f, 1e-8f,
                        decays[i] ? (float) optimizer.weightDecay() : 0f, step, w[i], 0, g[i], 0, state1[i], 0,
                        state2[i], 0);
            }
        }
    }
}
