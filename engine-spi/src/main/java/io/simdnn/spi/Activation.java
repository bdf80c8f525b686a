package io.simdnn.spi;

/**
 * Element-wise activation functions f(z), with the derivative each backward kernel uses.
 *
 * <p>Some take one scalar parameter {@code p}; the others ignore it. Derivatives at kinks are fixed here so that all
 * backends agree: the derivative is taken from the right side only where stated.
 */
public enum Activation {
    /** f(z) = z. */
    IDENTITY(Float.NaN),
    /**
     * Logistic sigmoid 1/(1+e^−z). f' = σ(z)·σ(−z), computed from z with relative accuracy (a(1 − a) from the
     * rounded output would be 0 from z ≈ 17 on).
     */
    SIGMOID(Float.NaN),
    /** tanh z. f' = sech² z, computed from z with relative accuracy (1 − a² cancels for |z| beyond about 4). */
    TANH(Float.NaN),
    /** Hard logistic max(min(0.25z + 0.5, 1), 0). f' = 0.25 for −2 &lt; z &lt; 2, else 0 (0 at z = ±2). */
    HARD_SIGMOID(Float.NaN),
    /**
     * Hard tanh max(min(z, 1), −1). f' = 1 for −1 &lt; z &lt; 1, else 0: 0 at the bounds z = ±1 themselves, as
     * PyTorch's {@code hardtanh} (its {@code clamp} would give 1 there).
     */
    HARD_TANH(Float.NaN),
    /** max(z, 0). f' = 1 for z &gt; 0, else 0 (so f'(0) = 0). */
    RELU(Float.NaN),
    /** z for z &gt; 0, p·z otherwise (p = γ, default 0.01). f' = 1 for z &gt; 0, else p. */
    LEAKY_RELU(0.01f),
    /** z for z &gt; 0, p·(e^z − 1) otherwise (p = γ, default 1). f' = 1 for z &gt; 0, else p·e^z. */
    ELU(1f),
    /** log(1 + e^z), computed as max(z, 0) + log1p(e^−|z|). f' = σ(z). */
    SOFTPLUS(Float.NaN),
    /** Swish z·σ(p·z) with a fixed p = β (default 1). f' = σ(βz) + βz·σ(βz)(1 − σ(βz)). */
    SWISH(1f),
    /** Exact GELU z·Φ(z), Φ the standard normal CDF. f' = Φ(z) + z·φ(z). */
    GELU(Float.NaN),
    /** GELU's tanh approximation 0.5z(1 + tanh(√(2/π)(z + 0.044715z³))), and its exact derivative. */
    GELU_TANH(Float.NaN),
    /** GELU's sigmoid approximation z·σ(1.702z), and its exact derivative. */
    GELU_SIGMOID(Float.NaN);

    private final float defaultParameter;

    Activation(float defaultParameter) {
        this.defaultParameter = defaultParameter;
    }

    /** Whether this activation reads the parameter {@code p}. */
    public boolean hasParameter() {
        return !Float.isNaN(defaultParameter);
    }

    /** The usual value of {@code p}, or NaN for activations without a parameter. */
    public float defaultParameter() {
        return defaultParameter;
    }

    /** Looks an activation up by name, ignoring case and treating '-' as '_'; the error lists the valid names. */
    public static Activation parse(String name) {
        String key = name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (Activation a : values()) {
            if (a.name().equals(key)) return a;
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; valid: "
                + java.util.Arrays.stream(values()).map(a -> a.name().toLowerCase(java.util.Locale.ROOT))
                        .collect(java.util.stream.Collectors.joining(", ")));
    }
}
