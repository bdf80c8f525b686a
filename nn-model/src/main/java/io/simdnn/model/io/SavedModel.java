package io.simdnn.model.io;

import io.simdnn.model.Network;
import io.simdnn.model.QuantizedNetwork;
import java.util.Objects;

/**
 * A network and the schema of the data it takes, as {@link ModelFile#loadWithSchema} reads them.
 *
 * @param schema    null for files saved without one (older files, bare state dicts)
 * @param quantized for a file of quantised weights, the network on them (then {@code network} is its float32
 *                  network over the dequantised weights, {@link QuantizedNetwork#network()}); null otherwise
 */
public record SavedModel(Network network, ModelSchema schema, QuantizedNetwork quantized) {
    public SavedModel {
        Objects.requireNonNull(network, "network");
        if (schema != null) schema.requireFits(network);
        if (quantized != null && quantized.network() != network) {
            throw new IllegalArgumentException("network must be the quantised network's own network()");
        }
    }

    /** A float32 model. */
    public SavedModel(Network network, ModelSchema schema) {
        this(network, schema, null);
    }
}
