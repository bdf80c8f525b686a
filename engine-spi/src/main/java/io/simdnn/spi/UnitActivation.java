package io.simdnn.spi;

/** The activations with one learnable parameter per unit (column), served by one kernel pair. */
public enum UnitActivation {
    /** PReLU: z for z &gt; 0, else γ·z. ∂/∂z = 1 or γ (NaN for NaN z); ∂/∂γ = min(z, 0). */
    PRELU,
    /** Learnable Swish z·σ(β·z), s = σ(βz): ∂/∂z = s + βz·s(1 − s); ∂/∂β = z²·s(1 − s). */
    SWISH
}
