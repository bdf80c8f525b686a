package io.simdnn.model.io;

import io.simdnn.model.Network;
import java.util.Objects;

/**
 * A network and the schema of the data it takes, as {@link ModelFile#loadWithSchema} reads them.
 *
 * @param schema null for files saved without one (older files, bare state dicts)
 */
public record SavedModel(Network network, ModelSchema schema) {
    public SavedModel {
        Objects.requireNonNull(network, "network");
        if (schema != null) schema.requireFits(network);
    }
}
