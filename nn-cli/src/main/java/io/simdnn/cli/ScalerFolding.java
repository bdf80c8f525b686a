package io.simdnn.cli;

import io.simdnn.model.InputScaling;
import io.simdnn.model.Network;
import io.simdnn.train.data.Scaler;

/** A fitted scaler folded into a network's first layer ({@link InputScaling#fold}), so the network takes raw features. */
final class ScalerFolding {
    private ScalerFolding() {}

    static Network fold(Network network, Scaler scaler) {
        return InputScaling.fold(network, scaler.parameterA(), scaler.parameterB());
    }
}
