package io.simdnn.train;

/** The learning rate of each epoch, from the optimiser's base rate. Epochs count from 1. */
@FunctionalInterface
public interface LearningRateSchedule {

    double rate(double baseRate, int epoch);

    /** The base rate throughout. */
    static LearningRateSchedule constant() {
        return (base, epoch) -> base;
    }

    /** Multiplies the rate by {@code factor} every {@code every} epochs. */
    static LearningRateSchedule step(int every, double factor) {
        if (every < 1) throw new IllegalArgumentException("step every = " + every + " must be at least 1");
        positive("factor", factor);
        return (base, epoch) -> base * Math.pow(factor, (epoch - 1) / every);
    }

    /** base·γ^(epoch − 1). */
    static LearningRateSchedule exponential(double gamma) {
        positive("gamma", gamma);
        return (base, epoch) -> base * Math.pow(gamma, epoch - 1);
    }

    /** Cosine annealing from the base rate at epoch 1 to {@code minRate} at epoch {@code epochs} (and after). */
    static LearningRateSchedule cosine(int epochs, double minRate) {
        if (epochs < 1) throw new IllegalArgumentException("cosine epochs = " + epochs + " must be at least 1");
        if (!(minRate >= 0)) throw new IllegalArgumentException("minRate = " + minRate + " must not be negative");
        return (base, epoch) -> {
            double progress = epochs == 1 ? 1 : Math.min(1.0, (epoch - 1) / (double) (epochs - 1));
            return minRate + (base - minRate) * 0.5 * (1 + Math.cos(Math.PI * progress));
        };
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException(name + " = " + v + " must be positive");
    }
}
