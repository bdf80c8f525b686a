package io.simdnn.spark;

import io.simdnn.model.io.ArchitectureJson;
import io.simdnn.model.Architecture;
import io.simdnn.model.Loss;
import java.io.Serializable;

/**
 * What every partition of one training run needs to know, shipped with each step: the architecture (as its JSON),
 * the loss, the global batch size, the seed and, for local steps, the regularisation each partition applies itself.
 * {@code run} tells a partition's cached worker from one of an earlier run on the same cached data.
 */
record Job(long run, String architectureJson, Loss loss, int batch, int totalRows, int[] starts, long seed,
        float weightDecay, double clipNorm, boolean freezeBiases) implements Serializable {

    Architecture architecture() {
        return ArchitectureJson.read(architectureJson);
    }
}
