package io.simdnn.train.autoencoder;

import io.simdnn.model.Loss;
import io.simdnn.model.Output;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;

/**
 * The training objective of one auto-encoder layer and its gradient, on the SPI: buffers for up to
 * {@code maxRows} rows, allocated once, so a pass allocates nothing.
 *
 * <p>Forward: Z₁ = X̃·W₁ᵀ + b₁, H = f(Z₁), Z₂ = H·W₂ᵀ + b₂ (tied: Z₂ = H·W₁ + b₂, the transpose of the encoder's
 * own weights, read in place), R = link(Z₂). Loss: the mean over rows of ½‖R − X‖² (or the sigmoid
 * cross-entropy of Z₂ against X), plus the sparsity penalty on H. Backward, with δ₂ = ∂L/∂Z₂:
 * ∂b₂ = Σᵢδ₂, ∂W₂ = δ₂ᵀH (untied) and ∂H = δ₂W₂ (tied: ∂H = δ₂W₁ᵀ), plus the penalty's ∂H; δ₁ = ∂H ⊙ f′(Z₁);
 * ∂b₁ = Σᵢδ₁, ∂W₁ = δ₁ᵀX̃, and for tied weights also + Hᵀδ₂, the decoder's use of W₁: gradients of both uses add.
 */
final class Objective {
    private final Backend backend;
    private final int inputs, code, maxRows;
    private final boolean tied;
    private final Activation activation;
    private final float parameter;
    private final Output link;
    private final Loss loss;
    private final Sparsity sparsity;
    private final float[] z1, h, z2, r, d2, dh, d1;
    private final double[] scratch;
    /** The gradient of the last {@link #lossAndGradient} call, same shapes as the weights. */
    final Weights gradient;
    private double lastPenalty;

    Objective(Backend backend, int inputs, int code, boolean tied, Activation activation, float parameter, Output link,
            Loss loss, Sparsity sparsity, int maxRows) {
        this.backend = backend;
        this.inputs = inputs;
        this.code = code;
        this.tied = tied;
        this.activation = activation;
        this.parameter = parameter;
        this.link = link;
        this.loss = loss;
        this.sparsity = sparsity;
        this.maxRows = maxRows;
        this.z1 = new float[maxRows * code];
        this.h = new float[maxRows * code];
        this.z2 = new float[maxRows * inputs];
        this.r = link == Output.LINEAR ? z2 : new float[maxRows * inputs];
        this.d2 = new float[maxRows * inputs];
        this.dh = new float[maxRows * code];
        this.d1 = new float[maxRows * code];
        this.scratch = new double[code];
        this.gradient = Weights.zeros(inputs, code, tied);
    }

    /** H and R for m rows of (possibly corrupted) input at x[xOff]. */
    void forward(Weights w, float[] x, int xOff, int m) {
        if (m < 1 || m > maxRows) throw new IllegalArgumentException("rows = " + m + " must be in [1, " + maxRows + "]");
        backend.gemm(false, true, m, code, inputs, 1f, x, xOff, inputs, w.w1, 0, inputs, 0f, z1, 0, code);
        backend.addBias(m, code, w.b1, 0, z1, 0, code);
        backend.activate(activation, parameter, m * code, z1, 0, h, 0);
        if (tied) backend.gemm(false, false, m, inputs, code, 1f, h, 0, code, w.w1, 0, inputs, 0f, z2, 0, inputs);
        else backend.gemm(false, true, m, inputs, code, 1f, h, 0, code, w.w2, 0, code, 0f, z2, 0, inputs);
        backend.addBias(m, inputs, w.b2, 0, z2, 0, inputs);
        if (link == Output.SIGMOID) backend.activate(Activation.SIGMOID, Float.NaN, m * inputs, z2, 0, r, 0);
    }

    /**
     * The objective (mean reconstruction loss + sparsity penalty) for m rows: input x (corrupted or not) and
     * target t (the clean rows); with {@code withGradient}, also its gradient into {@link #gradient}.
     */
    double lossAndGradient(Weights w, float[] x, int xOff, float[] t, int tOff, int m, boolean withGradient) {
        forward(w, x, xOff, m);
        int n = m * inputs;
        float scale = 1f / m;
        double sum = switch (loss) {
            case SIGMOID_CROSS_ENTROPY -> backend.sigmoidCrossEntropy(n, z2, 0, t, tOff, scale, r, 0, d2, 0);
            case SQUARED_ERROR -> {
                double s = backend.squaredError(n, r, 0, t, tOff, scale, d2, 0);
                if (link == Output.SIGMOID) {
                    backend.activateBackward(Activation.SIGMOID, Float.NaN, n, z2, 0, r, 0, d2, 0, d2, 0);
                }
                yield s;
            }
            default -> throw new AssertionError(loss);
        };
        if (!withGradient) {
            java.util.Arrays.fill(dh, 0, m * code, 0f);
            lastPenalty = sparsity.addGradient(m, code, h, dh, scratch);
            return sum / m + lastPenalty;
        }
        backend.columnSums(m, inputs, d2, 0, inputs, 0f, gradient.b2, 0);
        if (tied) {
            backend.gemm(false, true, m, code, inputs, 1f, d2, 0, inputs, w.w1, 0, inputs, 0f, dh, 0, code);
        } else {
            backend.gemm(true, false, inputs, code, m, 1f, d2, 0, inputs, h, 0, code, 0f, gradient.w2, 0, code);
            backend.gemm(false, false, m, code, inputs, 1f, d2, 0, inputs, w.w2, 0, code, 0f, dh, 0, code);
        }
        lastPenalty = sparsity.addGradient(m, code, h, dh, scratch);
        backend.activateBackward(activation, parameter, m * code, z1, 0, h, 0, dh, 0, d1, 0);
        backend.columnSums(m, code, d1, 0, code, 0f, gradient.b1, 0);
        backend.gemm(true, false, code, inputs, m, 1f, d1, 0, code, x, xOff, inputs, 0f, gradient.w1, 0, inputs);
        if (tied) {
            // The decoder's use of W₁ (Z₂ = H·W₁): its gradient Hᵀδ₂ adds to the encoder's.
            backend.gemm(true, false, code, inputs, m, 1f, h, 0, code, d2, 0, inputs, 1f, gradient.w1, 0, inputs);
        }
        return sum / m + lastPenalty;
    }

    /** The sparsity penalty part of the last objective. */
    double lastPenalty() {
        return lastPenalty;
    }

    /** The codes H of the last forward pass (rows×code at offset 0). */
    float[] codes() {
        return h;
    }

    /** The reconstructions R of the last forward pass (rows×inputs at offset 0). */
    float[] reconstructions() {
        return r;
    }
}
