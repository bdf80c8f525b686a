package io.simdnn.train;

import io.simdnn.spi.Backend;

/**
 * An optimiser and its hyper-parameters; each step is one fused SPI kernel per parameter tensor. Build one with
 * {@link Optimizers}. Immutable.
 */
public final class Optimizer {
    /** The update rules. */
    public enum Kind { SGD, MOMENTUM, NESTEROV, ADAGRAD, RMSPROP, ADAM, ADAMW }

    private final Kind kind;
    private final double learningRate, momentum, rho, beta1, beta2, epsilon, weightDecay;

    Optimizer(Kind kind, double learningRate, double momentum, double rho, double beta1, double beta2, double epsilon,
            double weightDecay) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate = " + learningRate + " must be positive and finite");
        }
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum = " + momentum + " must be in [0, 1)");
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay = " + weightDecay + " must be finite and not negative");
        }
        this.kind = kind;
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.rho = rho;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    public Kind kind() {
        return kind;
    }

    public double learningRate() {
        return learningRate;
    }

    public double momentum() {
        return momentum;
    }

    /** AdamW's decoupled weight decay (0 for the others). */
    public double weightDecay() {
        return weightDecay;
    }

    /** The same optimiser with another learning rate. */
    public Optimizer withLearningRate(double lr) {
        return new Optimizer(kind, lr, momentum, rho, beta1, beta2, epsilon, weightDecay);
    }

    /** State arrays per parameter tensor: velocity, accumulators or moments. */
    int stateCount() {
        return switch (kind) {
            case SGD -> 0;
            case MOMENTUM, NESTEROV, ADAGRAD, RMSPROP -> 1;
            case ADAM, ADAMW -> 2;
        };
    }

    /**
     * Updates w (n values) from gradient g at learning rate lr; {@code step} counts from 1; {@code decay} says
     * whether AdamW's decoupled decay applies to this tensor (weights, not biases).
     */
    void step(Backend b, int n, float lr, float[] w, float[] g, float[] s1, float[] s2, int step, boolean decay) {
        switch (kind) {
            case SGD -> b.axpy(n, -lr, g, 0, w, 0);
            case MOMENTUM -> b.momentumStep(n, lr, (float) momentum, false, w, 0, g, 0, s1, 0);
            case NESTEROV -> b.momentumStep(n, lr, (float) momentum, true, w, 0, g, 0, s1, 0);
            case ADAGRAD -> b.adagradStep(n, lr, (float) epsilon, w, 0, g, 0, s1, 0);
            case RMSPROP -> b.rmspropStep(n, lr, (float) rho, (float) epsilon, w, 0, g, 0, s1, 0);
            case ADAM, ADAMW -> b.adamStep(n, lr, (float) beta1, (float) beta2, (float) epsilon,
                    decay ? (float) weightDecay : 0f, step, w, 0, g, 0, s1, 0, s2, 0);
        }
    }

    @Override
    public String toString() {
        String name = kind.name().toLowerCase(java.util.Locale.ROOT);
        return switch (kind) {
            case MOMENTUM, NESTEROV -> name + "(lr=" + learningRate + ", momentum=" + momentum + ")";
            case ADAMW -> name + "(lr=" + learningRate + ", weightDecay=" + weightDecay + ")";
            default -> name + "(lr=" + learningRate + ")";
        };
    }
}
