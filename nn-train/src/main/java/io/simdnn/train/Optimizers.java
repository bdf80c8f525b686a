package io.simdnn.train;

import java.util.List;
import java.util.Locale;

/** Factories for the optimisers, with the usual defaults (those of PyTorch). */
public final class Optimizers {
    private Optimizers() {}

    /** Plain gradient descent: w −= lr·g. */
    public static Optimizer sgd(double lr) {
        return new Optimizer(Optimizer.Kind.SGD, lr, 0, 0, 0, 0, 0, 0);
    }

    /** SGD with momentum μ: v = μv + g; w −= lr·v. */
    public static Optimizer momentum(double lr, double mu) {
        return new Optimizer(Optimizer.Kind.MOMENTUM, lr, mu, 0, 0, 0, 0, 0);
    }

    /** Nesterov momentum: v = μv + g; w −= lr·(g + μv). */
    public static Optimizer nesterov(double lr, double mu) {
        return new Optimizer(Optimizer.Kind.NESTEROV, lr, mu, 0, 0, 0, 0, 0);
    }

    /** AdaGrad with ε = 1e-10. */
    public static Optimizer adagrad(double lr) {
        return new Optimizer(Optimizer.Kind.ADAGRAD, lr, 0, 0, 0, 0, 1e-10, 0);
    }

    /** RMSprop with ρ = 0.99, ε = 1e-8. */
    public static Optimizer rmsprop(double lr) {
        return new Optimizer(Optimizer.Kind.RMSPROP, lr, 0, 0.99, 0, 0, 1e-8, 0);
    }

    /** Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
    public static Optimizer adam(double lr) {
        return new Optimizer(Optimizer.Kind.ADAM, lr, 0, 0, 0.9, 0.999, 1e-8, 0);
    }

    /** AdamW: Adam with decoupled weight decay {@code wd} on weights (not biases). */
    public static Optimizer adamw(double lr, double wd) {
        return new Optimizer(Optimizer.Kind.ADAMW, lr, 0, 0, 0.9, 0.999, 1e-8, wd);
    }

    /** The names {@link #parse} accepts. */
    public static List<String> names() {
        return List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw");
    }

    /**
     * An optimiser by name with learning rate {@code lr} and default hyper-parameters (momentum 0.9, AdamW decay
     * 0.01); the error lists the valid names.
     */
    public static Optimizer parse(String name, double lr) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "sgd" -> sgd(lr);
            case "momentum" -> momentum(lr, 0.9);
            case "nesterov" -> nesterov(lr, 0.9);
            case "adagrad" -> adagrad(lr);
            case "rmsprop" -> rmsprop(lr);
            case "adam" -> adam(lr);
            case "adamw" -> adamw(lr, 0.01);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; valid: "
                    + String.join(", ", names()));
        };
    }
}
