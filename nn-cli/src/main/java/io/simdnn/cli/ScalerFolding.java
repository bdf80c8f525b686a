package io.simdnn.cli;

import io.simdnn.model.Architecture;
import io.simdnn.model.Network;
import io.simdnn.model.Parameters;
import io.simdnn.train.data.Scaler;

/**
 * Folds a feature scaling into a network's first dense layer, so that the network takes raw features. With
 * x' = (x − a) / b per feature, the first layer computes W·x' + c = (W / b)·x + (c − Σⱼ Wⱼ·aⱼ / bⱼ):
 * divide each weight column j by bⱼ and move the offsets into the bias. A saved model then needs no scaler beside
 * it, and eval, predict and PyTorch all feed it the raw numbers.
 */
final class ScalerFolding {
    private ScalerFolding() {}

    static Network fold(Network network, Scaler scaler) {
        Parameters p = network.parameters();
        Architecture.Tensor weight = p.tensor(0);
        if (weight.kind() != Architecture.Kind.WEIGHT || weight.layer() != 0 || p.count() < 2
                || p.tensor(1).kind() != Architecture.Kind.BIAS || p.tensor(1).layer() != 0) {
            throw new IllegalStateException("cannot fold the scaler: the first layer of " + network.architecture()
                    + " is not a dense layer with a bias");
        }
        int units = weight.shape()[0], inputs = weight.shape()[1];
        float[] a = scaler.parameterA(), b = scaler.parameterB();
        if (a.length != inputs) {
            throw new IllegalStateException("scaler for " + a.length + " features, network takes " + inputs);
        }
        float[] w = p.values(0), bias = p.values(1);
        for (int u = 0; u < units; u++) {
            double shift = 0;
            for (int j = 0; j < inputs; j++) {
                double scaled = w[u * inputs + j] / (double) b[j];
                shift += scaled * a[j];
                w[u * inputs + j] = (float) scaled;
            }
            bias[u] = (float) (bias[u] - shift);
        }
        return network.withParameters(p);
    }
}
