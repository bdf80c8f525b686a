package io.simdnn.model;

/**
 * Folds a per-feature scaling into a network's first dense layer, so that the network takes raw features. With
 * x' = (x − a) / b per feature, the first layer computes W·x' + c = (W / b)·x + (c − Σⱼ Wⱼ·aⱼ / bⱼ): divide each
 * weight column j by bⱼ and move the offsets into the bias. A saved model then needs no scaler beside it, and
 * simdnn, ONNX Runtime and PyTorch all feed it the raw numbers.
 */
public final class InputScaling {
    private InputScaling() {}

    /**
     * The network with {@code x' = (x − offset) / scale} folded into its first layer (computed in double, rounded
     * once per weight).
     *
     * @throws IllegalArgumentException when the first layer is not a dense layer with a bias, or the lengths differ
     */
    public static Network fold(Network network, float[] offset, float[] scale) {
        Parameters p = network.parameters();
        Architecture.Tensor weight = p.tensor(0);
        if (weight.kind() != Architecture.Kind.WEIGHT || weight.layer() != 0 || p.count() < 2
                || p.tensor(1).kind() != Architecture.Kind.BIAS || p.tensor(1).layer() != 0) {
            throw new IllegalArgumentException("cannot fold the scaling: the first layer of " + network.architecture()
                    + " is not a dense layer with a bias");
        }
        int units = weight.shape()[0], inputs = weight.shape()[1];
        if (offset.length != inputs || scale.length != inputs) {
            throw new IllegalArgumentException("scaling of " + offset.length + " offsets and " + scale.length
                    + " scales for a network of " + inputs + " inputs");
        }
        float[] w = p.values(0), bias = p.values(1);
        for (int u = 0; u < units; u++) {
            double shift = 0;
            for (int j = 0; j < inputs; j++) {
                double scaled = w[u * inputs + j] / (double) scale[j];
                shift += scaled * offset[j];
                w[u * inputs + j] = (float) scaled;
            }
            bias[u] = (float) (bias[u] - shift);
        }
        return network.withParameters(p);
    }
}
